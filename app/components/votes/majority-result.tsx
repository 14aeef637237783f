/**
 * Yes / no / abstain: a bar each, with the yes votes the threshold needs marked across them, and
 * the outcome in words (passed, rejected, or no decision for want of a quorum).
 */
import type { MajorityResult } from "~/domain/voting";
import { useI18n } from "~/i18n/react";
import { BarList, MarkerLegend } from "./bar-list";
import { useVoteNumbers } from "./vote-numbers";

export function MajorityResultView({ result }: { result: MajorityResult }) {
  const { t } = useI18n();
  const { percent } = useVoteNumbers();
  const counted = result.yes + result.no;
  return (
    <figure className="vote-figure">
      <figcaption className="vote-figure__caption">{t("results.majorityTitle")}</figcaption>
      <p className={`outcome outcome--${result.outcome}`}>
        {t(`results.outcome.${result.outcome}`)}
      </p>
      <BarList
        max={Math.max(result.cast, 1)}
        markers={
          result.threshold.needed > 0 ? [{ at: result.threshold.needed, kind: "threshold" }] : []
        }
        bars={[
          {
            key: "yes",
            tone: "yes",
            label: t("ballot.choice.yes"),
            value: result.yes,
            text: t("results.votesShare", {
              count: result.yes,
              percent: percent(result.yes, counted),
            }),
          },
          {
            key: "no",
            tone: "no",
            label: t("ballot.choice.no"),
            value: result.no,
            text: t("results.votesShare", {
              count: result.no,
              percent: percent(result.no, counted),
            }),
          },
          {
            key: "abstain",
            tone: "abstain",
            label: t("ballot.choice.abstain"),
            value: result.abstain,
            text: t("results.votes", { count: result.abstain }),
          },
        ]}
      />
      <MarkerLegend
        items={
          result.threshold.needed > 0
            ? [
                {
                  kind: "threshold",
                  text: t(`results.thresholdRule.${result.threshold.rule}`, {
                    needed: result.threshold.needed,
                  }),
                },
              ]
            : []
        }
      />
      <p className="muted">{t("results.abstainNote")}</p>
    </figure>
  );
}
