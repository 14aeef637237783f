import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { Pagination } from "~/components/ui/pagination";
import { VoteCard, voteCardData, type VoteCardData } from "~/components/votes/vote-card";
import { parsePageParam, type PageInfo } from "~/domain/pagination";
import { can } from "~/domain/permissions";
import { VOTE_STATUSES, type VoteStatus } from "~/domain/votes";
import { useI18n } from "~/i18n/react";
import { loadCommunity } from "~/lib/community.server";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { listAncestors, subtreeIds } from "~/services/communities.server";
import { listVotes } from "~/services/votes.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const SECTION_SIZE = 10;
/** What is open first, then what is coming, then what is done. */
const SECTION_ORDER: readonly VoteStatus[] = ["open", "scheduled", "closed"];
const PAGE_SIZE = 20;

/**
 * The votes of a community node and below. Without a filter: what is open, what is coming, and the
 * closed ones page by page; with `?status=` one of them, page by page.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const { community, resource, name } = await loadCommunity(context, request, params.slug, locale);
  const url = new URL(request.url);
  const status = VOTE_STATUSES.find((s) => s === url.searchParams.get("status")) ?? null;
  const page = parsePageParam(url.searchParams.get("page"));
  const now = new Date();
  const [ancestors, communityIds] = await Promise.all([
    listAncestors(context.db, community, locale),
    subtreeIds(context.db, community.id),
  ]);
  const list = (s: VoteStatus, request: { page: number; pageSize: number }) =>
    listVotes(context.db, { communityIds, status: s }, request, now).then((result) => ({
      items: result.items.map(voteCardData),
      pageInfo: result.page,
    }));
  const sections = status
    ? [{ status, ...(await list(status, { page, pageSize: PAGE_SIZE })) }]
    : await Promise.all([
        list("open", { page: 1, pageSize: SECTION_SIZE }).then((r) => ({
          status: "open" as const,
          ...r,
        })),
        list("scheduled", { page: 1, pageSize: SECTION_SIZE }).then((r) => ({
          status: "scheduled" as const,
          ...r,
        })),
        list("closed", { page, pageSize: PAGE_SIZE }).then((r) => ({
          status: "closed" as const,
          ...r,
        })),
      ]);
  return {
    title: t("votes.communityTitle", { community: name }),
    community: { slug: community.slug, name, timeZone: community.timeZone },
    ancestors,
    status,
    sections,
    now: now.toISOString(),
    mayCreate: can(context.actor, "vote.manage", resource),
  };
}

export default function CommunityVotes() {
  const { community, ancestors, status, sections, now, mayCreate } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const here = `/c/${community.slug}/votes`;
  const trail = [
    { label: t("tree.title"), to: "/c" },
    ...ancestors.map((a) => ({ label: a.name, to: `/c/${a.slug}` })),
    { label: community.name, to: `/c/${community.slug}` },
  ];
  const create = mayCreate ? <ButtonLink to={`${here}/new`}>{t("votes.new")}</ButtonLink> : null;
  return (
    <>
      <Breadcrumbs trail={trail} current={t("votes.listTitle")} />
      <header className="page-header cluster proposal-list-header">
        <h1>{t("votes.communityTitle", { community: community.name })}</h1>
        {create}
      </header>
      <nav className="filter-nav" aria-label={t("votes.filterLabel")}>
        <ul>
          <li>
            <Link to={here} aria-current={status === null ? "page" : undefined}>
              {t("votes.filterAll")}
            </Link>
          </li>
          {SECTION_ORDER.map((s) => (
            <li key={s}>
              <Link to={`${here}?status=${s}`} aria-current={status === s ? "page" : undefined}>
                {t(`votes.section.${s}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {sections.map((section) => (
        <VoteSection
          key={section.status}
          status={section.status}
          items={section.items}
          pageInfo={section.pageInfo}
          paginated={status !== null || section.status === "closed"}
          more={
            status === null && section.status !== "closed" && section.pageInfo.hasNext
              ? `${here}?status=${section.status}`
              : null
          }
          now={now}
          timeZone={community.timeZone}
          emptyAction={section.status === "open" ? create : null}
        />
      ))}
    </>
  );
}

function VoteSection({
  status,
  items,
  pageInfo,
  paginated,
  more,
  now,
  timeZone,
  emptyAction,
}: {
  status: VoteStatus;
  items: VoteCardData[];
  pageInfo: PageInfo;
  paginated: boolean;
  more: string | null;
  now: string;
  timeZone: string;
  emptyAction: React.ReactNode;
}) {
  const { t } = useI18n();
  const titleId = `votes-${status}-title`;
  return (
    <section className="stack" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {t(`votes.section.${status}`)} <span className="muted">({pageInfo.total})</span>
      </h2>
      {items.length === 0 ? (
        <EmptyState title={t(`votes.empty.${status}`)} action={emptyAction} />
      ) : (
        <ul className="vote-list" aria-labelledby={titleId}>
          {items.map((item) => (
            <li key={item.id}>
              <VoteCard vote={item} now={now} timeZone={timeZone} />
            </li>
          ))}
        </ul>
      )}
      {more ? <Link to={more}>{t("votes.seeAll", { count: pageInfo.total })}</Link> : null}
      {paginated ? (
        <Pagination pageInfo={pageInfo} label={t(`votes.pagination.${status}`)} />
      ) : null}
    </section>
  );
}
