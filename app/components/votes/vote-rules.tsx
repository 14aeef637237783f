/**
 * The rules of a vote in words, as a description list: method, secret or open, who may vote, the
 * quorum and threshold, the method's settings, whether running results are shown.
 */
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { useI18n } from "~/i18n/react";
import type { VoteSummary } from "~/lib/votes-page.server";
import { useMoney } from "./spending-bar";

export function VoteRules({ vote }: { vote: VoteSummary }) {
  const { t, number } = useI18n();
  const money = useMoney();
  const s = vote.settings;
  const rows: Array<[string, string]> = [
    [t("vote.ruleMethod"), t(`voteMethod.${vote.method}` as MessageKey)],
    [t("vote.ruleMethodHow"), t(`voteMethodHow.${vote.method}` as MessageKey)],
    [t("vote.ruleSecrecy"), vote.secret ? t("vote.secretHow") : t("vote.openHow")],
    [
      t("vote.ruleElectorate"),
      vote.electorateSize === null
        ? t("vote.electorateLater", { community: vote.community.name })
        : t("vote.electorateFrozen", {
            community: vote.community.name,
            count: vote.electorateSize,
          }),
    ],
  ];
  if ((s.quorumPercent ?? 0) > 0)
    rows.push([
      t("vote.ruleQuorum"),
      t("vote.quorumPercent", { percent: number(s.quorumPercent ?? 0) }),
    ]);
  if (vote.method === "majority")
    rows.push([t("vote.ruleThreshold"), t(`voteThreshold.${s.threshold ?? "majorityCast"}`)]);
  if (vote.method === "approval")
    rows.push([
      t("vote.ruleApprovals"),
      s.maxApprovals
        ? t("ballot.approvalHintMax", { count: s.maxApprovals })
        : t("ballot.approvalHintAny"),
    ]);
  if (vote.method === "score")
    rows.push([
      t("vote.ruleScore"),
      s.scoreBy === "total"
        ? t("vote.scoreByTotal")
        : t("vote.scoreByMean", { count: s.minRatings ?? 1 }),
    ]);
  if (vote.method === "stv") rows.push([t("vote.ruleSeats"), number(s.seats ?? 1)]);
  if (vote.method === "budget") {
    rows.push([t("vote.ruleBudget"), money(s.budget ?? 0)]);
    rows.push([t("vote.ruleBudgetRule"), t(`results.budgetRule.${s.rule ?? "greedy"}`)]);
    if (s.maxProjects) rows.push([t("vote.ruleMaxProjects"), number(s.maxProjects)]);
  }
  if (!vote.secret)
    rows.push([
      t("vote.ruleRunning"),
      vote.showRunning ? t("vote.runningShown") : t("vote.runningHidden"),
    ]);
  return (
    <dl className="meta-list vote-rules">
      {rows.map(([term, detail]) => (
        <div key={term} className="vote-rules__row">
          <dt>{term}</dt>
          <dd>{detail}</dd>
        </div>
      ))}
    </dl>
  );
}
