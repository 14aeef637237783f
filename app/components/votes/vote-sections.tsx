/**
 * A vote list in sections (open, coming, done) with a filter by status: a community's votes page and
 * the whole tree's. The data comes from `loadVoteSections`.
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { EmptyState } from "~/components/ui/empty-state";
import { Pagination } from "~/components/ui/pagination";
import type { PageInfo } from "~/domain/pagination";
import type { VoteStatus } from "~/domain/vote-rules";
import { useI18n } from "~/i18n/react";
import { VoteCard, type VoteCardData } from "./vote-card";

/** What is open first, then what is coming, then what is done. */
const SECTION_ORDER: readonly VoteStatus[] = ["open", "scheduled", "closed"];

export function VoteSections({
  here,
  status,
  sections,
  now,
  timeZone,
  emptyAction = null,
}: {
  /** The list's own address, without a status. */
  here: string;
  status: VoteStatus | null;
  sections: { status: VoteStatus; items: VoteCardData[]; pageInfo: PageInfo }[];
  now: string;
  timeZone: string;
  /** Shown in an empty "open" section (e.g. "open a vote" for the committee). */
  emptyAction?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
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
          timeZone={timeZone}
          emptyAction={section.status === "open" ? emptyAction : null}
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
  emptyAction: ReactNode;
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
        <VoteCardList items={items} now={now} timeZone={timeZone} labelledBy={titleId} />
      )}
      {more ? <Link to={more}>{t("votes.seeAll", { count: pageInfo.total })}</Link> : null}
      {paginated ? (
        <Pagination pageInfo={pageInfo} label={t(`votes.pagination.${status}`)} />
      ) : null}
    </section>
  );
}

export function VoteCardList({
  items,
  now,
  timeZone,
  labelledBy,
}: {
  items: VoteCardData[];
  now: string;
  timeZone: string;
  labelledBy: string;
}) {
  return (
    <ul className="vote-list" aria-labelledby={labelledBy}>
      {items.map((item) => (
        <li key={item.id}>
          <VoteCard vote={item} now={now} timeZone={timeZone} />
        </li>
      ))}
    </ul>
  );
}
