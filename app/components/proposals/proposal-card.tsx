import { Link } from "@remix-run/react";
import type { ProposalStatus } from "~/domain/proposal-lifecycle";
import type { ProposalListItem } from "~/domain/proposals";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { useI18n } from "~/i18n/react";

/** What a card shows of a proposal: a list item, marked when converted from the other script. */
export type ProposalCardData = ProposalListItem & {
  /** True when title and summary were converted from the other Chinese script. */
  converted?: boolean;
};

/** The status of a proposal as a badge; the colour repeats the word, never replaces it. */
export function ProposalStatusBadge({ status }: { status: ProposalStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge--status badge--${status}`}>
      {t(`proposalStatus.${status}` as MessageKey)}
    </span>
  );
}

/**
 * One proposal in a list: the title links to it; status, category and community; counts and date.
 * `headingLevel` keeps the page outline right (h2 under the page's h1, h3 under a section's h2).
 */
export function ProposalCard({
  proposal,
  headingLevel = 2,
  showCommunity = true,
}: {
  proposal: ProposalCardData;
  headingLevel?: 2 | 3;
  /** False on a community's own list when every item is from that community. */
  showCommunity?: boolean;
}) {
  const { t, date } = useI18n();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="card proposal-card" aria-labelledby={`proposal-${proposal.id}-title`}>
      <Heading className="proposal-card__title" id={`proposal-${proposal.id}-title`}>
        <Link to={`/proposals/${proposal.id}`} lang={proposal.language}>
          {proposal.title}
        </Link>
      </Heading>
      <p className="cluster proposal-card__tags">
        <ProposalStatusBadge status={proposal.status} />
        <span className="badge">{t(`category.${proposal.category}` as MessageKey)}</span>
        {showCommunity ? (
          <Link to={`/c/${proposal.communitySlug}`} className="proposal-card__community">
            {proposal.communityName}
          </Link>
        ) : null}
      </p>
      {proposal.converted ? (
        <p className="muted proposal-card__converted">{t("browse.converted")}</p>
      ) : null}
      {proposal.summary ? (
        <p className="proposal-card__summary" lang={proposal.language}>
          {proposal.summary}
        </p>
      ) : null}
      <p className="muted proposal-card__meta">
        <span>{t("browse.supports", { count: proposal.supportCount })}</span>
        <span>{t("browse.comments", { count: proposal.commentCount })}</span>
        <span>{t("browse.publishedOn", { date: date(proposal.createdAt) })}</span>
      </p>
    </article>
  );
}
