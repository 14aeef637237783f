/**
 * A single-transferable-vote count (Meek): who was elected, then the rounds as a table with the
 * quota, each candidate's votes (exact decimals, as the count has them) and the exhausted weight.
 */
import type { StvResult } from "~/domain/voting";
import { useI18n } from "~/i18n/react";
import type { OptionNames } from "./option-results";

export function StvRounds({ result, names }: { result: StvResult; names: OptionNames }) {
  const { t } = useI18n();
  const name = (id: string) => names[id] ?? id;
  return (
    <section className="stack" aria-labelledby="stv-title">
      <h3 id="stv-title">{t("results.electedTitle", { seats: result.seats })}</h3>
      {result.winners.length === 0 ? (
        <p>{t("results.noWinner")}</p>
      ) : (
        <ol className="ranking">
          {result.winners.map((id) => (
            <li key={id} className="ranking__winner">
              {name(id)}
            </li>
          ))}
        </ol>
      )}
      {/* A scrollable region must be reachable by keyboard (WCAG 2.1.1), hence the tabIndex. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className="table-wrap" role="region" aria-labelledby="stv-caption" tabIndex={0}>
        <table className="table">
          <caption id="stv-caption">{t("results.roundsTable")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("results.option")}</th>
              {result.rounds.map((round) => (
                <th key={round.round} scope="col" className="numeric">
                  {t("results.round", { round: round.round })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.ranking.map((id) => (
              <tr key={id}>
                <th scope="row">{name(id)}</th>
                {result.rounds.map((round) => (
                  <td key={round.round} className="numeric">
                    {round.votes[id] ?? "—"}
                    {round.elected.includes(id) ? (
                      <span className="muted"> {t("results.electedMark")}</span>
                    ) : round.excluded.includes(id) ? (
                      <span className="muted"> {t("results.excludedMark")}</span>
                    ) : null}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">{t("results.quota")}</th>
              {result.rounds.map((round) => (
                <td key={round.round} className="numeric">
                  {round.quota}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">{t("results.exhausted")}</th>
              {result.rounds.map((round) => (
                <td key={round.round} className="numeric">
                  {round.exhausted}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
