/**
 * Results of the methods that give each option a number: approval (approvals), score (mean or
 * total), and consent (positions and objections); plus the final ranking with its ties, which every
 * method has.
 */
import type { ApprovalResult, ConsentResult, ScoreResult } from "~/domain/voting";
import { useI18n } from "~/i18n/react";
import { BarList } from "./bar-list";
import { useVoteNumbers } from "./vote-numbers";

export type OptionNames = Readonly<Record<string, string>>;

/** The winner in words, or that the rules left a tie. */
export function WinnerLine({ winner, names }: { winner: string | null; names: OptionNames }) {
  const { t } = useI18n();
  return (
    <p className="outcome">
      {winner !== null
        ? t("results.winner", { name: names[winner] ?? winner })
        : t("results.noWinner")}
    </p>
  );
}

/** The final ranking, best first, ties shown as ties ("2 = B, C"). */
export function RankingList({
  tiers,
  names,
  winner,
  lot,
}: {
  tiers: ReadonlyArray<ReadonlyArray<string>>;
  names: OptionNames;
  winner: string | null;
  /** The published lot, when the count drew one to order tied options. */
  lot?: { seed: number } | null;
}) {
  const { t, enumerate } = useI18n();
  // The place of each tier: one more than the options in the tiers before it ("1, 2, 2, 4").
  const places = tiers.map((_, index) =>
    tiers.slice(0, index).reduce((sum, tier) => sum + tier.length, 1),
  );
  return (
    <div className="stack-tight">
      <h3>{t("results.rankingTitle")}</h3>
      <WinnerLine winner={winner} names={names} />
      {lot && tiers.some((tier) => tier.length > 1) ? (
        <p className="muted">{t("results.tiesByLot", { seed: lot.seed })}</p>
      ) : null}
      <ol className="ranking">
        {tiers.map((tier, index) => {
          const at = places[index] ?? 1;
          return (
            <li
              key={tier.join("|")}
              className={tier.includes(winner ?? "\u0000") ? "ranking__winner" : undefined}
            >
              <span className="ranking__place">{t("results.place", { place: at })}</span>{" "}
              {enumerate(tier.map((id) => names[id] ?? id))}
              {tier.length > 1 ? (
                <span className="muted"> {t("results.tied", { count: tier.length })}</span>
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function ApprovalResultView({
  result,
  names,
}: {
  result: ApprovalResult;
  names: OptionNames;
}) {
  const { t } = useI18n();
  const { percent } = useVoteNumbers();
  const counted = result.ballots - result.spoiled;
  return (
    <figure className="vote-figure">
      <figcaption className="vote-figure__caption">
        {t("results.approvalTitle", { count: counted })}
      </figcaption>
      <BarList
        max={Math.max(counted, 1)}
        bars={result.ranking.map((id) => ({
          key: id,
          tone: id === result.winner ? "winner" : undefined,
          label: names[id] ?? id,
          value: result.approvals[id] ?? 0,
          text: t("results.approvals", {
            count: result.approvals[id] ?? 0,
            percent: percent(result.approvals[id] ?? 0, counted),
          }),
        }))}
      />
      {result.spoiled > 0 ? (
        <p className="muted">{t("results.spoiled", { count: result.spoiled })}</p>
      ) : null}
    </figure>
  );
}

export function ScoreResultView({ result, names }: { result: ScoreResult; names: OptionNames }) {
  const { t } = useI18n();
  const { count } = useVoteNumbers();
  const byMean = result.by === "mean";
  return (
    <figure className="vote-figure">
      <figcaption className="vote-figure__caption">
        {byMean ? t("results.scoreMeanTitle") : t("results.scoreTotalTitle")}
      </figcaption>
      <BarList
        max={byMean ? 5 : undefined}
        bars={result.ranking.map((id) => {
          const score = result.scores[id];
          const mean = score?.mean ?? null;
          return {
            key: id,
            tone: id === result.winner ? "winner" : score && !score.qualified ? "out" : undefined,
            label: names[id] ?? id,
            value: byMean ? (mean ?? 0) : (score?.total ?? 0),
            text: byMean
              ? mean === null
                ? t("results.notRatedByAnyone")
                : t("results.meanOf", {
                    mean: count(mean),
                    count: score?.ratings ?? 0,
                  })
              : t("results.totalOf", { total: score?.total ?? 0, count: score?.ratings ?? 0 }),
            note:
              byMean && score && !score.qualified && mean !== null
                ? t("results.tooFewRatings")
                : undefined,
          };
        })}
      />
    </figure>
  );
}

export function ConsentResultView({ result }: { result: ConsentResult }) {
  const { t } = useI18n();
  const objections = result.standingObjections.length + result.otherObjections.length;
  return (
    <figure className="vote-figure">
      <figcaption className="vote-figure__caption">{t("results.consentTitle")}</figcaption>
      <p className={`outcome outcome--${result.outcome}`}>
        {t(`results.consentOutcome.${result.outcome}`)}
      </p>
      <BarList
        bars={[
          {
            key: "consent",
            tone: "yes",
            label: t("ballot.position.consent"),
            value: result.consents,
            text: t("results.votes", { count: result.consents }),
          },
          {
            key: "stand_aside",
            tone: "abstain",
            label: t("ballot.position.stand_aside"),
            value: result.standAsides,
            text: t("results.votes", { count: result.standAsides }),
          },
          {
            key: "object",
            tone: "no",
            label: t("ballot.position.object"),
            value: objections,
            text: t("results.votes", { count: objections }),
          },
        ]}
      />
      {result.standingObjections.length > 0 ? (
        <div className="stack-tight">
          <h3>{t("results.standingObjections")}</h3>
          <ul className="objections">
            {result.standingObjections.map((objection) => (
              <li key={objection.ballot}>{objection.reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {result.otherObjections.length > 0 ? (
        <div className="stack-tight">
          <h3>{t("results.otherObjections")}</h3>
          <ul className="objections">
            {result.otherObjections.map((objection) => (
              <li key={objection.ballot}>
                {objection.reason || t("results.noReasonGiven")}
                {objection.withdrawn ? (
                  <span className="muted"> {t("results.withdrawn")}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </figure>
  );
}
