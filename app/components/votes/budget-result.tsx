/**
 * A participatory budget's outcome: the spending bar (what the funded projects cost of the budget),
 * then every project in the order of the count, funded or not, with its support and cost. The
 * table is the text equivalent of the bar and the record people check.
 */
import type { BudgetResult } from "~/domain/voting/budget";
import { useI18n } from "~/i18n/react";
import { SpendingBar, useMoney } from "./spending-bar";
import { useVoteNumbers } from "./vote-numbers";

export interface BudgetProject {
  id: string;
  name: string;
  cost: number;
}

export function BudgetResultView({
  result,
  projects,
  budget,
  support,
}: {
  result: BudgetResult;
  projects: BudgetProject[];
  budget: number;
  /** Approvals (or points) per project, when known. */
  support?: Readonly<Record<string, number>>;
}) {
  const { t } = useI18n();
  const { count } = useVoteNumbers();
  const money = useMoney();
  const byId = new Map(projects.map((project) => [project.id, project]));
  const funded = new Set(result.funded);
  const order = [...result.ranking, ...projects.map((p) => p.id)].filter(
    (id, index, all) => all.indexOf(id) === index,
  );
  const rule = (result.details as { rule?: string } | null)?.rule;
  return (
    <figure className="vote-figure budget-result">
      <figcaption className="vote-figure__caption">
        {t("results.fundedTitle", { count: result.funded.length })}
      </figcaption>
      <SpendingBar spent={result.spent} budget={budget} funded id="result-spending" />
      {rule === "greedy" || rule === "mes" ? (
        <p className="muted">{t(`results.budgetRule.${rule}`)}</p>
      ) : null}
      {/* A scrollable region must be reachable by keyboard (WCAG 2.1.1), hence the tabIndex. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className="table-wrap" role="region" aria-labelledby="budget-caption" tabIndex={0}>
        <table className="table">
          <caption id="budget-caption">{t("results.projectsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("results.project")}</th>
              {support ? (
                <th scope="col" className="numeric">
                  {t("results.support")}
                </th>
              ) : null}
              <th scope="col" className="numeric">
                {t("results.cost")}
              </th>
              <th scope="col">{t("results.fundedColumn")}</th>
            </tr>
          </thead>
          <tbody>
            {order.map((id) => (
              <tr key={id} className={funded.has(id) ? "table__winner" : undefined}>
                <th scope="row">{byId.get(id)?.name ?? id}</th>
                {support ? <td className="numeric">{count(support[id] ?? 0)}</td> : null}
                <td className="numeric nowrap">{money(byId.get(id)?.cost ?? 0)}</td>
                <td>
                  {funded.has(id) ? (
                    <span className="badge badge--funded">{t("results.funded")}</span>
                  ) : (
                    <span className="muted">{t("results.notFunded")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
