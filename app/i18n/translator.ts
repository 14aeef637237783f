import { IntlMessageFormat } from "intl-messageformat";
import type { Catalog, MessageKey } from "./catalogs/zh-Hans.ts";
import type { Locale } from "./locales.ts";
import { DEFAULT_TIME_ZONE } from "~/domain/community-tree.ts";

export type MessageValues = Record<string, string | number | Date>;

/** What every component and loader uses to speak: messages plus locale-aware formatting. */
export interface Translator {
  locale: Locale;
  t: (key: MessageKey, values?: MessageValues) => string;
  number: (value: number, options?: Intl.NumberFormatOptions) => string;
  /** A calendar date in the given time zone (default Asia/Shanghai). */
  date: (value: Date | string | number, timeZone?: string) => string;
  /** A date and time of day in the given time zone (default Asia/Shanghai). */
  dateTime: (value: Date | string | number, timeZone?: string) => string;
  /** Names in a row, as the language writes them: "甲、乙", "A, B". */
  enumerate: (items: readonly string[]) => string;
  /** Clauses in a row: "甲 2 票；乙 1 票", "A 2 votes; B 1 vote". */
  clauses: (items: readonly string[]) => string;
  /** A label and what follows it: "反对：理由", "Object: reason". */
  labelled: (label: string, text: string) => string;
}

const SEPARATORS: Record<
  Locale,
  {
    readonly item: string;
    readonly clause: string;
    readonly colon: string;
  }
> = {
  "zh-Hans": { item: "、", clause: "；", colon: "：" },
  "zh-Hant": { item: "、", clause: "；", colon: "：" },
  en: { item: ", ", clause: "; ", colon: ": " },
};

/** `Intl` locale for formatting: the script subtags alone give the conventions we want. */
function intlLocale(locale: Locale): string {
  return locale === "en" ? "en-GB" : locale === "zh-Hant" ? "zh-Hant-TW" : "zh-Hans-CN";
}

export function createTranslator(locale: Locale, catalog: Catalog): Translator {
  const formatters = new Map<MessageKey, IntlMessageFormat>();
  const tag = intlLocale(locale);
  const separators = SEPARATORS[locale];
  return {
    locale,
    t: (key, values) => {
      let formatter = formatters.get(key);
      if (!formatter) {
        formatter = new IntlMessageFormat(catalog[key], tag);
        formatters.set(key, formatter);
      }
      return String(formatter.format(values));
    },
    number: (value, options) => new Intl.NumberFormat(tag, options).format(value),
    date: (value, timeZone = DEFAULT_TIME_ZONE) =>
      new Intl.DateTimeFormat(tag, { dateStyle: "long", timeZone }).format(new Date(value)),
    dateTime: (value, timeZone = DEFAULT_TIME_ZONE) =>
      new Intl.DateTimeFormat(tag, { dateStyle: "long", timeStyle: "short", timeZone }).format(
        new Date(value),
      ),
    enumerate: (items) => items.join(separators.item),
    clauses: (items) => items.join(separators.clause),
    labelled: (label, text) => `${label}${separators.colon}${text}`,
  };
}
