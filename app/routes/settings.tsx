import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useI18n } from "~/i18n/react";
import { requireUser } from "~/lib/guards.server";

export function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  return null;
}

/** Account settings: one page per concern, reachable from each other. */
export default function SettingsLayout() {
  const { t } = useI18n();
  return (
    <div className="stack">
      <nav className="settings-nav" aria-label={t("settings.nav")}>
        <ul>
          <li>
            <NavLink to="/settings" end>
              {t("settings.profile")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/settings/notifications">{t("settings.notifications")}</NavLink>
          </li>
          <li>
            <NavLink to="/settings/password">{t("settings.password")}</NavLink>
          </li>
          <li>
            <NavLink to="/settings/sessions">{t("settings.sessions")}</NavLink>
          </li>
          <li>
            <NavLink to="/settings/data">{t("settings.data")}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
