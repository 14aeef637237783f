import { describe, expect, it } from "vitest";
import { BallotError, CountError } from "~/domain/voting/errors";
import { score } from "~/domain/voting/score";

const options = ["a", "b", "c"];

describe("score", () => {
  it("ranks by mean rating, compared exactly", () => {
    // a: (5 + 4) / 2 = 4.5; b: (5 + 5 + 3) / 3 = 4.33…; c: 2.
    const result = score({ options, ballots: [{ a: 5, b: 5, c: 2 }, { a: 4, b: 5 }, { b: 3 }] });
    expect(result).toMatchObject({ winner: "a", ranking: ["a", "b", "c"], by: "mean" });
    expect(result.scores.b).toEqual({ total: 13, ratings: 3, mean: 13 / 3, qualified: true });
  });

  it("ranks by total when asked", () => {
    const result = score(
      { options, ballots: [{ a: 5, b: 5, c: 2 }, { a: 4, b: 5 }, { b: 3 }] },
      { by: "total" },
    );
    expect(result.ranking).toEqual(["b", "a", "c"]);
  });

  it("an option with too few ratings cannot outrank one with enough", () => {
    const ballots: Record<string, number>[] = [{ a: 5 }, { b: 4, c: 1 }, { b: 4, c: 1 }];
    expect(score({ options, ballots }).winner).toBe("a");
    const result = score({ options, ballots }, { minRatings: 2 });
    expect(result.ranking).toEqual(["b", "c", "a"]);
    expect(result.scores.a?.qualified).toBe(false);
  });

  it("equal means tie, even when the fractions are written differently (2/4 = 3/6)", () => {
    const result = score({
      options,
      ballots: [{ a: 1, b: 1 }, { a: 1, b: 1 }, { a: 0, b: 0 }, { a: 0, b: 0 }, { b: 1 }, { b: 0 }],
    });
    expect(result.tiers[0]).toEqual(["a", "b"]);
    expect(result.winner).toBeNull();
  });

  it("a 0 is a rating; a missing option is not rated; nobody rated comes last", () => {
    const result = score({ options, ballots: [{ a: 0 }] });
    expect(result.ranking).toEqual(["a", "b", "c"]);
    expect(result.scores.b).toEqual({ total: 0, ratings: 0, mean: null, qualified: false });
  });

  it("no ballots: no winner", () => {
    expect(score({ options, ballots: [] })).toMatchObject({ winner: null, tiers: [options] });
  });

  it("rejects scores outside 0–5, fractions and unknown options", () => {
    expect(() => score({ options, ballots: [{ a: 6 }] })).toThrow(BallotError);
    expect(() => score({ options, ballots: [{ a: 1 }, { a: 2.5 }] })).toThrow(
      /^ballot 2: the score for "a" must be a whole number from 0 to 5/,
    );
    expect(() => score({ options, ballots: [{ z: 1 }] })).toThrow(/"z" is not one of the options/);
    expect(() => score({ options, ballots: [] }, { min: 3, max: 1 })).toThrow(CountError);
  });
});
