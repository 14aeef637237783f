/**
 * Single transferable vote by Meek's method, for electing several seats (committees).
 *
 * Meek's method gives every candidate a keep factor: the share of each vote reaching them that they
 * keep, passing the rest on down the ballot. An elected candidate's keep factor is lowered until
 * they keep just a quota; excluded candidates keep nothing, so their votes pass straight on; the
 * quota falls as ballots run out of choices. Unlike hand-count rules (Scottish, Gregory), every
 * ballot is treated alike whatever the order in which things happened.
 *
 * The rules are the Proportional Representation Foundation's reference Meek rule (after Hill,
 * Wichmann and Woodall, Algorithm 123, 1987), in fixed-point decimal arithmetic on bigints, so that
 * the count is exact and reproducible to the last digit:
 * - Numbers carry `precision` decimal places (default 9). Each ballot starts with weight 1; each
 *   candidate in turn receives weight × keep factor, rounded up to the last place, and the weight
 *   left goes on. What is left after the last choice is excess (exhausted).
 * - Quota = (sum of all candidates' votes) / (seats + 1), truncated, plus one unit of the last place
 *   (a Droop quota recomputed as votes are exhausted). Hopeful candidates with votes ≥ quota are
 *   elected.
 * - Iteration: keep factor ← keep factor × quota / votes (each step rounded up), repeated until a
 *   candidate is elected, or the total surplus of the elected is below `omega` (default 10⁻⁶), or it
 *   stops shrinking.
 * - Then, if nobody was elected, the hopeful candidate with the fewest votes is excluded (keep
 *   factor 0). Ties (exactly equal votes) are broken by the previous rounds, most recent first, then
 *   by the seeded lot, as in IRV (`tiebreak.ts`); the reference rule draws lots at once instead.
 * - The count ends when the seats are filled, or when the candidates left are no more than the
 *   seats left, and those are then elected.
 * - Overvotes (several candidates at one rank) follow the IRV rules (`overvote` option, default
 *   "exhaust"), so that with one seat this count elects exactly the IRV winner.
 * If no ballot counts for any candidate (no ballots, or all exhausted), nobody more is elected.
 */
import { CountError } from "./errors";
import { OVERVOTE_RULES, type OvervoteRule } from "./irv";
import { OPTION_MASK, TIED, toProfile, type RankedInput } from "./profile";
import { isSeed } from "./prng";
import { Lot, pickForExclusion, type TieBreak } from "./tiebreak";
import type { CountResult, LotDraw, OptionId } from "./types";

export interface StvOptions {
  /** Seats to fill. Default 1. */
  readonly seats?: number;
  /** Decimal places of the arithmetic. Default 9. */
  readonly precision?: number;
  /** Surplus below which iteration stops, in decimal places: 6 means 10⁻⁶. Default 6. */
  readonly omegaPlaces?: number;
  /** As in IRV. Default "exhaust". */
  readonly overvote?: OvervoteRule;
  /** Break ties for exclusion by earlier rounds before drawing lots. Default true. */
  readonly backwardsTieBreak?: boolean;
  /** Seed of the lot. Default 0. */
  readonly seed?: number;
}

export interface StvRound {
  readonly round: number;
  /** Votes of every candidate not excluded, as exact decimals. */
  readonly votes: Readonly<Record<OptionId, string>>;
  readonly quota: string;
  /** Weight no candidate kept (exhausted ballots and rounding). */
  readonly exhausted: string;
  /** Keep factors of the elected candidates. */
  readonly keepFactors: Readonly<Record<OptionId, string>>;
  /** Iterations of the keep factors in this round. */
  readonly iterations: number;
  readonly elected: readonly OptionId[];
  readonly excluded: readonly OptionId[];
  readonly tieBreak?: TieBreak;
}

export interface StvResult extends CountResult {
  readonly method: "stv";
  /** The elected, in the order of election (the first is `winner`). */
  readonly winners: readonly OptionId[];
  readonly seats: number;
  readonly rounds: readonly StvRound[];
  readonly ballots: number;
  readonly rules: Required<StvOptions> & { readonly method: "meek" };
  readonly lot?: LotDraw;
}

const HOPEFUL = 0;
const ELECTED = 1;
const EXCLUDED = 2;

export function stv(input: RankedInput, settings: StvOptions = {}): StvResult {
  const rules = {
    method: "meek" as const,
    seats: settings.seats ?? 1,
    precision: settings.precision ?? 9,
    omegaPlaces: settings.omegaPlaces ?? 6,
    overvote: settings.overvote ?? "exhaust",
    backwardsTieBreak: settings.backwardsTieBreak ?? true,
    seed: settings.seed ?? 0,
  };
  if (!Number.isSafeInteger(rules.seats) || rules.seats < 1) {
    throw new CountError(`seats must be a positive whole number, got ${rules.seats}`);
  }
  if (!Number.isInteger(rules.precision) || rules.precision < 1 || rules.precision > 30) {
    throw new CountError(`precision must be 1 to 30 decimal places, got ${rules.precision}`);
  }
  if (
    !Number.isInteger(rules.omegaPlaces) ||
    rules.omegaPlaces < 0 ||
    rules.omegaPlaces > rules.precision
  ) {
    throw new CountError(`omegaPlaces must be 0 to ${rules.precision}, got ${rules.omegaPlaces}`);
  }
  if (!OVERVOTE_RULES.includes(rules.overvote)) {
    throw new CountError(
      `unknown overvote rule "${String(rules.overvote)}" (${OVERVOTE_RULES.join(", ")})`,
    );
  }
  if (!isSeed(rules.seed)) throw new CountError(`the seed must be an integer from 0 to 4294967295`);

  const profile = toProfile(input);
  const { options, size, weights, starts, cells } = profile;
  const n = options.length;
  const ONE = 10n ** BigInt(rules.precision);
  const omega = 10n ** BigInt(rules.precision - rules.omegaPlaces);
  const seats = BigInt(rules.seats);
  const format = (x: bigint) => formatFixed(x, rules.precision);

  const state = new Uint8Array(n); // HOPEFUL
  const keep: bigint[] = new Array<bigint>(n).fill(ONE);
  const counts = Array.from(weights.subarray(0, size), (w) => BigInt(w));
  let votes: bigint[] = new Array<bigint>(n).fill(0n);
  let excess = 0n;

  /** One pass over the ballots with the current keep factors. */
  const distribute = () => {
    votes = new Array<bigint>(n).fill(0n);
    excess = 0n;
    for (let b = 0; b < size; b++) {
      const end = starts[b + 1] as number;
      let w = ONE;
      let c = starts[b] as number;
      while (c < end && w > 0n) {
        let rankEnd = c + 1;
        while (rankEnd < end && ((cells[rankEnd] as number) & TIED) !== 0) rankEnd++;
        let choice = -1;
        if (rankEnd - c === 1) {
          choice = cells[c] as number;
        } else if (rules.overvote === "exhaust") {
          break;
        } else if (rules.overvote === "exhaust_if_multiple_continuing") {
          let live = 0;
          for (let k = c; k < rankEnd; k++) {
            const o = (cells[k] as number) & OPTION_MASK;
            if (state[o] !== EXCLUDED) {
              live++;
              choice = o;
            }
          }
          if (live > 1) break;
        }
        c = rankEnd;
        if (choice < 0 || state[choice] === EXCLUDED) continue;
        const kept = ceilDiv(w * (keep[choice] as bigint), ONE);
        votes[choice] = (votes[choice] as bigint) + kept * (counts[b] as bigint);
        w -= kept;
      }
      excess += w * (counts[b] as bigint);
    }
  };

  const lot = new Lot(options, rules.seed);
  const history: bigint[][] = [];
  const rounds: StvRound[] = [];
  const electedOrder: { option: number; votes: bigint }[][] = [];
  const excludedOrder: number[] = [];
  const stillIn = () => {
    let count = 0;
    for (let o = 0; o < n; o++) if (state[o] === HOPEFUL) count++;
    return count;
  };
  let electedCount = 0;

  distribute();

  const nothingCounts = () => votes.every((v) => v === 0n);
  while (electedCount < rules.seats && electedCount + stillIn() > rules.seats && !nothingCounts()) {
    let iterations = 0;
    let previousSurplus: bigint | null = null;
    let quota = 0n;
    let newlyElected: number[] = [];
    for (;;) {
      iterations++;
      distribute();
      const total = votes.reduce((sum, v) => sum + v, 0n);
      quota = total / (seats + 1n) + 1n;
      newlyElected = [];
      for (let o = 0; o < n; o++) {
        if (state[o] === HOPEFUL && (votes[o] as bigint) >= quota) newlyElected.push(o);
      }
      if (newlyElected.length > 0) break;
      let surplus = 0n;
      for (let o = 0; o < n; o++) {
        if (state[o] === ELECTED && (votes[o] as bigint) > quota)
          surplus += (votes[o] as bigint) - quota;
      }
      if (surplus < omega || (previousSurplus !== null && surplus >= previousSurplus)) break;
      previousSurplus = surplus;
      for (let o = 0; o < n; o++) {
        if (state[o] !== ELECTED) continue;
        const scaled = ceilDiv((keep[o] as bigint) * quota, ONE);
        keep[o] = ceilDiv(scaled * ONE, votes[o] as bigint);
      }
    }
    history.push(votes.slice());
    const roundNumber = history.length;
    let excludedNow: number[] = [];
    let tieBreak: TieBreak | undefined;
    if (newlyElected.length > 0) {
      for (const o of newlyElected) state[o] = ELECTED;
      electedCount += newlyElected.length;
      electedOrder.push(newlyElected.map((o) => ({ option: o, votes: votes[o] as bigint })));
    } else {
      const hopeful = [...Array(n).keys()].filter((o) => state[o] === HOPEFUL);
      let fewest = votes[hopeful[0] as number] as bigint;
      for (const o of hopeful) if ((votes[o] as bigint) < fewest) fewest = votes[o] as bigint;
      let loser = hopeful.filter((o) => votes[o] === fewest);
      if (loser.length > 1) {
        const picked = pickForExclusion(
          loser,
          roundNumber,
          (round, o) => (history[round - 1] as bigint[])[o] as bigint,
          options,
          rules.backwardsTieBreak,
          lot,
        );
        tieBreak = picked.tieBreak;
        loser = [picked.loser];
      }
      excludedNow = loser;
      for (const o of loser) {
        state[o] = EXCLUDED;
        keep[o] = 0n;
        excludedOrder.push(o);
      }
    }
    rounds.push({
      round: roundNumber,
      votes: Object.fromEntries(
        [...Array(n).keys()]
          .filter((o) => state[o] !== EXCLUDED || excludedNow.includes(o))
          .map((o) => [options[o] as OptionId, format(votes[o] as bigint)]),
      ),
      quota: format(quota),
      exhausted: format(excess),
      keepFactors: Object.fromEntries(
        [...Array(n).keys()]
          .filter((o) => state[o] === ELECTED)
          .map((o) => [options[o] as OptionId, format(keep[o] as bigint)]),
      ),
      iterations,
      elected: newlyElected.map((o) => options[o] as OptionId),
      excluded: excludedNow.map((o) => options[o] as OptionId),
      ...(tieBreak ? { tieBreak } : {}),
    });
  }

  // The end: seats left are filled by the candidates still hopeful, if they are few enough; any
  // others lose. Both groups are ordered by their last votes. If no ballot counts for anyone (no
  // ballots, or all exhausted), nobody more is elected: the candidates left tie.
  const remaining = [...Array(n).keys()]
    .filter((o) => state[o] === HOPEFUL)
    .map((o) => ({ option: o, votes: votes[o] as bigint }));
  if (nothingCounts()) {
    return finish(
      electedOrder,
      remaining.length > 0 ? [remaining.map((r) => options[r.option] as OptionId)] : [],
    );
  }
  if (electedCount + remaining.length <= rules.seats && remaining.length > 0) {
    for (const r of remaining) state[r.option] = ELECTED;
    electedOrder.push(remaining);
    return finish(electedOrder, []);
  }
  return finish(electedOrder, groupByVotes(remaining, options));

  function finish(
    elected: readonly { option: number; votes: bigint }[][],
    losing: readonly OptionId[][],
  ): StvResult {
    const tiers: OptionId[][] = [];
    for (const group of elected) tiers.push(...groupByVotes(group, options));
    tiers.push(...losing);
    for (let k = excludedOrder.length - 1; k >= 0; k--)
      tiers.push([options[excludedOrder[k] as number] as OptionId]);
    const winners = elected.flatMap((group) => groupByVotes(group, options).flat());
    const draw = lot.draw;
    return {
      method: "stv",
      winner: winners[0] ?? null,
      ranking: tiers.flat(),
      tiers,
      winners,
      seats: rules.seats,
      rounds,
      ballots: profile.total,
      rules,
      ...(draw ? { lot: draw } : {}),
    };
  }
}

/** Options by votes, most first; equal votes share a tier. */
function groupByVotes(
  group: readonly { option: number; votes: bigint }[],
  options: readonly OptionId[],
): OptionId[][] {
  const sorted = [...group].sort((a, b) =>
    a.votes === b.votes ? a.option - b.option : a.votes > b.votes ? -1 : 1,
  );
  const tiers: OptionId[][] = [];
  sorted.forEach((entry, i) => {
    const id = options[entry.option] as OptionId;
    const last = tiers[tiers.length - 1];
    if (i > 0 && last && (sorted[i - 1] as { votes: bigint }).votes === entry.votes) last.push(id);
    else tiers.push([id]);
  });
  return tiers;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** A fixed-point bigint as a decimal string with all its places ("12.500000000"). */
export function formatFixed(value: bigint, places: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(places + 1, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}
