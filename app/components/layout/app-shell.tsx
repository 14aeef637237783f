import { NavLink, Link, useLocation } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { AccountMenu } from "./account-menu";
import { CareModeToggle } from "./care-mode-toggle";
import { LanguageSwitcher } from "./language-switcher";
import { ToastRegion, type ToastMessage } from "~/components/ui/toast";
import { useI18n } from "~/i18n/react";

const MENU_ID = "site-menu";

/**
 * The frame of every page: skip link, header with switches, main landmark, footer, toasts.
 *
 * On a phone the header is one row: the name and a menu button. The links, the switches and the
 * account sit in a popover the button opens (the browser does it, no JavaScript needed); on wider
 * screens, and in browsers without popovers, the same elements sit in the header's row.
 */
export function AppShell({
  care,
  toast,
  user,
  children,
}: {
  care: boolean;
  toast: ToastMessage | null;
  user: { displayName: string; unread: number } | null;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const location = useLocation();
  // A link followed in the menu leaves it open on the next page (no document load): close it.
  useEffect(() => {
    const menu = document.getElementById(MENU_ID);
    if (menu?.matches(":popover-open")) menu.hidePopover();
  }, [location]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              {t("app.name").charAt(0)}
            </span>
            <span>{t("app.name")}</span>
            <span className="brand__tagline">{t("app.tagline")}</span>
          </Link>
          <button
            type="button"
            className="button button--secondary site-menu-button"
            popovertarget={MENU_ID}
          >
            <span aria-hidden="true" className="decorative">
              ☰{" "}
            </span>
            {t("header.menu")}
          </button>
          <div id={MENU_ID} className="site-menu" popover="auto">
            <button
              type="button"
              className="button button--secondary site-menu__close"
              popovertarget={MENU_ID}
              popovertargetaction="hide"
            >
              {t("header.closeMenu")}
            </button>
            <nav className="site-nav" aria-label={t("nav.label")}>
              <ul>
                <li>
                  <NavLink to="/" end>
                    {t("nav.home")}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/c">{t("nav.communities")}</NavLink>
                </li>
                <li>
                  <NavLink to="/proposals">{t("nav.proposals")}</NavLink>
                </li>
                <li>
                  <NavLink to="/votes">{t("nav.votes")}</NavLink>
                </li>
              </ul>
            </nav>
            <div className="site-header__tools">
              <LanguageSwitcher />
              <CareModeToggle care={care} />
            </div>
            <AccountMenu user={user} />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <div className="page">{children}</div>
      </main>
      <footer className="site-footer">
        <div className="site-footer__inner">
          <p>{t("footer.about")}</p>
          <p>{t("footer.rights")}</p>
          <p>
            <Link to="/design">{t("footer.designSystem")}</Link>
          </p>
        </div>
      </footer>
      <ToastRegion toast={toast} />
    </>
  );
}
