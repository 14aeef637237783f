import en from "./catalogs/en";
import zhHans from "./catalogs/zh-Hans";
import zhHant from "./catalogs/zh-Hant";
import type { Locale } from "./locales";
import { registerCatalog } from "./registry";
import { createTranslator, type Translator } from "./translator";

const catalogs = { "zh-Hans": zhHans, "zh-Hant": zhHant, en } as const;
for (const [locale, catalog] of Object.entries(catalogs))
  registerCatalog(locale as Locale, catalog);

const translators = new Map<Locale, Translator>();

/** A translator for loaders and actions (titles, toasts, error messages computed on the server). */
export function getTranslator(locale: Locale): Translator {
  let translator = translators.get(locale);
  if (!translator) {
    translator = createTranslator(locale, catalogs[locale]);
    translators.set(locale, translator);
  }
  return translator;
}
