/**
 * A ballot's content in words, as the published ballot box and the receipt check show it: the
 * choice, the options approved, the scores, the position and reason, or the ranking ("1 A, 2 B").
 */
import type { BallotContent, VoteMethod } from "~/domain/vote-rules";
import { useI18n } from "~/i18n/react";

export function BallotContentText({
  content,
  method,
  names,
}: {
  content: BallotContent;
  method: VoteMethod;
  names: Readonly<Record<string, string>>;
}) {
  const { t, enumerate, clauses, labelled } = useI18n();
  const name = (id: string) => names[id] ?? id;
  const list = (ids: readonly string[]) =>
    ids.length === 0 ? t("ballotBox.blank") : enumerate(ids.map(name));
  switch (method) {
    case "majority":
      return <>{t(`ballot.choice.${content as "yes" | "no" | "abstain"}`)}</>;
    case "approval":
      return <>{list(content as readonly string[])}</>;
    case "budget":
      return <>{list((content as { approvals: readonly string[] }).approvals)}</>;
    case "score": {
      const entries = Object.entries(content as Record<string, number>);
      return (
        <>
          {entries.length === 0
            ? t("ballotBox.blank")
            : clauses(
                entries.map(([id, score]) => t("ballotBox.score", { name: name(id), score })),
              )}
        </>
      );
    }
    case "consent": {
      const ballot = content as { position: "consent" | "stand_aside" | "object"; reason?: string };
      return (
        <>
          {ballot.reason
            ? labelled(t(`ballot.position.${ballot.position}`), ballot.reason)
            : t(`ballot.position.${ballot.position}`)}
        </>
      );
    }
    default: {
      const ranks = content as ReadonlyArray<ReadonlyArray<string>>;
      if (ranks.length === 0) return <>{t("ballotBox.blank")}</>;
      return (
        <ol className="ballot-ranks">
          {ranks.map((rank) => (
            <li key={rank.join("|")}>{rank.map(name).join(" = ")}</li>
          ))}
        </ol>
      );
    }
  }
}
