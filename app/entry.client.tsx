import { RemixBrowser } from "@remix-run/react";
import { StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { DEFAULT_LOCALE, isLocale } from "./i18n/locales";
import { ensureCatalog } from "./i18n/registry";

// Load only the page's own catalog (a cached chunk) before hydrating, so the first render matches.
//
// Hydration is not wrapped in startTransition (Remix's default entry does that): a transition
// hydration yields to the browser part-way, and a tap that lands in such a gap makes React 18
// hydrate the root synchronously over the half-done work. In CI that raised "Root did not complete"
// (React #345) twice, on a dialog opener and on a keyboard walk, both pressed while the page was
// hydrating — what a resident on a slow phone does. A default-priority hydration finishes in one
// task, so an early tap is either handled natively before it (the pages work without JavaScript)
// or by React after it.
const lang = document.documentElement.lang;
void ensureCatalog(isLocale(lang) ? lang : DEFAULT_LOCALE).then(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
