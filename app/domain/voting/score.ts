/**
 * Score voting: each voter rates any of the options from 0 to 5 (whole numbers); an option left
 * out is not rated, which is different from a 0.
 *
 * Rules:
 * - by "mean" (default): options are ranked by their mean rating, compared exactly (as fractions,
 *   never rounded). An option rated by fewer than `minRatings` voters (default 1) cannot outrank one
 *   that has enough ratings: a single enthusiastic 5 does not beat a hundred 4s. Options below the
 *   minimum are ranked after the others, by mean; options nobody rated come last.
 * - by "total": options are ranked by the sum of their ratings (a 0 and no rating count the same).
 * - Equal standings tie; a tie at the top leaves `winner` null unless a `seed` is given for a lot.
 * - A rating outside [min, max] or not a whole number, or an unknown option, is an input error.
 */
import { BallotError, CountError } from "./errors";
import { indexOptions } from "./profile";
import { finalResult, idTiers, tiersBy } from "./ranking";
import type { CountResult, LotDraw, OptionId, ScoreBallot } from "./types";

export interface ScoreOptions {
  /** Default "mean". */
  readonly by?: "mean" | "total";
  /** For "mean": ratings an option needs to be ranked with the others. Default 1. */
  readonly minRatings?: number;
  /** The scale. Default 0 to 5. */
  readonly min?: number;
  readonly max?: number;
  /** Breaks ties in the ranking by the seeded lot (see `prng.ts`). Default: ties stay ties. */
  readonly seed?: number;
}

export interface OptionScore {
  readonly total: number;
  readonly ratings: number;
  /** total / ratings for display (rounded by floating point; the ranking uses exact fractions). */
  readonly mean: number | null;
  /** For "mean": whether the option has at least `minRatings` ratings. */
  readonly qualified: boolean;
}

export interface ScoreResult extends CountResult {
  readonly method: "score";
  readonly by: "mean" | "total";
  readonly scores: Readonly<Record<OptionId, OptionScore>>;
  readonly ballots: number;
  readonly lot?: LotDraw;
}

export function score(
  input: { readonly options: readonly OptionId[]; readonly ballots: readonly ScoreBallot[] },
  settings: ScoreOptions = {},
): ScoreResult {
  const { options, ballots } = input;
  const index = indexOptions(options);
  const by = settings.by ?? "mean";
  const min = settings.min ?? 0;
  const max = settings.max ?? 5;
  const minRatings = settings.minRatings ?? 1;
  if (by !== "mean" && by !== "total")
    throw new CountError(`unknown score rule "${String(by)}" (mean, total)`);
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
    throw new CountError(`the scale must be whole numbers with min ≤ max, got ${min}..${max}`);
  }
  if (!Number.isSafeInteger(minRatings) || minRatings < 0) {
    throw new CountError(`minRatings must be a whole number, got ${minRatings}`);
  }

  const totals = new Array<number>(options.length).fill(0);
  const ratings = new Array<number>(options.length).fill(0);
  ballots.forEach((ballot, b) => {
    if (typeof ballot !== "object" || ballot === null || Array.isArray(ballot)) {
      throw new BallotError(b, "a score ballot is an object of option id → score");
    }
    for (const [id, value] of Object.entries(ballot as Record<string, unknown>)) {
      const option = index.get(id);
      if (option === undefined) throw new BallotError(b, `"${id}" is not one of the options`);
      if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        throw new BallotError(
          b,
          `the score for "${id}" must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
        );
      }
      totals[option] = (totals[option] as number) + value;
      ratings[option] = (ratings[option] as number) + 1;
    }
  });

  const qualified = (i: number) => (ratings[i] as number) >= Math.max(minRatings, 1);
  const compare =
    by === "total"
      ? (a: number, b: number) => (totals[b] as number) - (totals[a] as number)
      : (a: number, b: number) => {
          const qa = qualified(a);
          if (qa !== qualified(b)) return qa ? -1 : 1;
          const ra = ratings[a] as number;
          const rb = ratings[b] as number;
          if ((ra === 0) !== (rb === 0)) return ra === 0 ? 1 : -1;
          if (ra === 0) return 0;
          // mean(b) − mean(a) compared by cross-multiplying: exact while totals × ratings < 2^53.
          return Math.sign((totals[b] as number) * ra - (totals[a] as number) * rb);
        };
  const tiers = idTiers(options, tiersBy(options.length, compare));
  const counted = ratings.some((r) => r > 0);
  return {
    method: "score",
    ...finalResult(options, tiers, counted ? settings.seed : undefined),
    by,
    scores: Object.fromEntries(
      options.map((id, i) => {
        const r = ratings[i] as number;
        const entry: OptionScore = {
          total: totals[i] as number,
          ratings: r,
          mean: r === 0 ? null : (totals[i] as number) / r,
          qualified: qualified(i),
        };
        return [id, entry];
      }),
    ),
    ballots: ballots.length,
  };
}
