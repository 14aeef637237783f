import { describe, expect, it } from "vitest";
import { CountError } from "~/domain/voting/errors";
import { irv } from "~/domain/voting/irv";
import { formatFixed, stv } from "~/domain/voting/stv";
import { ranked } from "./ballots";

describe("Meek STV, worked by hand", () => {
  // 13 ballots, 2 seats: quota 13/3 = 4.333333333… → 4.333333334 (truncated, plus one unit).
  // A (6) is elected at once; A's keep factor falls to 4.333333334 / 6 = 0.722222223 (rounded up),
  // so each of A's 6 ballots passes 0.277777777 on to B. Nobody else reaches the quota, D (1) is
  // excluded, D's ballot goes to C, and C (5) is elected.
  const result = stv(ranked("6 A>B | 2 B | 4 C | 1 D>C"), { seats: 2 });

  it("elects A then C", () => {
    expect(result.winners).toEqual(["A", "C"]);
    expect(result.winner).toBe("A");
    expect(result.ranking).toEqual(["A", "C", "B", "D"]);
  });

  it("reports every round with exact decimals", () => {
    expect(result.rounds.map((r) => [r.elected, r.excluded])).toEqual([
      [["A"], []],
      [[], ["D"]],
      [["C"], []],
    ]);
    expect(result.rounds[0]).toMatchObject({
      votes: { A: "6.000000000", B: "2.000000000", C: "4.000000000", D: "1.000000000" },
      quota: "4.333333334",
      exhausted: "0.000000000",
    });
    expect(result.rounds[1]).toMatchObject({
      votes: { A: "4.333333338", B: "3.666666662", C: "4.000000000", D: "1.000000000" },
      keepFactors: { A: "0.722222223" },
    });
    expect(result.rounds[2]?.votes).toMatchObject({ C: "5.000000000" });
    expect(result.rules).toMatchObject({ method: "meek", precision: 9, seats: 2 });
  });
});

describe("Meek STV on published examples", () => {
  it("the 'food election' (20 voters, 3 seats): Chocolate, Strawberries, Oranges", () => {
    const result = stv(
      {
        options: ["Oranges", "Pears", "Chocolate", "Strawberries", "Sweets"],
        ballots: [
          { count: 4, ranks: [["Oranges"]] },
          { count: 2, ranks: [["Pears"], ["Oranges"]] },
          { count: 8, ranks: [["Chocolate"], ["Strawberries"]] },
          { count: 4, ranks: [["Chocolate"], ["Sweets"]] },
          { count: 1, ranks: [["Strawberries"]] },
          { count: 1, ranks: [["Sweets"]] },
        ],
      },
      { seats: 3 },
    );
    expect(result.winners).toEqual(["Chocolate", "Strawberries", "Oranges"]);
    expect(result.rounds.flatMap((r) => r.excluded)).toEqual(["Pears"]);
  });

  it("with one seat it elects the IRV winner", () => {
    const input = ranked("8 A | 5 B>C | 4 C>B | 2 D>C");
    expect(stv(input).winner).toBe(irv(input).winner);
    expect(stv(input).winners).toEqual(["C"]);
  });
});

describe("edge cases", () => {
  it("no ballots: nobody is elected", () => {
    const result = stv({ options: ["A", "B", "C"], ballots: [] }, { seats: 2 });
    expect(result.winners).toEqual([]);
    expect(result.winner).toBeNull();
    expect(result.tiers).toEqual([["A", "B", "C"]]);
  });

  it("as many seats as candidates: all elected, strongest first", () => {
    const result = stv(ranked("3 B | 1 A"), { seats: 2 });
    expect(result.winners).toEqual(["B", "A"]);
    expect(result.rounds).toEqual([]);
  });

  it("a tie for exclusion is broken by earlier rounds, then by the lot", () => {
    const result = stv(ranked("5 A | 3 B | 3 C | 4 D"), { seats: 2, seed: 4 });
    const tie = result.rounds.find((r) => r.tieBreak);
    expect(tie?.tieBreak).toMatchObject({ tied: ["B", "C"], by: "lot" });
    expect(result.lot?.seed).toBe(4);
  });

  it("formats fixed-point values with every decimal place", () => {
    expect(formatFixed(1_500_000_000n, 9)).toBe("1.500000000");
    expect(formatFixed(7n, 9)).toBe("0.000000007");
    expect(formatFixed(-25n, 2)).toBe("-0.25");
  });

  it("rejects bad settings", () => {
    expect(() => stv(ranked("1 A"), { seats: 0 })).toThrow(CountError);
    expect(() => stv(ranked("1 A"), { precision: 0 })).toThrow(CountError);
    expect(() => stv(ranked("1 A"), { overvote: "ignore" as "skip" })).toThrow(
      /unknown overvote rule/,
    );
  });
});
