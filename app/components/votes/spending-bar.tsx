/**
 * How much of a budget is spent: a bar with the budget marked, and the same in words beside it. The
 * words carry the meaning (the bar is hidden from screen readers); past the budget, the part over
 * is drawn in the danger colour AND hatched, and the words say by how much.
 */
import { useI18n } from "~/i18n/react";

/** Amounts of money in the reader's conventions (yuan; no cents unless there are some). */
export function useMoney() {
  const { number } = useI18n();
  return (value: number) =>
    number(value, {
      style: "currency",
      currency: "CNY",
      minimumFractionDigits: 0,
      maximumFractionDigits: 2,
    });
}

export function SpendingBar({
  spent,
  budget,
  live = false,
  funded = false,
  id,
}: {
  spent: number;
  budget: number;
  /** On a ballot, the words are announced as they change (politely). */
  live?: boolean;
  /** In results: what the funded projects cost, rather than what a voter chose. */
  funded?: boolean;
  id?: string;
}) {
  const { t, number } = useI18n();
  const money = useMoney();
  const scale = Math.max(budget, spent, 1);
  const within = (100 * Math.min(spent, budget)) / scale;
  const over = spent > budget ? (100 * (spent - budget)) / scale : 0;
  const budgetAt = (100 * budget) / scale;
  const percent = budget > 0 ? Math.round((100 * spent) / budget) : 0;
  return (
    <div className={`spending ${spent > budget ? "spending--over" : ""}`} id={id}>
      <svg
        className="spending__bar"
        viewBox="0 0 100 10"
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        <defs>
          <pattern
            id={`${id ?? "spending"}-hatch`}
            width="2"
            height="2"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect className="spending__hatch" width="1" height="2" />
          </pattern>
        </defs>
        <rect className="spending__track" width="100" height="10" />
        <rect className="spending__fill" width={within} height="10" />
        {over > 0 ? (
          <>
            <rect className="spending__over" x={within} width={over} height="10" />
            <rect x={within} width={over} height="10" fill={`url(#${id ?? "spending"}-hatch)`} />
          </>
        ) : null}
        <line
          className="spending__budget"
          x1={budgetAt}
          x2={budgetAt}
          y1="0"
          y2="10"
          vectorEffect="non-scaling-stroke"
        />
      </svg>
      <p className="spending__words" aria-live={live ? "polite" : undefined}>
        {spent > budget
          ? t("budget.overBy", {
              spent: money(spent),
              budget: money(budget),
              over: money(spent - budget),
            })
          : t(funded ? "budget.fundedOf" : "budget.spentOf", {
              spent: money(spent),
              budget: money(budget),
              left: money(budget - spent),
              percent: number(percent),
            })}
      </p>
    </div>
  );
}
