import { Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { useI18n } from "~/i18n/react";
import { VoteStatusBadge, VoteWhen, type VotePhase } from "./vote-status";

/** What a card shows of a vote (a list item after serialisation). */
export interface VoteCardData {
  id: number;
  title: string;
  method: string;
  phase: VotePhase;
  secret: boolean;
  opensAt: string;
  closesAt: string;
  /** Ballots cast so far (shown once closed, or while open when running results are public). */
  turnout?: number | null;
}

/** One vote in a list: title, state, method, and when it opens or closes. */
export function VoteCard({
  vote,
  now,
  timeZone,
}: {
  vote: VoteCardData;
  now: string;
  timeZone: string;
}) {
  const { t } = useI18n();
  return (
    <article className="card vote-card" aria-labelledby={`vote-${vote.id}-title`}>
      <h3 className="vote-card__title" id={`vote-${vote.id}-title`}>
        <Link to={`/votes/${vote.id}`}>{vote.title}</Link>
      </h3>
      <p className="cluster">
        <VoteStatusBadge phase={vote.phase} />
        <span className="badge">{t(`voteMethod.${vote.method}` as MessageKey)}</span>
        <span className="badge">{vote.secret ? t("vote.secret") : t("vote.open")}</span>
      </p>
      <p className="muted vote-card__meta">
        <span>
          <VoteWhen
            phase={vote.phase}
            opensAt={vote.opensAt}
            closesAt={vote.closesAt}
            now={now}
            timeZone={timeZone}
          />
        </span>
        {typeof vote.turnout === "number" ? (
          <span>{t("vote.ballotsCast", { count: vote.turnout })}</span>
        ) : null}
      </p>
    </article>
  );
}
