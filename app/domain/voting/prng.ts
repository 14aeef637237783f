/**
 * Seeded randomness for drawing lots. Counting must be reproducible by anyone, so nothing here
 * reads a clock or `Math.random`: the seed is an input that the vote's organisers fix and publish
 * (for instance from a public dice roll when the vote opens) and the result repeats the draw.
 */
import type { OptionId } from "./types";

/** Seeds are unsigned 32-bit integers: the generator's whole state, so no two seeds draw alike. */
export function isSeed(seed: number): boolean {
  return Number.isInteger(seed) && seed >= 0 && seed <= 0xffff_ffff;
}

/**
 * mulberry32 (Tommy Ettinger's public-domain 32-bit generator): tiny, fast and well distributed for
 * this purpose. Returns a function giving the next unsigned 32-bit integer.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * A uniform integer in [0, n) from a 32-bit source, by rejection (no modulo bias, so every option
 * has exactly the same chance in a draw).
 */
export function randomBelow(next: () => number, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 0x1_0000_0000) throw new RangeError(`bad range ${n}`);
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  for (;;) {
    const x = next();
    if (x < limit) return x % n;
  }
}

/** Fisher–Yates shuffle of a copy of `items` driven by `seed`. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const next = mulberry32(seed);
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomBelow(next, i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/**
 * The lot: every option in a random order drawn from `seed`, most favoured first. Ties that need a
 * draw are broken by this one order (the option earlier in it is preferred; in an elimination the
 * later one goes), so the draw is made once, can be published in full, and does not depend on when
 * or how often a tie happens. The options are shuffled in the order they were listed.
 */
export function lotOrder(options: readonly OptionId[], seed: number): OptionId[] {
  if (!isSeed(seed))
    throw new RangeError(`the seed must be an integer from 0 to 4294967295, got ${seed}`);
  return shuffle(options, seed);
}
