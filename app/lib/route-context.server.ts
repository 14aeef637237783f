import { getTranslator } from "~/i18n/i18n.server";
import { readPreferences } from "./preferences.server";

/** The reader's language and a translator for it: what most loaders need first. */
export async function requestI18n(request: Request) {
  const preferences = await readPreferences(request);
  return { ...preferences, ...getTranslator(preferences.locale) };
}
