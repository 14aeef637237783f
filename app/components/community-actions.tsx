import { Link } from "@remix-run/react";
import { ButtonLink } from "~/components/ui/button";
import type { CommunityLevel } from "~/domain/community-tree";
import { useI18n } from "~/i18n/react";

/** What the current person can do here, as the policy decided on the server: only doors they may open. */
export function CommunityActions({
  slug,
  level,
  actions,
  membershipStatus,
  signedIn,
}: {
  slug: string;
  level: CommunityLevel;
  actions: {
    join: boolean;
    members: boolean;
    codes: boolean;
    roles: boolean;
    audit: boolean;
    manage: boolean;
    configure: boolean;
    moderate: boolean;
  };
  membershipStatus: "pending" | "verified" | "declined" | "left" | null;
  signedIn: boolean;
}) {
  const { t } = useI18n();
  const links = [
    actions.members && { to: `/c/${slug}/members`, label: t("community.manageMembers") },
    actions.codes && { to: `/c/${slug}/codes`, label: t("community.householdCodes") },
    actions.roles && { to: `/c/${slug}/roles`, label: t("community.roles") },
    actions.audit && { to: `/c/${slug}/audit`, label: t("community.auditLog") },
    actions.manage && { to: `/c/${slug}/manage`, label: t("community.manage") },
    actions.configure && { to: `/c/${slug}/settings`, label: t("community.settings") },
    actions.moderate && { to: `/c/${slug}/moderation`, label: t("community.moderation") },
  ].filter((link): link is { to: string; label: string } => Boolean(link));
  return (
    <div className="stack">
      {membershipStatus === "verified" ? (
        <p className="notice notice--success">{t("community.youAreResident")}</p>
      ) : membershipStatus === "pending" ? (
        <p className="notice">{t("community.requestPending")}</p>
      ) : null}
      <div className="cluster">
        {actions.join ? (
          <ButtonLink to={`/c/${slug}/join`}>{t("community.join")}</ButtonLink>
        ) : null}
        {!signedIn && level === "community" ? (
          <ButtonLink
            to={`/sign-in?redirectTo=${encodeURIComponent(`/c/${slug}`)}`}
            variant="secondary"
          >
            {t("community.signInToJoin")}
          </ButtonLink>
        ) : null}
        {links.map((link) => (
          <Link key={link.to} to={link.to} className="button button--secondary button--small">
            {link.label}
          </Link>
        ))}
      </div>
    </div>
  );
}
