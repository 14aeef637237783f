/**
 * Instant-runoff voting (IRV, "ranked-choice voting" in the US): one winner from ranked ballots.
 *
 * Every ballot counts for its highest-ranked option still in the count; each round the weakest
 * option is excluded and its ballots move on to their next choice, until an option holds more than
 * half of the ballots still counting. Rules, pinned as options with defaults:
 * - A skipped rank is passed over (the ballot goes on to its next rank).
 * - An overvote (several options at one rank) exhausts the ballot when the count reaches that rank
 *   (`overvote: "exhaust"`, default, as in San Francisco and Oakland: which options it names does
 *   not matter, even excluded ones), or is passed over like a skipped rank (`"skip"`), or
 *   (`"exhaust_if_multiple_continuing"`, as the official Burlington 2009 count) counts for the one
 *   named option still in the count, exhausts the ballot if several are, and is passed over if
 *   none is.
 * - An option ranked below an excluded one simply receives the ballot later; ranking any subset of
 *   the options is fine. A ballot with no further usable choice is exhausted and counted as such.
 * - Stop: as soon as an option holds more than half of the votes of the round (the votes for
 *   options still in the count, exhausted ballots left out), or when one option remains. With
 *   `stopAtMajority: false` the count goes on until two options remain, as some offices report it.
 * - Options with no votes at all are excluded together at once (`dropZeroVotes`, default true):
 *   excluding them in any order changes nothing, and a tie among them needs no draw.
 * - Otherwise the option with the fewest votes is excluded. A tie for last is broken by the previous
 *   rounds' counts, most recent first (`backwardsTieBreak`, default true), then by the seeded lot
 *   (`seed`, default 0; see `tiebreak.ts`). The draw is published in the result when it was used.
 * - `batchElimination` (default false): exclude at once the largest group of weakest options whose
 *   votes together are fewer than those of the next option, since none of them could catch up.
 * - If no ballot counts for any option (no ballots, or all exhausted), the remaining options tie
 *   and `winner` is null.
 *
 * Cost: each ballot is visited once when counted and once per transfer, so a count is linear in
 * the total length of the ballots, whatever the number of rounds.
 */
import { CountError } from "./errors";
import { OPTION_MASK, TIED, toProfile, type RankedInput } from "./profile";
import { isSeed } from "./prng";
import { Lot, pickForExclusion, type TieBreak } from "./tiebreak";
import type { CountResult, LotDraw, OptionId } from "./types";

export interface IrvOptions {
  /**
   * What an overvote does: "exhaust" the ballot (default), "skip" the rank, or
   * "exhaust_if_multiple_continuing": count it for its one option still in the count, exhaust it if
   * two or more are still in, pass over it if none is.
   */
  readonly overvote?: OvervoteRule;
  /** Exclude several hopeless options at once. Default false. */
  readonly batchElimination?: boolean;
  /** Exclude all options without votes together. Default true. */
  readonly dropZeroVotes?: boolean;
  /** Stop when an option has a majority of the round's votes. Default true. */
  readonly stopAtMajority?: boolean;
  /** Break ties for last by earlier rounds before drawing lots. Default true. */
  readonly backwardsTieBreak?: boolean;
  /** Seed of the lot (an unsigned 32-bit integer). Default 0. */
  readonly seed?: number;
}

export type OvervoteRule = "exhaust" | "skip" | "exhaust_if_multiple_continuing";

export interface IrvTransfer {
  readonly from: OptionId;
  /** The option the ballots moved to, or null for ballots that were exhausted. */
  readonly to: OptionId | null;
  readonly votes: number;
}

export interface IrvRound {
  readonly round: number;
  /** Votes of each option still in the count at the start of this round. */
  readonly votes: Readonly<Record<OptionId, number>>;
  /** Ballots counting for some option this round. */
  readonly active: number;
  /** Ballots exhausted so far (from round 1 on: those with no usable first choice). */
  readonly exhausted: number;
  /** Of `exhausted`, those stopped by an overvote. */
  readonly exhaustedByOvervote: number;
  /** Options excluded at the end of this round (empty in the last round). */
  readonly eliminated: readonly OptionId[];
  readonly reason: "no_votes" | "batch" | "fewest" | null;
  readonly tieBreak?: TieBreak;
  /** Where the excluded options' ballots went (they count there from the next round). */
  readonly transfers: readonly IrvTransfer[];
}

export interface IrvResult extends CountResult {
  readonly method: "irv";
  readonly rounds: readonly IrvRound[];
  /** Ballots cast (weights included). */
  readonly ballots: number;
  readonly rules: Required<IrvOptions>;
  /** The lot, when a tie needed it. */
  readonly lot?: LotDraw;
}

export const OVERVOTE_RULES: readonly OvervoteRule[] = [
  "exhaust",
  "skip",
  "exhaust_if_multiple_continuing",
];

const EXHAUSTED = -1;
const OVERVOTED = -2;

export function irv(input: RankedInput, settings: IrvOptions = {}): IrvResult {
  const rules: Required<IrvOptions> = {
    overvote: settings.overvote ?? "exhaust",
    batchElimination: settings.batchElimination ?? false,
    dropZeroVotes: settings.dropZeroVotes ?? true,
    stopAtMajority: settings.stopAtMajority ?? true,
    backwardsTieBreak: settings.backwardsTieBreak ?? true,
    seed: settings.seed ?? 0,
  };
  if (!OVERVOTE_RULES.includes(rules.overvote)) {
    throw new CountError(
      `unknown overvote rule "${String(rules.overvote)}" (${OVERVOTE_RULES.join(", ")})`,
    );
  }
  if (!isSeed(rules.seed)) throw new CountError(`the seed must be an integer from 0 to 4294967295`);
  const profile = toProfile(input);
  const { options, size, weights, starts, cells } = profile;
  const n = options.length;
  const overvoteMode = rules.overvote === "exhaust" ? 0 : rules.overvote === "skip" ? 1 : 2;

  const inCount = new Uint8Array(n).fill(1);
  // Ballots counting for each option, as singly linked lists threaded through `next`: excluding an
  // option walks only its own ballots.
  const head = new Int32Array(n).fill(-1);
  const next = new Int32Array(size);
  // The cell of each ballot's current choice: an option still in the count (alone at its rank,
  // except under exhaust_if_multiple_continuing).
  const current = new Int32Array(size);
  const votes = new Float64Array(n);
  let exhausted = 0;
  let exhaustedByOvervote = 0;

  /**
   * The first usable choice of ballot `b` in the ranks after the one holding cell `after` (-1: from
   * the top): the cell of an option still in the count, or EXHAUSTED / OVERVOTED.
   */
  const seek = (b: number, after: number): number => {
    const end = starts[b + 1] as number;
    let c = after < 0 ? (starts[b] as number) : after + 1;
    while (c < end && ((cells[c] as number) & TIED) !== 0) c++; // rest of the current rank
    while (c < end) {
      let rankEnd = c + 1;
      while (rankEnd < end && ((cells[rankEnd] as number) & TIED) !== 0) rankEnd++;
      if (rankEnd - c === 1) {
        if (inCount[cells[c] as number] === 1) return c; // a rank's first cell has no TIED bit
      } else if (overvoteMode === 0) {
        return OVERVOTED;
      } else if (overvoteMode === 2) {
        let live = -1;
        for (let k = c; k < rankEnd; k++) {
          if (inCount[(cells[k] as number) & OPTION_MASK] === 1) {
            if (live >= 0) return OVERVOTED;
            live = k;
          }
        }
        if (live >= 0) return live;
      }
      c = rankEnd;
    }
    return EXHAUSTED;
  };

  for (let b = 0; b < size; b++) {
    const c = seek(b, -1);
    const w = weights[b] as number;
    if (c >= 0) {
      const option = (cells[c] as number) & OPTION_MASK;
      current[b] = c;
      next[b] = head[option] as number;
      head[option] = b;
      votes[option] = (votes[option] as number) + w;
    } else {
      exhausted += w;
      if (c === OVERVOTED) exhaustedByOvervote += w;
    }
  }

  const lot = new Lot(options, rules.seed);
  const history: Float64Array[] = [];
  const rounds: IrvRound[] = [];
  /** Excluded options, in order, as groups excluded together (with their votes then). */
  const excluded: { option: number; votes: number }[][] = [];
  let winner: number | null = null;

  for (;;) {
    const standing: number[] = [];
    let active = 0;
    for (let o = 0; o < n; o++) {
      if (inCount[o] === 1) {
        standing.push(o);
        active += votes[o] as number;
      }
    }
    history.push(votes.slice());
    const roundNumber = history.length;
    const roundVotes = Object.fromEntries(
      standing.map((o) => [options[o] as OptionId, votes[o] as number]),
    );
    const report = {
      round: roundNumber,
      votes: roundVotes,
      active,
      exhausted,
      exhaustedByOvervote,
    };

    let top = standing[0];
    for (const o of standing) if ((votes[o] as number) > (votes[top as number] as number)) top = o;
    const decided =
      top !== undefined &&
      active > 0 &&
      (standing.length === 1 ||
        ((rules.stopAtMajority || standing.length === 2) && 2 * (votes[top] as number) > active));
    if (decided || active === 0 || standing.length === 0) {
      if (decided) winner = top as number;
      rounds.push({ ...report, eliminated: [], reason: null, transfers: [] });
      break;
    }

    const choice = chooseExclusion(standing, votes, rules);
    let losers = choice.losers;
    let tieBreak: TieBreak | undefined;
    if (losers.length > 1 && choice.reason === "fewest") {
      const picked = pickForExclusion(
        losers,
        roundNumber,
        (round, o) => (history[round - 1] as Float64Array)[o] as number,
        options,
        rules.backwardsTieBreak,
        lot,
      );
      losers = [picked.loser];
      tieBreak = picked.tieBreak;
    }
    excluded.push(losers.map((o) => ({ option: o, votes: votes[o] as number })));

    for (const o of losers) inCount[o] = 0;
    const transfers: IrvTransfer[] = [];
    const moved = new Float64Array(n + 1); // index n: exhausted
    for (const from of losers) {
      moved.fill(0);
      let b = head[from] as number;
      while (b !== -1) {
        const following = next[b] as number;
        const w = weights[b] as number;
        const c = seek(b, current[b] as number);
        if (c >= 0) {
          const to = (cells[c] as number) & OPTION_MASK;
          current[b] = c;
          next[b] = head[to] as number;
          head[to] = b;
          votes[to] = (votes[to] as number) + w;
          moved[to] = (moved[to] as number) + w;
        } else {
          exhausted += w;
          if (c === OVERVOTED) exhaustedByOvervote += w;
          moved[n] = (moved[n] as number) + w;
        }
        b = following;
      }
      head[from] = -1;
      votes[from] = 0;
      for (let to = 0; to <= n; to++) {
        const v = moved[to] as number;
        if (v > 0)
          transfers.push({
            from: options[from] as OptionId,
            to: to === n ? null : (options[to] as OptionId),
            votes: v,
          });
      }
    }
    rounds.push({
      ...report,
      eliminated: losers.map((o) => options[o] as OptionId),
      reason: choice.reason,
      ...(tieBreak ? { tieBreak } : {}),
      transfers,
    });
  }

  const tiers = finalTiers(options, votes, inCount, winner, excluded);
  const draw = lot.draw;
  return {
    method: "irv",
    winner: winner === null ? null : (options[winner] as OptionId),
    ranking: tiers.flat(),
    tiers,
    rounds,
    ballots: profile.total,
    rules,
    ...(draw ? { lot: draw } : {}),
  };
}

/** Which options to exclude this round; several tied "fewest" still need a tie-break. */
function chooseExclusion(
  standing: readonly number[],
  votes: Float64Array,
  rules: Required<IrvOptions>,
): { losers: number[]; reason: "no_votes" | "batch" | "fewest" } {
  const sorted = [...standing].sort((a, b) => (votes[a] as number) - (votes[b] as number));
  // A batch always takes in the options without votes (they are the weakest), so it comes first.
  if (rules.batchElimination) {
    // The largest k (at least 2, leaving at least 2 options) whose k weakest options together have
    // fewer votes than the (k+1)-th: no transfer among them could lift any of them past it.
    let sum = 0;
    let best = 0;
    for (let k = 1; k <= sorted.length - 2; k++) {
      sum += votes[sorted[k - 1] as number] as number;
      if (sum < (votes[sorted[k] as number] as number)) best = k;
    }
    if (best >= 2) return { losers: sorted.slice(0, best).sort((a, b) => a - b), reason: "batch" };
  }
  if (rules.dropZeroVotes) {
    const zero = standing.filter((o) => votes[o] === 0);
    if (zero.length > 0) return { losers: zero, reason: "no_votes" };
  }
  const fewest = votes[sorted[0] as number] as number;
  return { losers: standing.filter((o) => votes[o] === fewest), reason: "fewest" };
}

/**
 * Winner first; then the other options still in the count by their final votes; then the excluded
 * ones, last excluded first (options excluded together are ordered by their votes then, and tie if
 * those are equal).
 */
function finalTiers(
  options: readonly OptionId[],
  votes: Float64Array,
  inCount: Uint8Array,
  winner: number | null,
  excluded: readonly { option: number; votes: number }[][],
): OptionId[][] {
  const tiers: OptionId[][] = [];
  const pushGroup = (group: { option: number; votes: number }[]) => {
    const sorted = [...group].sort((a, b) => b.votes - a.votes || a.option - b.option);
    for (let i = 0; i < sorted.length; i++) {
      const entry = sorted[i] as { option: number; votes: number };
      const id = options[entry.option] as OptionId;
      const last = tiers[tiers.length - 1];
      if (i > 0 && last && (sorted[i - 1] as { votes: number }).votes === entry.votes)
        last.push(id);
      else tiers.push([id]);
    }
  };
  if (winner !== null) tiers.push([options[winner] as OptionId]);
  const rest: { option: number; votes: number }[] = [];
  for (let o = 0; o < options.length; o++) {
    if (inCount[o] === 1 && o !== winner) rest.push({ option: o, votes: votes[o] as number });
  }
  pushGroup(rest);
  for (let g = excluded.length - 1; g >= 0; g--)
    pushGroup([...(excluded[g] as { option: number; votes: number }[])]);
  return tiers;
}
