/**
 * A count's rounds as one table (options × rounds): the text equivalent of the round charts and what
 * people copy. Used by instant-runoff and by single transferable vote; each says what a cell holds
 * and which summary rows (exhausted ballots, quota) close the table.
 */
import type { ReactNode } from "react";
import { useI18n } from "~/i18n/react";

export interface RoundsTableProps<R extends { readonly round: number }> {
  /** Prefix of the element ids (one table per result on a page). */
  readonly id: string;
  readonly rounds: readonly R[];
  /** Option ids, one row each, in the order of the result's ranking. */
  readonly rows: readonly string[];
  readonly name: (id: string) => string;
  /** The option's count in a round, or undefined once it is out of the count. */
  readonly votes: (round: R, id: string) => ReactNode | undefined;
  /** A mark after the count ("excluded", "elected") when the round did something to the option. */
  readonly mark?: (round: R, id: string) => string | undefined;
  readonly highlight?: (id: string) => boolean;
  /** Rows below the options: a label and the round's value. */
  readonly summary: readonly { readonly label: string; readonly value: (round: R) => ReactNode }[];
}

export function RoundsTable<R extends { readonly round: number }>({
  id,
  rounds,
  rows,
  name,
  votes,
  mark,
  highlight,
  summary,
}: RoundsTableProps<R>) {
  const { t } = useI18n();
  const captionId = `${id}-table-caption`;
  return (
    // A scrollable region must be reachable by keyboard (WCAG 2.1.1), hence the tabIndex.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table">
        <caption id={captionId}>{t("results.roundsTable")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("results.option")}</th>
            {rounds.map((round) => (
              <th key={round.round} scope="col" className="numeric">
                {t("results.round", { round: round.round })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((option) => (
            <tr key={option} className={highlight?.(option) ? "table__winner" : undefined}>
              <th scope="row">{name(option)}</th>
              {rounds.map((round) => {
                const count = votes(round, option);
                const note = mark?.(round, option);
                return (
                  <td key={round.round} className="numeric">
                    {count === undefined ? (
                      <>
                        <span aria-hidden="true">—</span>
                        <span className="visually-hidden">{t("results.excluded")}</span>
                      </>
                    ) : (
                      <>
                        {count}
                        {note ? <span className="muted"> {note}</span> : null}
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
          {summary.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              {rounds.map((round) => (
                <td key={round.round} className="numeric">
                  {row.value(round)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
