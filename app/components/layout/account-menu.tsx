import { Form, Link, NavLink } from "@remix-run/react";
import { useI18n } from "~/i18n/react";

/** Signed in: notifications (with the unread count), settings and sign out. Signed out: the doors in. */
export function AccountMenu({ user }: { user: { displayName: string; unread: number } | null }) {
  const { t, number } = useI18n();
  if (!user) {
    return (
      <nav className="account-menu" aria-label={t("account.menu")}>
        <Link to="/sign-in">{t("account.signIn")}</Link>
        <Link to="/sign-up" className="button button--small">
          {t("account.signUp")}
        </Link>
      </nav>
    );
  }
  return (
    <nav className="account-menu" aria-label={t("account.menu")}>
      <NavLink to="/notifications">
        {t("notifications.title")}
        {user.unread > 0 ? (
          <span className="count-badge">
            <span aria-hidden="true">{number(user.unread)}</span>
            <span className="visually-hidden">
              {t("notifications.unread", { count: user.unread })}
            </span>
          </span>
        ) : null}
      </NavLink>
      <NavLink to="/settings">{user.displayName}</NavLink>
      <Form method="post" action="/sign-out">
        <button type="submit" className="button button--ghost button--small">
          {t("account.signOut")}
        </button>
      </Form>
    </nav>
  );
}
