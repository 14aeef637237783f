import { useLocation } from "@remix-run/react";
import { LOCALE_ENDONYMS, LOCALES } from "~/i18n/locales";
import { useI18n } from "~/i18n/react";

/**
 * One button per language, each named in its own language. A plain form post (works without
 * JavaScript) that comes back to the same page; the whole document reloads so that the page, its
 * title and its catalog all change together.
 */
export function LanguageSwitcher() {
  const { t, locale } = useI18n();
  const location = useLocation();
  return (
    <form method="post" action="/preferences" className="language-switcher">
      <input type="hidden" name="intent" value="language" />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <fieldset className="switcher">
        <legend className="visually-hidden">{t("header.language")}</legend>
        {LOCALES.map((option) => (
          <button
            key={option}
            type="submit"
            name="locale"
            value={option}
            lang={option}
            className="switcher__option"
            aria-current={option === locale ? "true" : undefined}
          >
            {LOCALE_ENDONYMS[option]}
          </button>
        ))}
      </fieldset>
    </form>
  );
}
