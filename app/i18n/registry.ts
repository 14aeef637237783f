import type { Catalog } from "./catalogs/zh-Hans";
import type { Locale } from "./locales";

/**
 * The catalogs this JavaScript context has loaded. The server registers all three at start
 * (entry.server); the browser loads only the page's language before hydrating (entry.client), so a
 * page ships one catalog, cached as a fingerprinted chunk.
 */
const loaded = new Map<Locale, Catalog>();

export const catalogImports: Record<Locale, () => Promise<Catalog>> = {
  "zh-Hans": () => import("./catalogs/zh-Hans").then((m) => m.default),
  "zh-Hant": () => import("./catalogs/zh-Hant").then((m) => m.default),
  en: () => import("./catalogs/en").then((m) => m.default),
};

export function registerCatalog(locale: Locale, catalog: Catalog): void {
  loaded.set(locale, catalog);
}

export function loadedCatalog(locale: Locale): Catalog | undefined {
  return loaded.get(locale);
}

export async function ensureCatalog(locale: Locale): Promise<Catalog> {
  const existing = loaded.get(locale);
  if (existing) return existing;
  const catalog = await catalogImports[locale]();
  loaded.set(locale, catalog);
  return catalog;
}
