import { describe, expect, it } from "vitest";
import { approval } from "~/domain/voting/approval";
import { BallotError } from "~/domain/voting/errors";

const options = ["a", "b", "c"];

describe("approval", () => {
  it("ranks by approvals", () => {
    const result = approval({ options, ballots: [["a", "b"], ["b"], ["b", "c"], []] });
    expect(result).toMatchObject({
      winner: "b",
      ranking: ["b", "a", "c"],
      tiers: [["b"], ["a", "c"]],
      approvals: { a: 1, b: 3, c: 1 },
      ballots: 4,
      spoiled: 0,
    });
  });

  it("spoils ballots with more than maxApprovals", () => {
    const result = approval({ options, ballots: [["a", "b"], ["c"], ["c"]] }, { maxApprovals: 1 });
    expect(result).toMatchObject({ winner: "c", approvals: { a: 0, b: 0, c: 2 }, spoiled: 1 });
  });

  it("a tie at the top: no winner unless a seed draws lots", () => {
    const tie = approval({ options, ballots: [["a"], ["b"]] });
    expect(tie.winner).toBeNull();
    expect(tie.tiers).toEqual([["a", "b"], ["c"]]);
    const drawn = approval({ options, ballots: [["a"], ["b"]] }, { seed: 2 });
    expect(["a", "b"]).toContain(drawn.winner);
    expect(drawn.lot?.seed).toBe(2);
  });

  it("no ballots: everything ties, no winner, no lot", () => {
    const result = approval({ options, ballots: [] }, { seed: 1 });
    expect(result).toMatchObject({ winner: null, tiers: [options] });
    expect(result.lot).toBeUndefined();
  });

  it("rejects unknown and repeated options", () => {
    expect(() => approval({ options, ballots: [["a"], ["z"]] })).toThrow(
      new BallotError(1, '"z" is not one of the options'),
    );
    expect(() => approval({ options, ballots: [["a", "a"]] })).toThrow(/approved twice/);
    expect(() => approval({ options, ballots: [] }, { maxApprovals: 0 })).toThrow(/maxApprovals/);
  });
});
