import { createCookie } from "@remix-run/node";
import { isLocale, negotiateLocale, type Locale } from "~/i18n/locales";

const ONE_YEAR = 60 * 60 * 24 * 365;

/** Preference cookies hold no secret: they are not signed, and an unknown value is ignored. */
function preferenceCookie(name: string) {
  return createCookie(name, { path: "/", sameSite: "lax", httpOnly: true, maxAge: ONE_YEAR });
}

const localeCookie = preferenceCookie("yishi_lang");
const careCookie = preferenceCookie("yishi_care");

export interface Preferences {
  locale: Locale;
  /** Care mode (关怀模式): large type, high contrast, large targets, simpler layout. */
  care: boolean;
}

/** The visitor's preferences: the language cookie, else `Accept-Language`, else zh-Hans. */
export async function readPreferences(request: Request): Promise<Preferences> {
  const header = request.headers.get("Cookie");
  const [lang, care] = (await Promise.all([
    localeCookie.parse(header),
    careCookie.parse(header),
  ])) as unknown[];
  return {
    locale: isLocale(lang) ? lang : negotiateLocale(request.headers.get("Accept-Language")),
    care: care === "on",
  };
}

export function serializeLocale(locale: Locale, secure: boolean): Promise<string> {
  return localeCookie.serialize(locale, { secure });
}

export function serializeCare(care: boolean, secure: boolean): Promise<string> {
  return careCookie.serialize(care ? "on" : "off", { secure });
}
