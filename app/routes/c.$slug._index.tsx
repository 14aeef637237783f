import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CommunityList, LEVEL_KEYS, LEVEL_PLURAL_KEYS } from "~/components/community-list";
import { CommunityActions } from "~/components/community-actions";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { Pagination } from "~/components/ui/pagination";
import { COMMUNITY_LEVELS } from "~/domain/community-tree";
import { can, type Action } from "~/domain/policy";
import { DEFAULT_PAGE_SIZE, parsePageParam } from "~/domain/pagination";
import { useI18n } from "~/i18n/react";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { loadCommunity } from "~/lib/community.server";
import {
  countDescendantsByLevel,
  listAncestors,
  listChildren,
  subtreeIds,
} from "~/services/communities.server";
import { countVerifiedMembers, openMembership } from "~/services/membership/index.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale } = await requestI18n(request);
  const { community, resource, name } = await loadCommunity(context, request, params.slug, locale);
  const page = parsePageParam(new URL(request.url).searchParams.get("page"));
  const [ancestors, children, below, subtree] = await Promise.all([
    listAncestors(context.db, community, locale),
    listChildren(context.db, community.id, { page, pageSize: DEFAULT_PAGE_SIZE }, locale),
    countDescendantsByLevel(context.db, community.id),
    subtreeIds(context.db, community.id),
  ]);
  const actor = context.actor;
  const membership =
    context.user && community.level === "community"
      ? await openMembership(context.db, context.user.id, community.id)
      : null;
  const may = (action: Action) => can(actor, action, resource);
  return {
    members: await countVerifiedMembers(context.db, subtree),
    signedIn: Boolean(context.user),
    membershipStatus: membership?.status ?? null,
    actions: {
      join: may("membership.request") && !membership,
      members: may("member.list"),
      codes: may("household_code.issue"),
      roles: may("role.manage"),
      // Open to all: without `audit.read` the log shows what is public by nature (votes, offices).
      audit: true,
      manage: may("community.manage"),
      configure: may("community.configure"),
      moderate: may("moderation.act"),
    },
    mayRaise: may("proposal.create") && community.level === "community",
    title: name,
    community: {
      slug: community.slug,
      name,
      level: community.level,
      timeZone: community.timeZone,
      updatedAt: community.updatedAt.toISOString(),
    },
    ancestors,
    children,
    below: COMMUNITY_LEVELS.filter((level) => below[level]).map((level) => ({
      level,
      count: below[level] ?? 0,
    })),
  };
}

export default function CommunityPage() {
  const {
    community,
    ancestors,
    children,
    below,
    members,
    actions,
    membershipStatus,
    signedIn,
    mayRaise,
  } = useLoaderData<typeof loader>();
  const { t, number, date } = useI18n();
  const trail = [
    { label: t("tree.title"), to: "/c" },
    ...ancestors.map((a) => ({ label: a.name, to: `/c/${a.slug}` })),
  ];
  return (
    <>
      <Breadcrumbs trail={trail} current={community.name} />
      <header className="page-header">
        <p>
          <span className="badge badge--brand">{t(LEVEL_KEYS[community.level])}</span>
        </p>
        <h1>{community.name}</h1>
        <p className="muted">
          {t("community.updated", { date: date(community.updatedAt, community.timeZone) })}
        </p>
      </header>

      <CommunityActions
        slug={community.slug}
        level={community.level}
        actions={actions}
        membershipStatus={membershipStatus}
        signedIn={signedIn}
      />

      {below.length > 0 || members > 0 ? (
        <section aria-labelledby="below-title">
          <h2 id="below-title" className="visually-hidden">
            {t("community.statsTitle")}
          </h2>
          <dl className="stats">
            <div>
              <dt>{t("community.members")}</dt>
              <dd>{number(members)}</dd>
            </div>
            {below.map(({ level, count }) => (
              <div key={level}>
                <dt>{t(LEVEL_PLURAL_KEYS[level])}</dt>
                <dd>{number(count)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      <section className="stack-tight" aria-labelledby="matters-title">
        <h2 id="matters-title">{t("community.matters")}</h2>
        <p>{t("community.mattersIntro")}</p>
        <div className="cluster">
          <ButtonLink to={`/c/${community.slug}/proposals`} variant="secondary">
            {t("community.seeMatters")}
          </ButtonLink>
          {mayRaise ? (
            <ButtonLink to={`/c/${community.slug}/proposals/new`}>{t("proposal.new")}</ButtonLink>
          ) : null}
          <ButtonLink to={`/c/${community.slug}/votes`} variant="secondary">
            {t("votes.seeVotes")}
          </ButtonLink>
        </div>
      </section>

      <section className="stack" aria-labelledby="children-title">
        <h2 id="children-title">{t("community.children")}</h2>
        {children.items.length === 0 ? (
          <EmptyState
            title={
              community.level === "building" ? t("community.isBuilding") : t("community.noChildren")
            }
          >
            {community.level === "building"
              ? t("community.isBuildingBody")
              : t("community.noChildrenBody")}
          </EmptyState>
        ) : (
          <>
            <CommunityList items={children.items} labelledBy="children-title" />
            <Pagination pageInfo={children.pageInfo} label={t("community.childrenPages")} />
          </>
        )}
      </section>
    </>
  );
}
