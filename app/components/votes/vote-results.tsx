/**
 * The results of a vote, whichever its method: turnout against the electorate (with the quorum),
 * the method's own chart and table, the outcome for a proposal, and the paper batches counted.
 */
import type { TallyResult } from "~/domain/voting";
import { useI18n } from "~/i18n/react";
import type { VoteResults } from "~/services/votes/index.server";
import { BudgetResultView } from "./budget-result";
import { IrvRounds } from "./irv-rounds";
import { MajorityResultView } from "./majority-result";
import {
  ApprovalResultView,
  ConsentResultView,
  RankingList,
  ScoreResultView,
  WinnerLine,
} from "./option-results";
import { SchulzeMatrix } from "./schulze-matrix";
import { StvRounds } from "./stv-rounds";
import { TurnoutChart } from "./turnout-chart";

export function VoteResultsView({
  results,
  projects,
}: {
  results: VoteResults;
  /** Budget votes: the projects with their costs. */
  projects?: Array<{ id: string; name: string; cost: number }>;
}) {
  const { t } = useI18n();
  const { turnout, quorum, names } = results;
  return (
    <div className="stack">
      {results.running ? <p className="notice">{t("results.runningNotice")}</p> : null}
      <TurnoutChart
        cast={turnout.total}
        electorate={turnout.electorate}
        quorum={quorum.needed > 0 ? { needed: quorum.needed, met: quorum.met } : null}
        paper={turnout.paper}
      />
      {turnout.proxy > 0 ? (
        <p className="muted">{t("results.proxyIncluded", { count: turnout.proxy })}</p>
      ) : null}
      {results.budget ? (
        <BudgetResultView
          result={results.budget}
          budget={results.budget.budget}
          projects={projects ?? Object.entries(names).map(([id, name]) => ({ id, name, cost: 0 }))}
          support={budgetSupport(results.budget.details)}
        />
      ) : results.tally ? (
        <TallyView tally={results.tally} names={names} />
      ) : (
        <p>{t("results.nothingCounted")}</p>
      )}
      {!quorum.met && quorum.needed > 0 && results.status === "closed" ? (
        <p className="notice notice--error">{t("results.quorumFailed")}</p>
      ) : null}
      {results.outcome === "adopted" || results.outcome === "rejected" ? (
        <p className={`outcome outcome--${results.outcome === "adopted" ? "passed" : "rejected"}`}>
          {t(`results.proposalOutcome.${results.outcome}`)}
        </p>
      ) : null}
      {results.batches.length > 0 ? (
        <div className="stack-tight">
          <h3>{t("results.batchesTitle")}</h3>
          <ul>
            {results.batches.map((batch) => (
              <li key={batch.id}>
                {t("results.batch", { label: batch.label, papers: batch.papers })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** Support per project from the greedy walk (MES details do not list it). */
function budgetSupport(details: unknown): Record<string, number> | undefined {
  const steps = (details as { rule?: string; steps?: Array<{ id: string; support?: number }> })
    ?.steps;
  if ((details as { rule?: string })?.rule !== "greedy" || !Array.isArray(steps)) return undefined;
  return Object.fromEntries(steps.map((step) => [step.id, step.support ?? 0]));
}

function TallyView({ tally, names }: { tally: TallyResult; names: Record<string, string> }) {
  switch (tally.method) {
    case "majority":
      return <MajorityResultView result={tally} />;
    case "consent":
      return <ConsentResultView result={tally} />;
    case "approval":
      return (
        <>
          <ApprovalResultView result={tally} names={names} />
          <RankingList tiers={tally.tiers} names={names} winner={tally.winner} lot={tally.lot} />
        </>
      );
    case "score":
      return (
        <>
          <ScoreResultView result={tally} names={names} />
          <RankingList tiers={tally.tiers} names={names} winner={tally.winner} lot={tally.lot} />
        </>
      );
    case "irv":
      return (
        <>
          <WinnerLine winner={tally.winner} names={names} />
          <IrvRounds result={tally} names={names} />
        </>
      );
    case "schulze":
      return <SchulzeMatrix result={tally} names={names} />;
    case "stv":
      return <StvRounds result={tally} names={names} />;
  }
}
