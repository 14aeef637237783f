import { describe, expect, it } from "vitest";
import { BallotError, CountError } from "~/domain/voting/errors";
import { majority, type MajorityBallot, type MajorityOptions } from "~/domain/voting/majority";

function ballots(yes: number, no: number, abstain = 0): MajorityBallot[] {
  return [
    ...Array<MajorityBallot>(yes).fill("yes"),
    ...Array<MajorityBallot>(no).fill("no"),
    ...Array<MajorityBallot>(abstain).fill("abstain"),
  ];
}

describe("majority", () => {
  it.each<[string, number, number, number, MajorityOptions, "passed" | "rejected" | "no_quorum"]>([
    ["more yes than no passes", 3, 2, 0, {}, "passed"],
    ["a tie is rejected", 2, 2, 0, {}, "rejected"],
    ["abstentions do not count toward the threshold", 3, 2, 10, {}, "passed"],
    ["two thirds reached exactly", 4, 2, 0, { threshold: "two_thirds" }, "passed"],
    ["two thirds missed by one", 3, 2, 0, { threshold: "two_thirds" }, "rejected"],
    [
      "majority of eligible: 6 of 10",
      6,
      0,
      0,
      { eligible: 10, threshold: "majority_of_eligible" },
      "passed",
    ],
    [
      "majority of eligible: half is not enough",
      5,
      0,
      0,
      { eligible: 10, threshold: "majority_of_eligible" },
      "rejected",
    ],
    ["exact quorum (3 of 10 at 0.3) is met", 2, 1, 0, { eligible: 10, quorum: 0.3 }, "passed"],
    ["one short of the quorum", 1, 1, 0, { eligible: 10, quorum: 0.3 }, "no_quorum"],
    ["abstentions count toward the quorum", 1, 0, 2, { eligible: 10, quorum: 0.3 }, "passed"],
    [
      "a quorum given as a fraction",
      2,
      0,
      0,
      { eligible: 9, quorum: { numerator: 1, denominator: 3 } },
      "no_quorum",
    ],
    [
      "a quorum given as a fraction, met",
      3,
      0,
      0,
      { eligible: 9, quorum: { numerator: 1, denominator: 3 } },
      "passed",
    ],
  ])("%s", (_, yes, no, abstain, options, outcome) => {
    expect(majority(ballots(yes, no, abstain), options).outcome).toBe(outcome);
  });

  it("reports the counts, the quorum and the threshold", () => {
    expect(
      majority(ballots(4, 3, 1), { eligible: 20, quorum: 0.4, threshold: "majority" }),
    ).toEqual({
      method: "majority",
      winner: "yes",
      ranking: ["yes", "no"],
      tiers: [["yes"], ["no"]],
      outcome: "passed",
      yes: 4,
      no: 3,
      abstain: 1,
      cast: 8,
      eligible: 20,
      quorum: { needed: 8, met: true },
      threshold: { rule: "majority", needed: 4, met: true },
    });
  });

  it("no ballots: rejected (no quorum asked), or no quorum", () => {
    expect(majority([])).toMatchObject({ outcome: "rejected", winner: "no" });
    expect(majority([], { eligible: 5, quorum: 0.2 })).toMatchObject({
      outcome: "no_quorum",
      winner: null,
    });
  });

  it("all abstain: the quorum can be met but the motion does not pass", () => {
    expect(majority(ballots(0, 0, 5), { eligible: 5, quorum: 0.5 })).toMatchObject({
      outcome: "rejected",
      quorum: { met: true },
    });
    expect(majority(ballots(0, 0, 5), { threshold: "two_thirds" }).outcome).toBe("rejected");
  });

  it("reads a decimal share exactly: 0.1 + 0.2 style rounding cannot move a quorum", () => {
    // 0.3 of 10 is exactly 3, where 10 * 0.3 in binary floating point is 3.0000000000000004.
    expect(majority(ballots(3, 0), { eligible: 10, quorum: 0.3 }).quorum.needed).toBe(3);
    expect(majority(ballots(3, 0), { eligible: 7, quorum: 1e-7 }).quorum.needed).toBe(1);
  });

  it("rejects bad input", () => {
    expect(() => majority(["yes", "maybe" as MajorityBallot])).toThrow(
      new BallotError(1, 'expected "yes", "no" or "abstain", got "maybe"'),
    );
    expect(() => majority(ballots(1, 0), { quorum: 0.5 })).toThrow(CountError);
    expect(() => majority(ballots(3, 0), { eligible: 2 })).toThrow(
      /3 ballots were cast but only 2/,
    );
    expect(() => majority([], { eligible: 2, quorum: 1.5 })).toThrow(/quorum must be a share/);
  });
});
