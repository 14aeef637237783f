import Negotiator from "negotiator";

/** The interface languages, as BCP 47 tags with script subtags: `<html lang>` uses them as they are. */
export const LOCALES = ["zh-Hans", "zh-Hant", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-Hans";

/**
 * Each language's name in itself (an endonym). These are data, not translations: the switcher shows
 * every language in its own script whatever the current one is.
 */
export const LOCALE_ENDONYMS: Record<Locale, string> = {
  "zh-Hans": "简体中文",
  "zh-Hant": "繁體中文",
  en: "English",
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

const TRADITIONAL_REGIONS = new Set(["tw", "hk", "mo"]);

/**
 * Maps one language tag to an interface language: zh-CN, zh-SG and zh-Hans* → zh-Hans; zh-TW, zh-HK,
 * zh-MO and zh-Hant* → zh-Hant; en-* → en; a bare `zh` → zh-Hans. Anything else → null.
 */
export function localeForTag(tag: string): Locale | null {
  const parts = tag.trim().toLowerCase().split(/[-_]/);
  const [language, ...rest] = parts;
  if (language === "en") return "en";
  if (language !== "zh") return null;
  if (rest.includes("hant")) return "zh-Hant";
  if (rest.includes("hans")) return "zh-Hans";
  if (rest.some((part) => TRADITIONAL_REGIONS.has(part))) return "zh-Hant";
  return "zh-Hans";
}

/** The best interface language for an `Accept-Language` header, by the client's own preference order. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const preferred = new Negotiator({ headers: { "accept-language": acceptLanguage } }).languages();
  for (const tag of preferred) {
    if (tag === "*") break;
    const locale = localeForTag(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}
