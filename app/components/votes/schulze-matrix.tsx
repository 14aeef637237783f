/**
 * A Schulze count: the ranking, then the pairwise matrix (how many voters put the row's option
 * above the column's). A cell where the row's option wins the pair is bold and marked with a word
 * for screen readers, so that neither colour nor weight alone carries it.
 */
import type { SchulzeResult } from "~/domain/voting";
import { useI18n } from "~/i18n/react";
import { RankingList, type OptionNames } from "./option-results";
import { useVoteNumbers } from "./vote-numbers";

export function SchulzeMatrix({ result, names }: { result: SchulzeResult; names: OptionNames }) {
  const { t } = useI18n();
  const { count } = useVoteNumbers();
  const name = (id: string) => names[id] ?? id;
  const index = new Map(result.options.map((id, i) => [id, i]));
  // Rows and columns in the order of the final ranking: wins then sit above the diagonal.
  const order = result.ranking.filter((id) => index.has(id));
  return (
    <section className="stack schulze" aria-labelledby="schulze-title">
      <h3 id="schulze-title" className="visually-hidden">
        {t("results.schulzeTitle")}
      </h3>
      <RankingList tiers={result.tiers} names={names} winner={result.winner} lot={result.lot} />
      {/* A scrollable region must be reachable by keyboard (WCAG 2.1.1), hence the tabIndex. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className="table-wrap" role="region" aria-labelledby="schulze-caption" tabIndex={0}>
        <table className="table matrix">
          <caption id="schulze-caption">
            {t("results.matrixCaption", { ballots: result.ballots })}
          </caption>
          <thead>
            <tr>
              <td />
              {order.map((id) => (
                <th key={id} scope="col" className="numeric">
                  {name(id)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {order.map((row) => {
              const r = index.get(row) as number;
              return (
                <tr key={row}>
                  <th scope="row">{name(row)}</th>
                  {order.map((column) => {
                    const c = index.get(column) as number;
                    if (r === c)
                      return (
                        <td key={column} className="numeric matrix__self">
                          <span aria-hidden="true">—</span>
                        </td>
                      );
                    const over = result.matrix[r]?.[c] ?? 0;
                    const under = result.matrix[c]?.[r] ?? 0;
                    return (
                      <td key={column} className={`numeric${over > under ? " matrix__win" : ""}`}>
                        {count(over)}
                        {over > under ? (
                          <span className="visually-hidden"> {t("results.matrixWins")}</span>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted">{t("results.matrixHelp")}</p>
    </section>
  );
}
