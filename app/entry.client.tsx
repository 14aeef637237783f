import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { DEFAULT_LOCALE, isLocale } from "./i18n/locales";
import { ensureCatalog } from "./i18n/registry";

// Load only the page's own catalog (a cached chunk) before hydrating, so the first render matches.
const lang = document.documentElement.lang;
void ensureCatalog(isLocale(lang) ? lang : DEFAULT_LOCALE).then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
