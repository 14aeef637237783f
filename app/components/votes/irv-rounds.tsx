/**
 * An instant-runoff count, round by round: a group of bars per round (the options still in the
 * count, the majority line, who was excluded and where their ballots went), then the same numbers
 * as one table (options × rounds), which is the text equivalent and what people copy.
 */
import type { IrvResult, IrvRound } from "~/domain/voting";
import { useI18n } from "~/i18n/react";
import { BarList, MarkerLegend } from "./bar-list";
import type { OptionNames } from "./option-results";
import { RoundsTable } from "./rounds-table";
import { useVoteNumbers } from "./vote-numbers";

export function IrvRounds({ result, names }: { result: IrvResult; names: OptionNames }) {
  const { t } = useI18n();
  const { count } = useVoteNumbers();
  const name = (id: string) => names[id] ?? id;
  return (
    <section className="stack irv" aria-labelledby="irv-title">
      <h3 id="irv-title">{t("results.roundsTitle", { count: result.rounds.length })}</h3>
      <MarkerLegend items={[{ kind: "majority", text: t("results.majorityLine") }]} />
      <ol className="irv__rounds">
        {result.rounds.map((round) => (
          <li key={round.round} className="irv__round">
            <h4 className="irv__round-title">
              {t("results.round", { round: round.round })}{" "}
              <span className="muted">
                {t("results.roundCounting", { active: round.active, exhausted: round.exhausted })}
              </span>
            </h4>
            <BarList
              max={Math.max(1, ...Object.values(result.rounds[0]?.votes ?? {}), round.active)}
              markers={round.active > 0 ? [{ at: round.active / 2, kind: "majority" }] : []}
              bars={Object.entries(round.votes)
                .sort((a, b) => b[1] - a[1])
                .map(([id, votes]) => ({
                  key: id,
                  tone: round.eliminated.includes(id)
                    ? "out"
                    : id === result.winner && round === result.rounds[result.rounds.length - 1]
                      ? "winner"
                      : undefined,
                  label: name(id),
                  value: votes,
                  text: t("results.votes", { count: votes }),
                  note: round.eliminated.includes(id) ? t("results.excludedHere") : undefined,
                }))}
            />
            <RoundNote round={round} name={name} />
          </li>
        ))}
      </ol>
      <RoundsTable
        id="irv"
        rounds={result.rounds}
        rows={result.ranking}
        name={name}
        votes={(round, id) => {
          const votes = round.votes[id];
          return votes === undefined ? undefined : count(votes);
        }}
        mark={(round, id) =>
          round.eliminated.includes(id) ? t("results.excludedMark") : undefined
        }
        highlight={(id) => id === result.winner}
        summary={[{ label: t("results.exhausted"), value: (round) => count(round.exhausted) }]}
      />
    </section>
  );
}

/** What happened at the end of a round, in words: who was excluded, why, where the ballots went. */
function RoundNote({ round, name }: { round: IrvRound; name: (id: string) => string }) {
  const { t, enumerate, clauses } = useI18n();
  if (round.eliminated.length === 0) return null;
  const transfers = round.transfers.map((transfer) =>
    transfer.to === null
      ? t("results.transferExhausted", { votes: transfer.votes })
      : t("results.transferTo", { votes: transfer.votes, to: name(transfer.to) }),
  );
  return (
    <div className="irv__note">
      <p>
        {t(`results.excludedReason.${round.reason ?? "fewest"}`, {
          names: enumerate(round.eliminated.map(name)),
        })}
        {round.tieBreak
          ? ` ${
              round.tieBreak.by === "lot"
                ? t("results.tieByLot", { names: enumerate(round.tieBreak.tied.map(name)) })
                : t("results.tieByRound", {
                    names: enumerate(round.tieBreak.tied.map(name)),
                    round: round.tieBreak.round ?? 1,
                  })
            }`
          : null}
      </p>
      {transfers.length > 0 ? (
        <p>
          {t("results.transfers")} {clauses(transfers)}
        </p>
      ) : null}
    </div>
  );
}
