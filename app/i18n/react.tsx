import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Catalog } from "./catalogs/zh-Hans";
import type { Locale } from "./locales";
import { ensureCatalog, loadedCatalog } from "./registry";
import { createTranslator, type Translator } from "./translator";

const I18nContext = createContext<Translator | null>(null);

/**
 * Provides the page's translator. The catalog for `locale` is normally loaded before rendering; if a
 * client-side navigation ever changes the language, the previous catalog stays until the new one has
 * arrived, and then the tree re-renders.
 */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const [catalog, setCatalog] = useState<{ locale: Locale; messages: Catalog } | undefined>(() => {
    const messages = loadedCatalog(locale);
    return messages ? { locale, messages } : undefined;
  });
  useEffect(() => {
    if (catalog?.locale === locale) return;
    let cancelled = false;
    void ensureCatalog(locale).then((messages) => {
      if (!cancelled) setCatalog({ locale, messages });
    });
    return () => {
      cancelled = true;
    };
  }, [locale, catalog?.locale]);
  const translator = useMemo(
    () => (catalog ? createTranslator(catalog.locale, catalog.messages) : null),
    [catalog],
  );
  if (!translator) throw new Error(`The ${locale} catalog was not loaded before rendering.`);
  return <I18nContext.Provider value={translator}>{children}</I18nContext.Provider>;
}

/** The current translator: `const { t, number, date } = useI18n();` */
export function useI18n(): Translator {
  const translator = useContext(I18nContext);
  if (!translator) throw new Error("useI18n() must be used inside <I18nProvider>.");
  return translator;
}
