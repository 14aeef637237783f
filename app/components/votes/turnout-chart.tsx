/**
 * Turnout against the electorate: one bar (ballots cast of the eligible residents), with the quorum
 * marked when the vote has one, and the same in words. Paper ballots are part of the count and
 * named in the words.
 */
import { useI18n } from "~/i18n/react";
import { BarList, MarkerLegend } from "./bar-list";
import { useVoteNumbers } from "./vote-numbers";

export function TurnoutChart({
  cast,
  electorate,
  quorum,
  paper = 0,
}: {
  cast: number;
  electorate: number;
  /** Ballots needed for the quorum and whether they were cast; null when there is no quorum. */
  quorum: { needed: number; met: boolean } | null;
  /** Of `cast`, the ballots entered from paper. */
  paper?: number;
}) {
  const { t } = useI18n();
  const { percent } = useVoteNumbers();
  const hasQuorum = quorum !== null && quorum.needed > 0;
  return (
    <figure className="vote-figure turnout">
      <figcaption className="vote-figure__caption">{t("results.turnoutTitle")}</figcaption>
      <BarList
        max={Math.max(electorate, 1)}
        markers={hasQuorum ? [{ at: quorum.needed, kind: "quorum" }] : []}
        bars={[
          {
            key: "cast",
            tone: "turnout",
            label: t("results.turnoutLabel"),
            value: cast,
            text: t("results.turnoutValue", {
              cast,
              electorate,
              percent: percent(cast, electorate),
            }),
          },
        ]}
      />
      <MarkerLegend
        items={
          hasQuorum
            ? [
                {
                  kind: "quorum",
                  text: quorum.met
                    ? t("results.quorumMet", { needed: quorum.needed })
                    : t("results.quorumNotMet", { needed: quorum.needed }),
                },
              ]
            : []
        }
      />
      {paper > 0 ? <p className="muted">{t("results.paperIncluded", { count: paper })}</p> : null}
    </figure>
  );
}
