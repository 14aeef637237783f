/**
 * A single-transferable-vote count (Meek): who was elected, then the rounds as a table with the
 * quota, each candidate's votes and the exhausted weight, shown with at most two decimals (the
 * count's exact decimals are in the downloads, as the note under the table says).
 */
import type { StvResult } from "~/domain/voting";
import { useI18n } from "~/i18n/react";
import type { OptionNames } from "./option-results";
import { RoundsTable } from "./rounds-table";
import { useVoteNumbers } from "./vote-numbers";

export function StvRounds({ result, names }: { result: StvResult; names: OptionNames }) {
  const { t } = useI18n();
  const { count } = useVoteNumbers();
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
        votes={(round, id) => {
          const votes = round.votes[id];
          return votes === undefined ? undefined : count(votes);
        }}
        mark={(round, id) =>
          round.elected.includes(id)
            ? t("results.electedMark")
            : round.excluded.includes(id)
              ? t("results.excludedMark")
              : undefined
        }
        highlight={(id) => result.winners.includes(id)}
        summary={[
          { label: t("results.quota"), value: (round) => count(round.quota) },
          { label: t("results.exhausted"), value: (round) => count(round.exhausted) },
        ]}
      />
      <p className="muted">{t("results.roundedNote")}</p>
    </section>
  );
}
