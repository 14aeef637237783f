/**
 * Exact shares (quorums, thresholds). A share given as a JavaScript number is read by its shortest
 * decimal spelling, so `0.3` means exactly 3/10 and not the nearest binary fraction; shares that
 * have no finite decimal (one third) are given as `{ numerator, denominator }`.
 */
import { CountError } from "./errors";

export interface Share {
  readonly numerator: number;
  readonly denominator: number;
}

/** A share as an exact fraction of bigints, checked to lie in [0, 1]. */
export function exactShare(share: number | Share, what: string): { num: bigint; den: bigint } {
  let num: bigint;
  let den: bigint;
  if (typeof share === "number") {
    const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(share));
    if (!Number.isFinite(share) || !match)
      throw new CountError(`${what} must be a share from 0 to 1, got ${share}`);
    const digits = (match[1] ?? "") + (match[2] ?? "");
    const exponent = Number(match[3] ?? "0") - (match[2] ?? "").length;
    num = BigInt(digits) * (exponent > 0 ? 10n ** BigInt(exponent) : 1n);
    den = exponent < 0 ? 10n ** BigInt(-exponent) : 1n;
  } else {
    const { numerator, denominator } = share;
    if (
      !Number.isSafeInteger(numerator) ||
      !Number.isSafeInteger(denominator) ||
      numerator < 0 ||
      denominator < 1
    ) {
      throw new CountError(
        `${what} must be a fraction of whole numbers with a positive denominator`,
      );
    }
    num = BigInt(numerator);
    den = BigInt(denominator);
  }
  if (num > den) throw new CountError(`${what} must be a share from 0 to 1, got ${num}/${den}`);
  return { num, den };
}

/** The smallest whole number n with n ≥ total × share: how many are needed to reach the share. */
export function neededFor(total: number, share: { num: bigint; den: bigint }): number {
  const product = BigInt(total) * share.num;
  return Number((product + share.den - 1n) / share.den);
}
