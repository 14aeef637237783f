/**
 * What a page says when its route threw. A refusal is not an outage: a 403 says what was refused,
 * why (the roles that would allow it, the roles the person holds there) and what they can do next;
 * a 404 says the thing does not exist or is hidden from them. Anything else is an outage, said so.
 */
import { isRouteErrorResponse, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Role } from "~/domain/roles";
import { useI18n } from "~/i18n/react";
import { forbiddenReason, readRefusal, type Forbidden, type MissingThing } from "~/lib/refusal";

export function ErrorPage({ error, signedIn }: { error: unknown; signedIn: boolean }) {
  if (isRouteErrorResponse(error) && (error.status === 403 || error.status === 404)) {
    const refusal = readRefusal(error.data);
    return error.status === 403 ? (
      <ForbiddenPage refusal={refusal?.kind === "forbidden" ? refusal : null} signedIn={signedIn} />
    ) : (
      <NotFoundPage
        thing={refusal?.kind === "notFound" ? refusal.thing : "page"}
        signedIn={signedIn}
      />
    );
  }
  return <OutagePage />;
}

function ForbiddenPage({ refusal, signedIn }: { refusal: Forbidden | null; signedIn: boolean }) {
  const { t, enumerate } = useI18n();
  const roleNames = (roles: readonly Role[]) => enumerate(roles.map((role) => t(`role.${role}`)));
  const reason = refusal ? forbiddenReason(refusal) : null;
  const place = refusal?.place ?? null;
  let because = t("refusal.generic");
  if (refusal && reason) {
    const action = t(`refusal.action.${refusal.action}`);
    if (reason.why === "unverified") because = t("refusal.unverified", { action });
    else if (reason.why === "role") {
      const values = { action, count: reason.roles.length, roles: roleNames(reason.roles) };
      because = place
        ? t("refusal.needRoleIn", { ...values, place: place.name })
        : t("refusal.needRole", values);
    } else
      because = place
        ? t("refusal.notHereIn", { action, place: place.name })
        : t("refusal.notHere", { action });
  }
  return (
    <div className="prose refusal">
      <h1>{t("refusal.forbiddenTitle")}</h1>
      <p className="refusal__reason">{because}</p>
      {refusal && refusal.emailVerified ? (
        <p>
          {refusal.held.length > 0
            ? t("refusal.held", { roles: roleNames(refusal.held) })
            : t("refusal.heldNone")}
        </p>
      ) : null}
      {reason?.why === "role" && reason.roles.some((role) => role !== "resident") ? (
        <p>{t("refusal.askForRole")}</p>
      ) : null}
      <NextSteps>
        {signedIn ? null : <SignInStep />}
        {place && refusal?.mayJoin ? (
          <Step to={`/c/${place.slug}/join`}>{t("join.title", { community: place.name })}</Step>
        ) : null}
        {place ? (
          <Step to={`/c/${place.slug}`}>{t("refusal.backToPlace", { place: place.name })}</Step>
        ) : null}
      </NextSteps>
    </div>
  );
}

/** Where to look instead, by what was not found. */
const ELSEWHERE = {
  community: { to: "/c", label: "home.allCommunities" },
  proposal: { to: "/proposals", label: "refusal.allProposals" },
  vote: { to: "/votes", label: "refusal.allVotes" },
} as const;

function NotFoundPage({ thing, signedIn }: { thing: MissingThing; signedIn: boolean }) {
  const { t } = useI18n();
  // Communities are public: only a proposal or a vote might show itself to someone signed in.
  const mayBeHidden = !signedIn && (thing === "proposal" || thing === "vote");
  return (
    <div className="prose refusal">
      <h1>{t("error.notFoundTitle")}</h1>
      <p className="refusal__reason">
        {thing === "page" ? t("error.notFoundBody") : t(`refusal.notFound.${thing}`)}
      </p>
      {mayBeHidden ? <p>{t("refusal.signInHint")}</p> : null}
      <NextSteps>
        {mayBeHidden ? <SignInStep /> : null}
        {thing === "page" ? null : (
          <Step to={ELSEWHERE[thing].to}>{t(ELSEWHERE[thing].label)}</Step>
        )}
      </NextSteps>
    </div>
  );
}

function OutagePage() {
  const { t } = useI18n();
  return (
    <div className="prose">
      <h1>{t("error.title")}</h1>
      <p>{t("error.body")}</p>
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </div>
  );
}

/** The ways on, as large links; the home page is always the last. */
function NextSteps({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <nav aria-labelledby="refusal-next" className="refusal__next">
      <h2 id="refusal-next">{t("refusal.nextTitle")}</h2>
      <ul className="link-list">
        {children}
        <Step to="/">{t("error.backHome")}</Step>
      </ul>
    </nav>
  );
}

function Step({ to, children }: { to: string; children: ReactNode }) {
  return (
    <li>
      <Link to={to} className="link-card">
        <span className="link-card__name">{children}</span>
      </Link>
    </li>
  );
}

/** Sign in, then come back to this very address. */
function SignInStep() {
  const { t } = useI18n();
  const location = useLocation();
  const back = encodeURIComponent(location.pathname + location.search);
  return <Step to={`/sign-in?redirectTo=${back}`}>{t("refusal.signIn")}</Step>;
}
