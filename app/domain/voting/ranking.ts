/**
 * Turning per-option standings into `winner`, `ranking` and `tiers`, the same way for every method:
 * equal standings make one tier (a tie is reported, never hidden), options inside a tier keep the
 * order in which they were listed, and a lot (see `prng.ts`) is applied only when the caller asked
 * for one with a seed.
 */
import { lotOrder } from "./prng";
import type { CountResult, LotDraw, OptionId } from "./types";

/**
 * Groups option indices into tiers, best first. `compare(a, b)` is negative when `a` stands better
 * than `b` and 0 when they are tied; it must be a consistent total preorder.
 */
export function tiersBy(count: number, compare: (a: number, b: number) => number): number[][] {
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => compare(a, b) || a - b);
  const tiers: number[][] = [];
  let previous = -1;
  for (const i of order) {
    const tier = tiers[tiers.length - 1];
    if (tier && previous >= 0 && compare(previous, i) === 0) tier.push(i);
    else tiers.push([i]);
    previous = i;
  }
  return tiers;
}

/** The ids of index tiers. */
export function idTiers(
  options: readonly OptionId[],
  tiers: readonly (readonly number[])[],
): OptionId[][] {
  return tiers.map((tier) => tier.map((i) => options[i] as OptionId));
}

/**
 * The common result fields. Without a seed a tie at the top leaves `winner` null. With a seed the
 * lot orders the options inside each tier (so `ranking` and `winner` are decided) while `tiers` still
 * shows which places were tied, and `lot` publishes the draw.
 */
export function finalResult(
  options: readonly OptionId[],
  tiers: readonly (readonly OptionId[])[],
  seed?: number,
): CountResult & { lot?: LotDraw } {
  const top = tiers[0] ?? [];
  const tied = tiers.some((tier) => tier.length > 1);
  if (seed === undefined || !tied) {
    return {
      winner: top.length === 1 ? (top[0] as OptionId) : null,
      ranking: tiers.flat(),
      tiers,
    };
  }
  const order = lotOrder(options, seed);
  const place = new Map(order.map((id, i) => [id, i]));
  const ranking = tiers.flatMap((tier) =>
    [...tier].sort((a, b) => (place.get(a) ?? 0) - (place.get(b) ?? 0)),
  );
  return {
    winner: ranking.length > 0 ? (ranking[0] as OptionId) : null,
    ranking,
    tiers,
    lot: { seed, order },
  };
}
