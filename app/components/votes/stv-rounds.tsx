/**
 * A single-transferable-vote count (Meek): who was elected, then the rounds as a table with the
 * quota, each candidate's votes (exact decimals, as the count has them) and the exhausted weight.
 */
import type { StvResult } from "~/domain/voting";
import { useI18n } from "~/i18n/react";
import type { OptionNames } from "./option-results";
import { RoundsTable } from "./rounds-table";

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
      <RoundsTable
        id="stv"
        rounds={result.rounds}
        rows={result.ranking}
        name={name}
        votes={(round, id) => round.votes[id]}
        mark={(round, id) =>
          round.elected.includes(id)
            ? t("results.electedMark")
            : round.excluded.includes(id)
              ? t("results.excludedMark")
              : undefined
        }
        highlight={(id) => result.winners.includes(id)}
        summary={[
          { label: t("results.quota"), value: (round) => round.quota },
          { label: t("results.exhausted"), value: (round) => round.exhausted },
        ]}
      />
    </section>
  );
}
