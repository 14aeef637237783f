/**
 * The vocabulary shared by every counting method. Pure types and a few tiny helpers; no I/O.
 *
 * Options (candidates, proposals, projects) are named by string ids everywhere. Display names are
 * kept apart (`OptionNames`) so that a count never depends on how an option is spelled.
 */

/** An option's id: a candidate, a proposal or a project. */
export type OptionId = string;

/** Display names by option id, when the input names its options (PrefLib, Debian, CSV headers). */
export type OptionNames = Readonly<Record<OptionId, string>>;

/**
 * One rank of a ranked ballot: the options the voter put at the same position. One option is the
 * usual case; several are an equal ranking (Schulze accepts it) or an overvote (IRV and STV apply
 * their overvote rule); an empty rank is a skipped rank and is passed over.
 */
export type Rank = readonly OptionId[];

/** A ranked ballot as the voter filled it in: ranks, best first. Unranked options are omitted. */
export type Ranks = readonly Rank[];

/**
 * A ranked ballot, either bare (`[["a"], ["b", "c"], ["d"]]`) or with a `count` of identical ballots
 * it stands for (compressed files such as PrefLib's, paper batches). `count` is a positive integer.
 */
export type RankedBallot = Ranks | { readonly ranks: Ranks; readonly count?: number };

/** An approval ballot: the ids of the options the voter approves of, in any order. */
export type ApprovalBallot = readonly OptionId[];

/** A score ballot: a score per option rated; an option left out was not rated (which is not a 0). */
export type ScoreBallot = Readonly<Record<OptionId, number>>;

/**
 * What every method returns at least. `winner` is null when the top of the ranking is a tie that
 * the method's documented rule does not break (or when nothing was counted). `ranking` lists every
 * option best first; `tiers` groups the options that tie, so that a tie is never hidden. Inside a
 * tier, `ranking` keeps the order in which the options were listed, unless a seeded lot was asked
 * for, which then orders them (and decides `winner`).
 */
export interface CountResult {
  readonly winner: OptionId | null;
  readonly ranking: readonly OptionId[];
  readonly tiers: readonly (readonly OptionId[])[];
}

/**
 * How a tie in a final ranking was broken by lot, when the caller asked for it with a seed. The
 * `order` is the published draw: every option, most favoured first (see `prng.ts`).
 */
export interface LotDraw {
  readonly seed: number;
  readonly order: readonly OptionId[];
}

/**
 * The ranking of a yes/no decision (majority, consent): "yes" first when it passed, "no" first when
 * it did not, and both tied, with no winner, when too few took part for it to count.
 */
export function yesNoRanking(outcome: "passed" | "failed" | "no_quorum"): CountResult {
  if (outcome === "no_quorum")
    return { winner: null, ranking: ["yes", "no"], tiers: [["yes", "no"]] };
  return outcome === "passed"
    ? { winner: "yes", ranking: ["yes", "no"], tiers: [["yes"], ["no"]] }
    : { winner: "no", ranking: ["no", "yes"], tiers: [["no"], ["yes"]] };
}
