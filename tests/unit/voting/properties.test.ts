/**
 * Properties every count must have, checked on random ballots (fast-check).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { approval } from "~/domain/voting/approval";
import { irv } from "~/domain/voting/irv";
import { parseTallyJson } from "~/domain/voting/json";
import { majority, type MajorityBallot } from "~/domain/voting/majority";
import { parsePreflib } from "~/domain/voting/preflib";
import { lotOrder } from "~/domain/voting/prng";
import { decodeProfile, encodeRanked } from "~/domain/voting/profile";
import { schulze } from "~/domain/voting/schulze";
import { score } from "~/domain/voting/score";
import { stv } from "~/domain/voting/stv";
import type { RankedBallot } from "~/domain/voting/types";

const LETTERS = ["A", "B", "C", "D", "E", "F"];

interface Weighted {
  ranks: string[][];
  count: number;
}

/** A ballot ranking a random subset of `options`, with equal ranks now and then if `ties`. */
function rankedBallot(options: readonly string[], ties: boolean): fc.Arbitrary<Weighted> {
  return fc
    .tuple(
      fc.shuffledSubarray([...options]),
      fc.array(fc.integer({ min: 0, max: 3 }), {
        minLength: options.length,
        maxLength: options.length,
      }),
      fc.integer({ min: 1, max: 3 }),
    )
    .map(([order, dice, count]) => {
      const ranks: string[][] = [];
      order.forEach((id, i) => {
        const last = ranks[ranks.length - 1];
        if (ties && last && dice[i] === 0) last.push(id);
        else ranks.push([id]);
      });
      return { ranks, count };
    });
}

function election(ties: boolean, maxBallots = 30) {
  return fc.integer({ min: 1, max: LETTERS.length }).chain((n) => {
    const options = LETTERS.slice(0, n);
    return fc.record({
      options: fc.constant(options),
      ballots: fc.array(rankedBallot(options, ties), { maxLength: maxBallots }),
    });
  });
}

/** An election and the same ballots in another order. */
function reordered(ties: boolean) {
  return election(ties).chain((e) =>
    fc.record({
      election: fc.constant(e),
      shuffled: fc.shuffledSubarray(e.ballots, {
        minLength: e.ballots.length,
        maxLength: e.ballots.length,
      }),
    }),
  );
}

/** Every weighted ballot written out as `count` single ballots. */
function expand(ballots: readonly Weighted[]): RankedBallot[] {
  return ballots.flatMap((b) => Array.from({ length: b.count }, () => b.ranks));
}

/** Pairwise counts the slow, obvious way. */
function naivePairwise(
  options: readonly string[],
  ballots: readonly Weighted[],
  unrankedBelow: boolean,
): number[][] {
  const d = options.map(() => options.map(() => 0));
  for (const { ranks, count } of ballots) {
    const rankOf = new Map<string, number>();
    ranks.forEach((rank, r) => rank.forEach((id) => rankOf.set(id, r)));
    options.forEach((a, i) =>
      options.forEach((b, j) => {
        const ra = rankOf.get(a);
        const rb = rankOf.get(b);
        const prefers = ra !== undefined && (rb !== undefined ? ra < rb : unrankedBelow);
        if (i !== j && prefers) (d[i] as number[])[j] = ((d[i] as number[])[j] as number) + count;
      }),
    );
  }
  return d;
}

describe("ballot order does not matter", () => {
  it("for IRV, Schulze and STV", () => {
    fc.assert(
      fc.property(reordered(true), ({ election: e, shuffled }) => {
        const again = { options: e.options, ballots: shuffled };
        expect(irv(again)).toEqual(irv(e));
        expect(schulze(again)).toEqual(schulze(e));
        expect(stv(again, { seats: 2 })).toEqual(stv(e, { seats: 2 }));
      }),
    );
  });

  it("for approval and score", () => {
    fc.assert(
      fc.property(reordered(false), ({ election: e, shuffled }) => {
        const approvals = (bs: readonly Weighted[]) => bs.map((b) => b.ranks.flat().slice(0, 3));
        const scores = (bs: readonly Weighted[]) =>
          bs.map((b) => Object.fromEntries(b.ranks.flat().map((id, i) => [id, (i + b.count) % 6])));
        expect(approval({ options: e.options, ballots: approvals(shuffled) })).toEqual(
          approval({ options: e.options, ballots: approvals(e.ballots) }),
        );
        expect(score({ options: e.options, ballots: scores(shuffled) })).toEqual(
          score({ options: e.options, ballots: scores(e.ballots) }),
        );
      }),
    );
  });

  it("and a ballot with a count is the same as that many ballots", () => {
    fc.assert(
      fc.property(election(true, 12), (e) => {
        const expanded = { options: e.options, ballots: expand(e.ballots) };
        expect(irv(expanded).rounds).toEqual(irv(e).rounds);
        expect(schulze(expanded).matrix).toEqual(schulze(e).matrix);
        expect(stv(expanded, { seats: 2 }).winners).toEqual(stv(e, { seats: 2 }).winners);
      }),
      { numRuns: 50 },
    );
  });
});

describe("Schulze", () => {
  it("elects the Condorcet winner whenever there is one, under either convention", () => {
    fc.assert(
      fc.property(election(true), fc.boolean(), (e, below) => {
        const d = naivePairwise(e.options, e.ballots, below);
        const condorcet = e.options.findIndex((_, i) =>
          e.options.every(
            (__, j) =>
              i === j || ((d[i] as number[])[j] as number) > ((d[j] as number[])[i] as number),
          ),
        );
        const result = schulze(e, { unranked: below ? "below" : "not_compared" });
        expect(result.matrix).toEqual(d);
        if (condorcet >= 0) expect(result.winner).toBe(e.options[condorcet]);
      }),
      { numRuns: 300 },
    );
  });

  it("ranks tied options only with options they tie with (equal strongest paths both ways)", () => {
    fc.assert(
      fc.property(election(true), (e) => {
        const { tiers, paths, options } = schulze(e);
        for (const tier of tiers) {
          for (const a of tier) {
            for (const b of tier) {
              const i = options.indexOf(a);
              const j = options.indexOf(b);
              expect(paths[i]?.[j]).toBe(paths[j]?.[i]);
            }
          }
        }
      }),
    );
  });
});

describe("IRV", () => {
  it("with two options is a majority vote between them", () => {
    const twoWay = fc.array(
      fc.constantFrom<string[][]>([["A"]], [["B"]], [["A"], ["B"]], [["B"], ["A"]], []),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(twoWay, fc.nat({ max: 1000 }), (ballots, seed) => {
        const result = irv({ options: ["A", "B"], ballots }, { seed });
        const motion = majority(
          ballots.map((b): MajorityBallot =>
            b[0]?.[0] === "A" ? "yes" : b[0]?.[0] === "B" ? "no" : "abstain",
          ),
        );
        if (motion.yes !== motion.no)
          expect(result.winner).toBe(motion.outcome === "passed" ? "A" : "B");
        else if (motion.yes === 0) expect(result.winner).toBeNull();
        else expect(result.rounds[0]?.tieBreak?.by).toBe("lot");
      }),
    );
  });

  it("accounts for every ballot in every round", () => {
    fc.assert(
      fc.property(
        election(true),
        fc.constantFrom("exhaust", "skip", "exhaust_if_multiple_continuing" as const),
        (e, overvote) => {
          const result = irv(e, { overvote });
          for (const round of result.rounds) {
            expect(Object.values(round.votes).reduce((a, b) => a + b, 0) + round.exhausted).toBe(
              result.ballots,
            );
          }
          expect(result.ranking.slice().sort()).toEqual([...e.options].sort());
        },
      ),
    );
  });

  it("elects the same winner as single-seat Meek STV", () => {
    fc.assert(
      fc.property(election(false), fc.nat({ max: 1000 }), (e, seed) => {
        expect(stv(e, { seed }).winner).toBe(irv(e, { seed }).winner);
      }),
      { numRuns: 300 },
    );
  });
});

describe("parsers", () => {
  it("JSON and PrefLib text read back the ballots they were written from", () => {
    fc.assert(
      fc.property(election(true), (e) => {
        const expected = decodeProfile(encodeRanked(e.options, e.ballots));
        const json = parseTallyJson(JSON.stringify(e), { ranked: true });
        expect(decodeProfile(json.profile ?? encodeRanked([], []))).toEqual(expected);

        const number = (id: string) => String(e.options.indexOf(id) + 1);
        const toi = [
          `# NUMBER ALTERNATIVES: ${e.options.length}`,
          `# NUMBER VOTERS: ${e.ballots.reduce((sum, b) => sum + b.count, 0)}`,
          ...e.ballots.map(
            (b) =>
              `${b.count}: ${b.ranks.map((r) => (r.length > 1 ? `{${r.map(number).join(",")}}` : number(r[0] as string))).join(",")}`,
          ),
        ].join("\n");
        const named = (id: string) => e.options[Number(id) - 1] as string;
        const read = decodeProfile(parsePreflib(toi).profile);
        expect(
          read.map((b) => ({ ...b, ranks: (b as Weighted).ranks.map((r) => r.map(named)) })),
        ).toEqual(expected);
      }),
    );
  });
});

describe("the lot", () => {
  it("is a permutation of the options, fixed by the seed", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 20 }),
        fc.nat({ max: 0xffffffff }),
        (options, seed) => {
          const order = lotOrder(options, seed);
          expect([...order].sort()).toEqual([...options].sort());
          expect(lotOrder(options, seed)).toEqual(order);
        },
      ),
    );
  });
});
