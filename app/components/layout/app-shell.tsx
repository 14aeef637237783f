import { NavLink, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { AccountMenu } from "./account-menu";
import { CareModeToggle } from "./care-mode-toggle";
import { LanguageSwitcher } from "./language-switcher";
import { ToastRegion, type ToastMessage } from "~/components/ui/toast";
import { useI18n } from "~/i18n/react";

/** The frame of every page: skip link, header with switches, main landmark, footer, toasts. */
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
