/**
 * Breaking a tie for last place in IRV and STV, where a count cannot go on without choosing whom to
 * exclude. The rule, as most election laws write it:
 * 1. backwards: look at the previous round; the tied option(s) with the fewest votes there are the
 *    candidates for exclusion; if several are still tied, look one round further back, and so on;
 * 2. if the first round is reached and a tie remains, the lot decides: the tied option that comes
 *    latest in the seeded, published lot order (`prng.ts`) is excluded.
 */
import { lotOrder } from "./prng";
import type { LotDraw, OptionId } from "./types";

export interface TieBreak {
  /** The options that were tied for last. */
  readonly tied: readonly OptionId[];
  readonly by: "previous_rounds" | "lot";
  /** For "previous_rounds": the round whose counts decided. */
  readonly round?: number;
}

/** Draws the lot on first use only, so that results show a draw only when one was needed. */
export class Lot {
  private place: Int32Array | null = null;
  private order: OptionId[] | null = null;
  constructor(
    private readonly options: readonly OptionId[],
    readonly seed: number,
  ) {}

  /** Position of option `i` in the lot order (0 = most favoured). */
  positionOf(i: number): number {
    if (!this.place) {
      this.order = lotOrder(this.options, this.seed);
      const index = new Map(this.options.map((id, k) => [id, k]));
      this.place = new Int32Array(this.options.length);
      this.order.forEach((id, p) => {
        (this.place as Int32Array)[index.get(id) as number] = p;
      });
    }
    return this.place[i] as number;
  }

  /** The draw, if it was used. */
  get draw(): LotDraw | undefined {
    return this.order ? { seed: this.seed, order: this.order } : undefined;
  }
}

/**
 * Which of `tied` (option indices, at least two) to exclude. `votesAt(round, option)` gives an
 * option's votes in an earlier round (1-based); `currentRound` is the round where the tie occurred.
 */
export function pickForExclusion<V extends number | bigint>(
  tied: readonly number[],
  currentRound: number,
  votesAt: (round: number, option: number) => V,
  options: readonly OptionId[],
  backwards: boolean,
  lot: Lot,
): { loser: number; tieBreak: TieBreak } {
  const tiedIds = tied.map((i) => options[i] as OptionId);
  let remaining = tied;
  if (backwards) {
    for (let round = currentRound - 1; round >= 1 && remaining.length > 1; round--) {
      let least = votesAt(round, remaining[0] as number);
      for (const i of remaining) {
        const v = votesAt(round, i);
        if (v < least) least = v;
      }
      const fewest = remaining.filter((i) => votesAt(round, i) === least);
      if (fewest.length === 1) {
        return {
          loser: fewest[0] as number,
          tieBreak: { tied: tiedIds, by: "previous_rounds", round },
        };
      }
      remaining = fewest;
    }
  }
  let loser = remaining[0] as number;
  for (const i of remaining) if (lot.positionOf(i) > lot.positionOf(loser)) loser = i;
  return { loser, tieBreak: { tied: tiedIds, by: "lot" } };
}
