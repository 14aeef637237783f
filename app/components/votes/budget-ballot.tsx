/**
 * A participatory-budget ballot: a checkbox per project with its cost, and the spending bar. Without
 * JavaScript the bar shows what was chosen when the page was drawn and the server checks the total;
 * with it, the bar follows every tick and says at once when the choice goes over the budget.
 */
import { useState } from "react";
import { useI18n } from "~/i18n/react";
import type { FieldError } from "~/lib/forms";
import { BALLOT_FIELD, ChoiceGroup, type BallotOption } from "./ballot-inputs";
import { SpendingBar, useMoney } from "./spending-bar";

export function BudgetBallotInputs({
  options,
  budget,
  maxProjects,
  defaultValues,
  error,
}: {
  options: BallotOption[];
  budget: number;
  /** At most this many projects, when the vote sets a limit. */
  maxProjects?: number | null;
  defaultValues: ReadonlySet<string>;
  error?: FieldError;
}) {
  const { t } = useI18n();
  const money = useMoney();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(defaultValues);
  const costOf = new Map(options.map((option) => [option.id, option.cost ?? 0]));
  const spent = [...chosen].reduce((sum, id) => sum + (costOf.get(id) ?? 0), 0);
  const toggle = (id: string, on: boolean) =>
    setChosen((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <ChoiceGroup
      id={`field-${BALLOT_FIELD}`}
      legend={t("ballot.budgetLegend", { budget: money(budget) })}
      hint={
        <>
          {t("ballot.budgetHint")}
          {maxProjects ? ` ${t("ballot.budgetMaxProjects", { count: maxProjects })}` : null}
        </>
      }
      error={error}
      className="budget-ballot"
    >
      <SpendingBar spent={spent} budget={budget} live id="ballot-spending" />
      <ul className="ballot-list">
        {options.map((option) => (
          <li key={option.id}>
            <label className="ballot-check ballot-check--project">
              <input
                type="checkbox"
                name="option"
                value={option.id}
                defaultChecked={defaultValues.has(option.id)}
                onChange={(event) => toggle(option.id, event.target.checked)}
              />
              <span className="ballot-check__name">{option.name}</span>
              <span className="ballot-check__cost">{money(option.cost ?? 0)}</span>
            </label>
          </li>
        ))}
      </ul>
    </ChoiceGroup>
  );
}
