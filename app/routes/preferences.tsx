import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getTranslator } from "~/i18n/i18n.server";
import { LOCALE_ENDONYMS, LOCALES } from "~/i18n/locales";
import { readPreferences, serializeCare, serializeLocale } from "~/lib/preferences.server";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { setToastCookie } from "~/lib/toast.server";
import { savePreference } from "~/services/users.server";

const PreferenceSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("language"), locale: z.enum(LOCALES) }),
  z.object({ intent: z.literal("care"), care: z.enum(["on", "off"]) }),
]);

/** Nothing to show here: a visit by address goes home. */
export function loader() {
  return redirect("/");
}

/**
 * Saves the interface language or care mode in a cookie and returns to the page the visitor was on,
 * with a toast saying what changed (in the new language).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const redirectTo = safeRedirectPath(form.get("redirectTo"));
  const parsed = PreferenceSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const { locale } = await readPreferences(request);
    throw new Response(getTranslator(locale).t("preferences.invalid"), { status: 400 });
  }
  const headers = new Headers();
  let message: string;
  if (parsed.data.intent === "language") {
    const { locale } = parsed.data;
    headers.append("Set-Cookie", await serializeLocale(locale, context.secure));
    // Signed in, the choice follows the person to their other devices.
    if (context.user) await savePreference(context.db, context.user.id, { locale });
    message = getTranslator(locale).t("preferences.languageChanged", {
      language: LOCALE_ENDONYMS[locale],
    });
  } else {
    const on = parsed.data.care === "on";
    const { locale } = await readPreferences(request);
    headers.append("Set-Cookie", await serializeCare(on, context.secure));
    if (context.user) await savePreference(context.db, context.user.id, { careMode: on });
    message = getTranslator(locale).t(on ? "preferences.careOn" : "preferences.careOff");
  }
  headers.append(
    "Set-Cookie",
    await setToastCookie(
      { kind: "success", message },
      context.config.sessionSecret,
      context.secure,
    ),
  );
  return redirect(redirectTo, { headers });
}
