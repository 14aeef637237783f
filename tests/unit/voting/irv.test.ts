import { describe, expect, it } from "vitest";
import { BallotError, CountError } from "~/domain/voting/errors";
import { irv, type IrvResult } from "~/domain/voting/irv";
import { ranked } from "./ballots";

/** Every round accounts for every ballot: counting + exhausted = cast. */
function expectBallotsAccountedFor(result: IrvResult): void {
  for (const round of result.rounds) {
    const counted = Object.values(round.votes).reduce((a, b) => a + b, 0);
    expect(counted).toBe(round.active);
    expect(round.active + round.exhausted).toBe(result.ballots);
  }
}

describe("a hand-worked count", () => {
  // 19 ballots. Round 1: A 8, B 5, C 4, D 2; nobody has more than 9.5. D goes, its 2 ballots move
  // to C (6). Round 2: A 8, B 5, C 6; B goes, its 5 ballots move to C (11). Round 3: C 11 of 19.
  const input = ranked("8 A | 5 B>C | 4 C>B | 2 D>C");
  const result = irv(input);

  it("elects C in round 3", () => {
    expect(result.winner).toBe("C");
    expect(result.ranking).toEqual(["C", "A", "B", "D"]);
    expect(result.rounds.map((r) => r.votes)).toEqual([
      { A: 8, B: 5, C: 4, D: 2 },
      { A: 8, B: 5, C: 6 },
      { A: 8, C: 11 },
    ]);
  });

  it("reports what was eliminated, why, and where the ballots went", () => {
    expect(result.rounds.map((r) => [r.eliminated, r.reason])).toEqual([
      [["D"], "fewest"],
      [["B"], "fewest"],
      [[], null],
    ]);
    expect(result.rounds[0]?.transfers).toEqual([{ from: "D", to: "C", votes: 2 }]);
    expect(result.rounds[1]?.transfers).toEqual([{ from: "B", to: "C", votes: 5 }]);
    expect(result.rounds.map((r) => r.exhausted)).toEqual([0, 0, 0]);
    expectBallotsAccountedFor(result);
  });

  it("publishes the rules it used and no lot (none was needed)", () => {
    expect(result.rules).toEqual({
      overvote: "exhaust",
      batchElimination: false,
      dropZeroVotes: true,
      stopAtMajority: true,
      backwardsTieBreak: true,
      seed: 0,
    });
    expect(result.lot).toBeUndefined();
  });
});

describe("ballot rules", () => {
  it("a skipped rank moves on to the next one", () => {
    const result = irv({
      options: ["A", "B", "C"],
      ballots: [[["A"], [], ["C"]], [["B"]], [["B"]], [["C"]], [["C"]]],
    });
    expect(result.rounds[0]?.transfers).toEqual([{ from: "A", to: "C", votes: 1 }]);
    expect(result.winner).toBe("C");
  });

  it("ballots with no further choice are exhausted and counted as such", () => {
    const result = irv(ranked("4 A | 3 B | 2 C"));
    expect(result.rounds[0]?.transfers).toEqual([{ from: "C", to: null, votes: 2 }]);
    expect(result.rounds[1]).toMatchObject({ votes: { A: 4, B: 3 }, exhausted: 2, active: 7 });
    expect(result.winner).toBe("A");
    expectBallotsAccountedFor(result);
  });

  describe("an overvote (two options at one rank)", () => {
    // Round 1: A 6, B 5, C 3, D 4: C goes. Two of C's ballots go on to an overvote (A and B).
    const input = ranked("6 A | 5 B | 2 C>A=B>D | 1 C | 4 D");

    it("exhausts the ballot by default", () => {
      const result = irv(input);
      expect(result.rounds[0]?.eliminated).toEqual(["C"]);
      expect(result.rounds[0]?.transfers).toEqual([{ from: "C", to: null, votes: 3 }]);
      expect(result.rounds[1]).toMatchObject({ exhausted: 3, exhaustedByOvervote: 2 });
      expectBallotsAccountedFor(result);
    });

    it("is passed over like a skipped rank with overvote: skip", () => {
      const result = irv(input, { overvote: "skip" });
      expect(result.rounds[0]?.transfers).toEqual([
        { from: "C", to: "D", votes: 2 },
        { from: "C", to: null, votes: 1 },
      ]);
      expect(result.rounds[1]).toMatchObject({ exhausted: 1, exhaustedByOvervote: 0 });
    });

    it("with exhaust_if_multiple_continuing, exhausts while both are in the count…", () => {
      const result = irv(input, { overvote: "exhaust_if_multiple_continuing" });
      expect(result.rounds[0]?.transfers).toEqual([{ from: "C", to: null, votes: 3 }]);
    });

    it("…and counts for the one still in the count once the other is out", () => {
      // Round 1: A 6, B 1, C 5, D 4: B goes. Round 2: D goes; its "D > A=B" ballots reach the
      // overvote when only A is left of it.
      const later = ranked("6 A | 1 B | 5 C | 2 D>A=B | 2 D");
      const result = irv(later, { overvote: "exhaust_if_multiple_continuing" });
      expect(result.rounds.map((r) => r.eliminated)).toEqual([["B"], ["D"], []]);
      expect(result.rounds[1]?.transfers).toEqual([
        { from: "D", to: "A", votes: 2 },
        { from: "D", to: null, votes: 2 },
      ]);
      expect(result.rounds[2]?.votes).toEqual({ A: 8, C: 5 });
      expect(irv(later).rounds[1]?.transfers).toEqual([{ from: "D", to: null, votes: 4 }]);
    });

    it("an overvote at the top exhausts the ballot in round 1", () => {
      const result = irv(ranked("2 A=B | 3 A | 1 B"));
      expect(result.rounds[0]).toMatchObject({ exhausted: 2, exhaustedByOvervote: 2, active: 4 });
      expect(result.winner).toBe("A");
    });
  });
});

describe("ties for last", () => {
  it("are broken by the previous round's counts", () => {
    // Round 1: A 10, B 7, C 6, D 1 → D goes, C 7. Round 2: B and C tie at 7; in round 1 C had
    // fewer (6 < 7), so C goes.
    const result = irv(ranked("10 A | 7 B | 6 C | 1 D>C"));
    expect(result.rounds[1]?.votes).toEqual({ A: 10, B: 7, C: 7 });
    expect(result.rounds[1]?.eliminated).toEqual(["C"]);
    expect(result.rounds[1]?.tieBreak).toEqual({
      tied: ["B", "C"],
      by: "previous_rounds",
      round: 1,
    });
    expect(result.lot).toBeUndefined();
    expect(result.winner).toBe("A");
  });

  it("are broken by the seeded lot when every round was tied, and the draw is published", () => {
    const input = ranked("4 A | 2 B | 2 C | 3 D");
    const results = Array.from({ length: 16 }, (_, seed) => irv(input, { seed }));
    for (const result of results) {
      const round = result.rounds[0];
      expect(round?.tieBreak).toMatchObject({ tied: ["B", "C"], by: "lot" });
      const order = result.lot?.order ?? [];
      // The option later in the drawn order is the one eliminated.
      const loser = order.indexOf("B") > order.indexOf("C") ? "B" : "C";
      expect(round?.eliminated).toEqual([loser]);
      expect(result.winner).toBe("A");
    }
    expect(new Set(results.map((r) => r.rounds[0]?.eliminated[0]))).toEqual(new Set(["B", "C"]));
    expect(irv(input, { seed: 3 })).toEqual(irv(input, { seed: 3 }));
  });

  it("can skip the backwards rule and draw at once", () => {
    const result = irv(ranked("10 A | 7 B | 6 C | 1 D>C"), { backwardsTieBreak: false, seed: 1 });
    expect(result.rounds[1]?.tieBreak?.by).toBe("lot");
  });

  it("a tie between the last two is broken the same way, so there is always a winner", () => {
    const result = irv(ranked("3 A | 3 B"), { seed: 5 });
    expect(result.winner).not.toBeNull();
    expect(result.rounds[0]?.tieBreak?.by).toBe("lot");
    expect(result.rounds.at(-1)?.votes).toEqual({ [result.winner as string]: 3 });
  });
});

describe("elimination rules", () => {
  it("options without votes are dropped together", () => {
    const result = irv({
      options: ["A", "B", "C", "D", "E"],
      ballots: [[["A"]], [["A"]], [["B"]], [["B"], ["A"]], [["C"]]],
    });
    expect(result.rounds[0]).toMatchObject({ eliminated: ["D", "E"], reason: "no_votes" });
    expect(result.rounds[0]?.transfers).toEqual([]);
    expect(result.tiers.at(-1)).toEqual(["D", "E"]);
  });

  it("batch elimination drops every option that could not catch up, at once", () => {
    // 17 ballots, A 8, B 6, C 2, D 1: D 1 + C 2 = 3 < B 6, so C and D go together; then B has 9.
    const input = ranked("8 A | 6 B | 2 C>B | 1 D>B");
    const batch = irv(input, { batchElimination: true });
    expect(batch.rounds[0]).toMatchObject({ eliminated: ["C", "D"], reason: "batch" });
    expect(batch.rounds[0]?.transfers).toEqual([
      { from: "C", to: "B", votes: 2 },
      { from: "D", to: "B", votes: 1 },
    ]);
    expect(batch.rounds).toHaveLength(2);
    expect(batch.winner).toBe("B");
    const single = irv(input);
    expect(single.rounds).toHaveLength(3);
    expect(single.winner).toBe("B");
  });

  it("stops at a majority by default, or goes on to the final two", () => {
    const input = ranked("10 A | 4 B | 3 C | 2 D");
    expect(irv(input).rounds).toHaveLength(1);
    const toTwo = irv(input, { stopAtMajority: false });
    expect(toTwo.rounds).toHaveLength(3);
    expect(Object.keys(toTwo.rounds.at(-1)?.votes ?? {})).toEqual(["A", "B"]);
    expect(toTwo.winner).toBe("A");
  });
});

describe("edge cases", () => {
  it("no ballots: no winner, all options tied", () => {
    const result = irv({ options: ["A", "B"], ballots: [] });
    expect(result.winner).toBeNull();
    expect(result.tiers).toEqual([["A", "B"]]);
    expect(result.rounds).toHaveLength(1);
  });

  it("every ballot exhausted by an overvote: no winner", () => {
    const result = irv(ranked("3 A=B"));
    expect(result.winner).toBeNull();
    expect(result.rounds[0]).toMatchObject({ active: 0, exhausted: 3, exhaustedByOvervote: 3 });
  });

  it("a single option wins with any votes", () => {
    expect(irv(ranked("1 A")).winner).toBe("A");
  });

  it("rejects bad input with the ballot named", () => {
    expect(() => irv({ options: ["A"], ballots: [[["A"]], [["B"]]] })).toThrow(BallotError);
    expect(() => irv({ options: ["A"], ballots: [[["A"]], [["B"]]] })).toThrow(/^ballot 2: "B"/);
    expect(() => irv({ options: ["A"], ballots: [{ ranks: [["A"]], count: 0 }] })).toThrow(
      /count must be a positive/,
    );
    expect(() => irv({ options: ["A", "A"], ballots: [] })).toThrow(CountError);
    expect(() => irv(ranked("1 A"), { seed: -1 })).toThrow(CountError);
  });
});
