/**
 * Test helpers: ballots written the way election examples print them.
 *
 * `ranked("8 A>B>C | 2 B=C>A | 3 CAB")` → weighted ranked ballots (">" between ranks, "=" inside a
 * rank, or one letter per rank when neither appears); options are every id seen, sorted.
 */
import { readFileSync } from "node:fs";
import type { OptionId, RankedBallot } from "~/domain/voting/types";

export function ranked(spec: string): { options: OptionId[]; ballots: RankedBallot[] } {
  const ballots = spec
    .split("|")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      const [count, order = ""] = entry.split(/\s+/);
      const ranks =
        order.includes(">") || order.includes("=")
          ? order.split(">").map((group) => group.split("=").filter((id) => id !== ""))
          : order.split("").map((id) => [id]);
      return { count: Number(count), ranks };
    });
  const options = [...new Set(ballots.flatMap((b) => b.ranks.flat()))].sort();
  return { options, ballots };
}

export const FIXTURES = new URL("../../fixtures/elections/", import.meta.url);

export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), "utf8");
}
