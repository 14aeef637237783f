/**
 * Vote numbers as people read them, wherever a page shows them: counts and weights with at most two
 * decimals, shares in percent with at most one. A count itself keeps every decimal (single
 * transferable vote carries nine); the exact values are in the CSV and JSON downloads.
 */
import { useI18n } from "~/i18n/react";
import type { Translator } from "~/i18n/translator";

/** The most decimals a count or weight shows on a page. */
export const SHOWN_DECIMALS = 2;

/** A count or a weight (a number, or an exact decimal string as STV gives them). */
export function voteNumber(format: Translator["number"], value: number | string): string {
  return format(typeof value === "string" ? Number(value) : value, {
    maximumFractionDigits: SHOWN_DECIMALS,
  });
}

/** `part` of `whole` in percent, one decimal at most; 0 when there is nothing to divide by. */
export function votePercent(format: Translator["number"], part: number, whole: number): string {
  return format(whole > 0 ? (100 * part) / whole : 0, { maximumFractionDigits: 1 });
}

/** The two formats in the reader's language: `const { count, percent } = useVoteNumbers();` */
export function useVoteNumbers() {
  const { number } = useI18n();
  return {
    count: (value: number | string) => voteNumber(number, value),
    percent: (part: number, whole: number) => votePercent(number, part, whole),
  };
}
