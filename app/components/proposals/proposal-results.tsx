import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { EmptyState } from "~/components/ui/empty-state";
import { Pagination } from "~/components/ui/pagination";
import type { PageInfo } from "~/domain/pagination";
import { useI18n } from "~/i18n/react";
import { ProposalCard, type ProposalCardData } from "./proposal-card";
import type { ProposalFilterValues } from "./proposal-filters";

/**
 * The results of a proposal list: how many were found (announced when it changes), one card per
 * proposal, the pages, or an empty state that says why nothing is shown and what to try.
 */
export function ProposalResults({
  query,
  items,
  pageInfo,
  clearTo,
  showCommunity = true,
  emptyAction,
}: {
  query: ProposalFilterValues;
  items: ProposalCardData[];
  pageInfo: PageInfo;
  clearTo: string;
  showCommunity?: boolean;
  /** Shown in the empty state of an unfiltered list (e.g. "raise a matter"). */
  emptyAction?: ReactNode;
}) {
  const { t } = useI18n();
  const filtered = Boolean(query.q || query.status || query.category || query.community);
  return (
    <section className="stack" aria-labelledby="results-title">
      <h2 id="results-title" className="proposal-results__count" aria-live="polite">
        {query.q
          ? t("browse.foundFor", { count: pageInfo.total, query: query.q })
          : t("browse.found", { count: pageInfo.total })}
      </h2>
      {items.length === 0 ? (
        filtered ? (
          <EmptyState
            title={t("browse.noMatches")}
            action={<Link to={clearTo}>{t("browse.clear")}</Link>}
          >
            {t("browse.noMatchesBody")}
          </EmptyState>
        ) : (
          <EmptyState title={t("browse.empty")} action={emptyAction}>
            {t("browse.emptyBody")}
          </EmptyState>
        )
      ) : (
        <ul className="proposal-list" aria-labelledby="results-title">
          {items.map((item) => (
            <li key={item.id}>
              <ProposalCard proposal={item} headingLevel={3} showCommunity={showCommunity} />
            </li>
          ))}
        </ul>
      )}
      <Pagination pageInfo={pageInfo} label={t("browse.pages")} />
    </section>
  );
}
