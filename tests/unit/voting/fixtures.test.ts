/**
 * Real elections with official results (tests/fixtures/elections/README.md gives the sources and the
 * figures). Each count must give the official winner, and the round figures the README states for
 * the file under the same rules.
 */
import { describe, expect, it } from "vitest";
import { parseDebianTally } from "~/domain/voting/debian";
import { irv, type IrvResult } from "~/domain/voting/irv";
import { parsePreflib } from "~/domain/voting/preflib";
import { OPTION_MASK, TIED, type RankedProfile } from "~/domain/voting/profile";
import { schulze } from "~/domain/voting/schulze";
import { stv } from "~/domain/voting/stv";
import { fixture } from "./ballots";

const lastRound = (result: IrvResult) => result.rounds[result.rounds.length - 1];

/** Ballots (weights included) that have several options at one rank. */
function ballotsWithEqualRanks(profile: RankedProfile): number {
  let count = 0;
  for (let b = 0; b < profile.size; b++) {
    const cells = profile.cells.subarray(profile.starts[b], profile.starts[b + 1]);
    if (cells.some((cell) => (cell & TIED) !== 0)) count += profile.weights[b] as number;
  }
  return count;
}

/** Whether `option` beats every other option head to head (unranked below ranked). */
function isCondorcetWinner(profile: RankedProfile, option: string): boolean {
  const { matrix, options } = schulze(profile);
  const i = options.indexOf(option);
  return options.every((_, j) => j === i || (matrix[i]?.[j] ?? 0) > (matrix[j]?.[i] ?? 0));
}

describe("Burlington 2009 mayor (IRV Kiss; Schulze Montroll)", () => {
  const { profile, names } = parsePreflib(fixture("burlington-2009.toi"));

  it("has 8,980 ballots over 6 options", () => {
    expect(profile.total).toBe(8980);
    expect(Object.values(names)).toEqual([
      "Bob Kiss",
      "Andy Montroll",
      "James Simpson",
      "Dan Smith",
      "Kurt Wright",
      "Write-In",
    ]);
  });

  it("IRV elects Bob Kiss over Kurt Wright, who led round 1 (plurality would pick Wright)", () => {
    const result = irv(profile);
    expect(names[result.winner ?? ""]).toBe("Bob Kiss");
    expect(result.rounds).toHaveLength(5);
    const first = result.rounds[0]?.votes ?? {};
    expect(Object.entries(first).sort((a, b) => b[1] - a[1])[0]?.[0]).toBe("5");
    // Six ballots have two options at one rank; five of them reach it and are exhausted.
    expect(lastRound(result)).toMatchObject({
      votes: { 1: 4313, 5: 4060 },
      exhausted: 607,
      exhaustedByOvervote: 5,
    });
  });

  it("counting an overvote for its one option still in the count gives the official 4,313–4,061", () => {
    const result = irv(profile, { overvote: "exhaust_if_multiple_continuing" });
    expect(lastRound(result)).toMatchObject({ votes: { 1: 4313, 5: 4061 }, exhausted: 606 });
  });

  it("reading {a,b} as a then b gives the README's per-file 4,314–4,064", () => {
    const flattened = parsePreflib(fixture("burlington-2009.toi").replace(/[{}]/g, "")).profile;
    expect(lastRound(irv(flattened))).toMatchObject({
      votes: { 1: 4314, 5: 4064 },
      exhausted: 602,
    });
  });

  it("Schulze elects Andy Montroll, the Condorcet winner", () => {
    const result = schulze(profile);
    expect(names[result.winner ?? ""]).toBe("Andy Montroll");
    expect(isCondorcetWinner(profile, "2")).toBe(true);
  });
});

describe("Oakland 2010 mayor (IRV Quan in round 10)", () => {
  const { profile, names } = parsePreflib(fixture("oakland-2010-mayor.toi"));

  it("has 119,256 ballots, 361 of them with an overvote", () => {
    expect(profile.total).toBe(119256);
    expect(profile.options).toHaveLength(11);
    expect(ballotsWithEqualRanks(profile)).toBe(361);
  });

  it("IRV: Don Perata leads round 1, Jean Quan wins round 10 by 53,822 to 51,515 with 13,919 exhausted", () => {
    const result = irv(profile);
    const first = Object.entries(result.rounds[0]?.votes ?? {}).sort((a, b) => b[1] - a[1]);
    expect(names[first[0]?.[0] ?? ""]).toBe("Don Perata");
    expect(names[result.winner ?? ""]).toBe("Jean Quan");
    expect(result.rounds).toHaveLength(10);
    expect(lastRound(result)).toMatchObject({
      round: 10,
      votes: { 5: 53822, 1: 51515 },
      exhausted: 13919,
    });
  });

  it("with overvotes skipped: 53,904 to 51,515", () => {
    expect(lastRound(irv(profile, { overvote: "skip" }))?.votes).toEqual({ 1: 51515, 5: 53904 });
  });

  it("Schulze: Quan with unranked options below ranked ones, Perata if they are not compared", () => {
    expect(names[schulze(profile).winner ?? ""]).toBe("Jean Quan");
    expect(names[schulze(profile, { unranked: "not_compared" }).winner ?? ""]).toBe("Don Perata");
  });
});

describe("San Francisco 2011 mayor (IRV Ed Lee; a tie for last in round 4)", () => {
  const { profile, names } = parsePreflib(fixture("sf-2011-mayor.toi"));

  it("IRV: Ed Lee 84,384 to John Avalos 57,125, 53,021 exhausted, after 23 rounds", () => {
    const result = irv(profile);
    expect(names[result.winner ?? ""]).toBe("Ed Lee");
    expect(result.rounds).toHaveLength(23);
    expect(lastRound(result)).toMatchObject({ votes: { 13: 84384, 9: 57125 }, exhausted: 53021 });
    expect(names["9"]).toBe("John Avalos");
  });

  it("zero-vote options are dropped together", () => {
    const first = irv(profile).rounds[0];
    expect(first?.reason).toBe("no_votes");
    expect(first?.eliminated.every((id) => first.votes[id] === 0)).toBe(true);
  });

  it("round 4: two write-ins tie at 3 votes; the lot decides, and either way Ed Lee wins", () => {
    const outcomes = new Map<string, IrvResult>();
    for (let seed = 0; seed < 12; seed++) {
      const result = irv(profile, { seed });
      const round = result.rounds[3];
      expect(round?.tieBreak?.by).toBe("lot");
      expect(round?.tieBreak?.tied).toHaveLength(2);
      for (const id of round?.tieBreak?.tied ?? []) {
        expect(round?.votes[id]).toBe(3);
        expect(names[id]).toMatch(/^Write-In /);
      }
      outcomes.set(round?.eliminated[0] ?? "", result);
    }
    expect(outcomes.size).toBe(2);
    for (const result of outcomes.values()) {
      expect(names[result.winner ?? ""]).toBe("Ed Lee");
      expect(lastRound(result)?.votes).toEqual({ 9: 57125, 13: 84384 });
    }
  });

  it("batch elimination: the same result in 12 rounds", () => {
    const result = irv(profile, { batchElimination: true });
    expect(result.rounds).toHaveLength(12);
    expect(lastRound(result)).toMatchObject({ votes: { 13: 84384, 9: 57125 }, exhausted: 53021 });
  });

  it("Schulze elects Ed Lee", () => {
    expect(names[schulze(profile).winner ?? ""]).toBe("Ed Lee");
  });
});

describe("Debian 2006 project leader (Schulze Towns, with equal ranks)", () => {
  const { profile, names } = parseDebianTally(fixture("debian-2006-leader_tally.txt"));

  it("has 421 ballots over 8 options, 158 with equal ranks", () => {
    expect(profile.total).toBe(421);
    expect(profile.options).toHaveLength(8);
    expect(names["8"]).toBe("None of the Above");
    expect(ballotsWithEqualRanks(profile)).toBe(158);
  });

  it("Anthony Towns under Debian's rule (unranked options tie below ranked ones)", () => {
    const result = schulze(profile);
    expect(names[result.winner ?? ""]).toBe("Anthony Towns");
    expect(result.potentialWinners).toEqual(["4"]);
  });

  it("Steve McIntyre if unranked options are not compared", () => {
    expect(names[schulze(profile, { unranked: "not_compared" }).winner ?? ""]).toBe(
      "Steve McIntyre",
    );
  });
});

describe("single-seat STV agrees with IRV on every ranked fixture", () => {
  it.each(["burlington-2009.toi", "oakland-2010-mayor.toi", "sf-2011-mayor.toi"])("%s", (file) => {
    const { profile } = parsePreflib(fixture(file));
    expect(stv(profile).winner).toBe(irv(profile).winner);
  });
});

// Keeps the masks used above honest (an option index never reaches into the TIED bit).
it("the cell layout leaves room for every option index", () => {
  expect(OPTION_MASK & TIED).toBe(0);
});
