import { describe, expect, it } from "vitest";
import { BallotError } from "~/domain/voting/errors";
import { encodeRanked } from "~/domain/voting/profile";
import { schulze } from "~/domain/voting/schulze";
import { ranked } from "./ballots";

const tierString = (tiers: readonly (readonly string[])[]) =>
  tiers.map((t) => t.join("")).join(">");

describe("Schulze's worked examples", () => {
  it("the 45-voter example (A–E): pairwise matrix, strongest paths, winner E", () => {
    const result = schulze(
      ranked("5 ACBED | 5 ADECB | 8 BEDAC | 3 CABED | 7 CAEBD | 2 CBADE | 7 DCEBA | 8 EBADC"),
    );
    expect(result.options).toEqual(["A", "B", "C", "D", "E"]);
    expect(result.matrix).toEqual([
      [0, 20, 26, 30, 22],
      [25, 0, 16, 33, 18],
      [19, 29, 0, 17, 24],
      [15, 12, 28, 0, 14],
      [23, 27, 21, 31, 0],
    ]);
    expect(result.paths).toEqual([
      [0, 28, 28, 30, 24],
      [25, 0, 28, 33, 24],
      [25, 29, 0, 29, 24],
      [25, 28, 28, 0, 24],
      [25, 28, 28, 31, 0],
    ]);
    expect(result.winner).toBe("E");
    expect(result.ranking).toEqual(["E", "A", "C", "B", "D"]);
    expect(result.ballots).toBe(45);
  });

  // The examples of Schulze's paper ("The Schulze Method of Voting", section 3) with the rankings
  // it gives; ties are written together ("BD>AC": B and D tie for first).
  it.each([
    ["5 ACBD | 2 ACDB | 3 ADCB | 4 BACD | 3 CBDA | 3 CDBA | 1 DACB | 5 DBAC | 4 DCBA", "D>A>C>B"],
    [
      "3 ABDEC | 5 ADEBC | 1 ADECB | 2 BADEC | 2 BDECA | 4 CABDE | 6 CBADE | 2 DBECA | 5 DECAB",
      "B>A>D>E>C",
    ],
    ["3 ABCD | 2 DABC | 2 DBCA | 2 CBDA", "BD>AC"],
    ["8 ACDB | 2 BADC | 4 CDBA | 4 DBAC | 3 DCBA", "D>A>C>B"],
    ["6 ABCD | 12 ACDB | 21 BCAD | 9 CDBA | 15 DBAC", "B>AC>D"],
    ["3 ADEBCF | 3 BFECDA | 4 CABFDE | 1 DBCEFA | 4 DEFABC | 2 ECBDFA | 2 FACDBE", "A>B>F>D>E>C"],
    [
      "3 ADEBCF | 3 BFECDA | 4 CABFDE | 1 DBCEFA | 4 DEFABC | 2 ECBDFA | 2 FACDBE | 2 AEFCBD",
      "D>E>C>A>B>F",
    ],
    [
      "6 A>B>C>D | 8 A=B>C=D | 8 A=C>B=D | 18 A=C>D>B | 8 A=C=D>B | 40 B>A=C=D | 4 C>B>D>A | " +
        "9 C>D>A>B | 8 C=D>A=B | 14 D>A>B>C | 11 D>B>C>A | 4 D>C>A>B",
      "D>A>B>C",
    ],
  ])("%s → %s", (spec, expected) => {
    expect(tierString(schulze(ranked(spec)).tiers)).toBe(expected);
  });
});

describe("ties", () => {
  it("reports a tie for first with winner null and the tied options as potential winners", () => {
    const result = schulze(ranked("3 ABCD | 2 DABC | 2 DBCA | 2 CBDA"));
    expect(result.winner).toBeNull();
    expect(result.potentialWinners).toEqual(["B", "D"]);
    expect(result.ranking).toEqual(["B", "D", "A", "C"]);
    expect(result.lot).toBeUndefined();
  });

  it("breaks a tie by the seeded lot only when asked, and publishes the draw", () => {
    const input = ranked("3 ABCD | 2 DABC | 2 DBCA | 2 CBDA");
    const a = schulze(input, { seed: 7 });
    expect(["B", "D"]).toContain(a.winner);
    expect(a.tiers).toEqual([
      ["B", "D"],
      ["A", "C"],
    ]);
    expect(a.lot?.seed).toBe(7);
    expect([...(a.lot?.order ?? [])].sort()).toEqual(["A", "B", "C", "D"]);
    expect(schulze(input, { seed: 7 })).toEqual(a);
    const winners = new Set(
      Array.from({ length: 20 }, (_, seed) => schulze(input, { seed }).winner),
    );
    expect(winners).toEqual(new Set(["B", "D"]));
  });

  it("a perfect Condorcet cycle is a three-way tie", () => {
    const result = schulze(ranked("1 ABC | 1 BCA | 1 CAB"));
    expect(result.winner).toBeNull();
    expect(result.tiers).toEqual([["A", "B", "C"]]);
  });
});

describe("equal ranks and unranked options", () => {
  it("options at one rank are preferred neither way", () => {
    const result = schulze(ranked("1 A=B>C"));
    expect(result.matrix).toEqual([
      [0, 0, 1],
      [0, 0, 1],
      [0, 0, 0],
    ]);
    expect(result.tiers).toEqual([["A", "B"], ["C"]]);
  });

  it("unranked options rank below ranked ones by default, and count for nothing when not compared", () => {
    const input = { options: ["A", "B", "C"], ballots: [[["A"]], [["B"], ["C"]], [["B"], ["C"]]] };
    const below = schulze(input);
    // Ballot 1 puts A above B and C; ballots 2 and 3 put B and C above A.
    expect(below.matrix).toEqual([
      [0, 1, 1],
      [2, 0, 2],
      [2, 0, 0],
    ]);
    const notCompared = schulze(input, { unranked: "not_compared" });
    expect(notCompared.matrix).toEqual([
      [0, 0, 0],
      [0, 0, 2],
      [0, 0, 0],
    ]);
    expect(below.winner).toBe("B");
    expect(notCompared.rules.unranked).toBe("not_compared");
  });

  it("the convention can change the winner", () => {
    // 5 voters rank only A; 2 rank B > A; 2 rank C > B > A. Read as "A above the rest", the five
    // ballots make A the Condorcet winner; read as saying nothing about B and C, they do not count
    // there at all, and C beats both A and B on the remaining four.
    const input = ranked("5 A | 2 B>A | 2 C>B>A");
    expect(schulze(input).winner).toBe("A");
    expect(schulze(input, { unranked: "not_compared" }).winner).toBe("C");
  });
});

describe("edge cases", () => {
  it("no ballots: everything ties, no winner", () => {
    const result = schulze({ options: ["A", "B"], ballots: [] }, { seed: 1 });
    expect(result.winner).toBeNull();
    expect(result.tiers).toEqual([["A", "B"]]);
    expect(result.ballots).toBe(0);
  });

  it("one option wins alone; no options gives an empty ranking", () => {
    expect(schulze({ options: ["A"], ballots: [] }).winner).toBe("A");
    expect(schulze({ options: [], ballots: [] })).toMatchObject({
      winner: null,
      ranking: [],
      tiers: [],
    });
  });

  it("counts an encoded profile the same as the ballots", () => {
    const input = ranked("5 ACBED | 5 ADECB | 8 BEDAC | 3 CABED");
    expect(schulze(encodeRanked(input.options, input.ballots))).toEqual(schulze(input));
  });

  it("margins as link strength give the same winner on the 45-voter example", () => {
    const result = schulze(
      ranked("5 ACBED | 5 ADECB | 8 BEDAC | 3 CABED | 7 CAEBD | 2 CBADE | 7 DCEBA | 8 EBADC"),
      { strength: "margin" },
    );
    expect(result.winner).toBe("E");
  });

  it("rejects unknown options and options ranked twice, naming the ballot", () => {
    expect(() => schulze({ options: ["A"], ballots: [[["A"]], [["Z"]]] })).toThrow(
      new BallotError(1, '"Z" is not one of the options'),
    );
    expect(() => schulze({ options: ["A", "B"], ballots: [[["A"], ["A"]]] })).toThrow(
      /ballot 1: option "A" is ranked twice/,
    );
  });
});
