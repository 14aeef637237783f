/**
 * The Schulze method (beatpath): a full ranking from ranked ballots, electing the Condorcet winner
 * whenever there is one. Used by Debian and many associations.
 *
 * 1. Pairwise matrix: `matrix[a][b]` is the number of voters who rank a above b.
 *    - Equal ranks are allowed: two options at the same rank are preferred neither way.
 *    - Options a ballot leaves unranked are, by default (`unranked: "below"`, Debian's rule), tied
 *      with each other below every option it ranks. With `"not_compared"` the ballot says nothing
 *      about them: it counts only between options it ranks.
 * 2. A link a→b has strength `matrix[a][b]` if more voters prefer a to b than b to a ("winning
 *    votes", default), or the margin `matrix[a][b] - matrix[b][a]` with `strength: "margin"`;
 *    otherwise there is no link (0).
 * 3. `paths[a][b]` is the strength of the strongest path from a to b, a path being as strong as its
 *    weakest link (widest paths, Floyd–Warshall).
 * 4. a beats b when `paths[a][b] > paths[b][a]`; Schulze proved this is transitive. The first tier
 *    is the options nobody beats (the potential winners), the next tier the options nobody beats
 *    once those are set aside, and so on. Options in one tier have equal strongest paths both ways:
 *    a genuine tie. A tie at the top leaves `winner` null unless a `seed` asks for a lot.
 *
 * Counting is exact (vote counts are whole numbers) and costs about L² per ballot of L ranked
 * options, plus n³ for the paths.
 */
import { CountError } from "./errors";
import { OPTION_MASK, TIED, toProfile, type RankedInput, type RankedProfile } from "./profile";
import { finalResult } from "./ranking";
import type { CountResult, LotDraw, OptionId } from "./types";

export interface SchulzeOptions {
  /** How unranked options compare: "below" every ranked option (default) or "not_compared". */
  readonly unranked?: "below" | "not_compared";
  /** Link strength: "winning" votes (default) or "margin". */
  readonly strength?: "winning" | "margin";
  /** Breaks ties in the final ranking by the seeded lot (see `prng.ts`). Default: ties stay. */
  readonly seed?: number;
}

export interface SchulzeResult extends CountResult {
  readonly method: "schulze";
  /** Row and column order of the matrices. */
  readonly options: readonly OptionId[];
  /** `matrix[a][b]`: voters ranking option a above option b. */
  readonly matrix: readonly (readonly number[])[];
  /** `paths[a][b]`: strength of the strongest path from a to b. */
  readonly paths: readonly (readonly number[])[];
  /** Options that no other option beats (more than one: a tie for first). */
  readonly potentialWinners: readonly OptionId[];
  readonly ballots: number;
  readonly rules: {
    readonly unranked: "below" | "not_compared";
    readonly strength: "winning" | "margin";
  };
  readonly lot?: LotDraw;
}

export function schulze(input: RankedInput, settings: SchulzeOptions = {}): SchulzeResult {
  const unranked = settings.unranked ?? "below";
  const strength = settings.strength ?? "winning";
  if (unranked !== "below" && unranked !== "not_compared") {
    throw new CountError(`unknown unranked rule "${String(unranked)}" (below, not_compared)`);
  }
  if (strength !== "winning" && strength !== "margin") {
    throw new CountError(`unknown strength "${String(strength)}" (winning, margin)`);
  }
  const profile = toProfile(input);
  const n = profile.options.length;
  const d = pairwise(profile, unranked);
  const p = strongestPaths(d, n, strength);

  // Tiers: peel off, again and again, the options that no remaining option beats.
  const remaining = new Set(Array.from({ length: n }, (_, i) => i));
  const tiers: OptionId[][] = [];
  while (remaining.size > 0) {
    const unbeaten = [...remaining].filter(
      (x) => ![...remaining].some((y) => (p[y * n + x] as number) > (p[x * n + y] as number)),
    );
    const tier = unbeaten.length > 0 ? unbeaten : [...remaining]; // cannot happen: the relation is transitive
    for (const x of tier) remaining.delete(x);
    tiers.push(tier.map((x) => profile.options[x] as OptionId));
  }
  const counted = profile.total > 0;
  return {
    method: "schulze",
    ...finalResult(profile.options, tiers, counted ? settings.seed : undefined),
    options: profile.options,
    matrix: toRows(d, n),
    paths: toRows(p, n),
    potentialWinners: tiers[0] ?? [],
    ballots: profile.total,
    rules: { unranked, strength },
  };
}

/**
 * The pairwise matrix, flat (`d[a * n + b]`), in one pass over the stored ballots (identical
 * ballots are stored once with their weight, see `profile.ts`). For each ranked option `o` a ballot
 * adds its weight to `ranked[o]`, to `below[o][x]` for every option x it ranks strictly above `o`,
 * and to `level[o][x]` and `level[x][o]` for every option x at `o`'s rank. `below` is stored by the
 * lower option's row so that one ballot's additions for `o` land in one short row.
 *
 * With unranked options below the ranked ones, a beats b on the ballots that rank a but neither
 * rank b above it nor level with it: `d[a][b] = ranked[a] - below[a][b] - level[a][b]`, which
 * spares a pass over the unranked options. Otherwise `d[a][b]` is `below[b][a]`.
 */
export function pairwise(
  profile: RankedProfile,
  unranked: "below" | "not_compared" = "below",
): Float64Array {
  const { size, weights, starts, cells } = profile;
  const n = profile.options.length;
  const below = new Float64Array(n * n);
  const level = new Float64Array(n * n);
  const ranked = new Float64Array(n);
  /** The options of the current ballot, in ballot order. */
  const option = new Int32Array(n);
  for (let b = 0; b < size; b++) {
    const w = weights[b] as number;
    const s = starts[b] as number;
    const length = (starts[b + 1] as number) - s;
    let rankStart = 0; // where the current rank begins on this ballot
    for (let j = 0; j < length; j++) {
      const cell = cells[s + j] as number;
      const oj = cell & OPTION_MASK;
      if ((cell & TIED) === 0) rankStart = j;
      option[j] = oj;
      ranked[oj] = (ranked[oj] as number) + w;
      const row = oj * n;
      for (let k = 0; k < rankStart; k++) {
        const at = row + (option[k] as number);
        below[at] = (below[at] as number) + w;
      }
      for (let k = rankStart; k < j; k++) {
        const ok = option[k] as number;
        level[row + ok] = (level[row + ok] as number) + w;
        level[ok * n + oj] = (level[ok * n + oj] as number) + w;
      }
    }
  }
  const d = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      d[a * n + b] =
        unranked === "below"
          ? (ranked[a] as number) - (below[a * n + b] as number) - (level[a * n + b] as number)
          : (below[b * n + a] as number);
    }
  }
  return d;
}

/** Strongest (widest) path strengths, flat, from the pairwise matrix. */
export function strongestPaths(
  d: Float64Array,
  n: number,
  strength: "winning" | "margin" = "winning",
): Float64Array {
  const p = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const ab = d[a * n + b] as number;
      const ba = d[b * n + a] as number;
      if (a !== b && ab > ba) p[a * n + b] = strength === "winning" ? ab : ab - ba;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const ji = p[j * n + i] as number;
      if (j === i || ji === 0) continue;
      for (let k = 0; k < n; k++) {
        if (k === i || k === j) continue;
        const via = Math.min(ji, p[i * n + k] as number);
        if (via > (p[j * n + k] as number)) p[j * n + k] = via;
      }
    }
  }
  return p;
}

function toRows(flat: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, a) => Array.from(flat.subarray(a * n, a * n + n)));
}
