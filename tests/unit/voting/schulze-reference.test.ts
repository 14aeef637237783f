/**
 * The fast Schulze count (typed arrays over the encoded profile, see `schulze.ts`) against a naive
 * reference written straight from the definition, on random small elections (fast-check): the
 * same pairwise matrix, strongest paths and tiers, under every rule.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { schulze } from "~/domain/voting/schulze";

const LETTERS = ["A", "B", "C", "D", "E", "F", "G"];

/** A random election: up to 7 options, ballots ranking random subsets with equal ranks. */
const election = fc.integer({ min: 1, max: LETTERS.length }).chain((n) => {
  const options = LETTERS.slice(0, n);
  const ballot = fc
    .tuple(
      fc.shuffledSubarray(options),
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      fc.integer({ min: 1, max: 4 }),
    )
    .map(([order, tied, count]) => {
      const ranks: string[][] = [];
      order.forEach((id, i) => {
        const last = ranks[ranks.length - 1];
        if (last && tied[i]) last.push(id);
        else ranks.push([id]);
      });
      return { ranks, count };
    });
  return fc.record({
    options: fc.constant(options),
    ballots: fc.array(ballot, { maxLength: 40 }),
  });
});

interface Rules {
  below: boolean;
  margin: boolean;
}

/** Schulze by the book: a rank map per ballot, every ordered pair compared, nested arrays. */
function reference(
  options: readonly string[],
  ballots: readonly { ranks: string[][]; count: number }[],
  { below, margin }: Rules,
) {
  const n = options.length;
  const matrix = options.map(() => options.map(() => 0));
  for (const { ranks, count } of ballots) {
    const rankOf = new Map<string, number>();
    ranks.forEach((rank, r) => rank.forEach((id) => rankOf.set(id, r)));
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const ra = rankOf.get(options[a] as string);
        const rb = rankOf.get(options[b] as string);
        if (a === b || ra === undefined) continue;
        if (rb === undefined ? below : ra < rb) (matrix[a] as number[])[b]! += count;
      }
    }
  }
  const at = (m: number[][], a: number, b: number) => (m[a] as number[])[b] as number;
  const paths = matrix.map((row, a) =>
    row.map((ab, b) => {
      const ba = at(matrix, b, a);
      return a !== b && ab > ba ? (margin ? ab - ba : ab) : 0;
    }),
  );
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let k = 0; k < n; k++)
        if (i !== j && j !== k && i !== k)
          (paths[j] as number[])[k] = Math.max(
            at(paths, j, k),
            Math.min(at(paths, j, i), at(paths, i, k)),
          );
  const tiers: string[][] = [];
  let remaining = options.map((_, i) => i);
  while (remaining.length > 0) {
    const tier = remaining.filter((x) =>
      remaining.every((y) => at(paths, y, x) <= at(paths, x, y)),
    );
    tiers.push(tier.map((x) => options[x] as string));
    remaining = remaining.filter((x) => !tier.includes(x));
  }
  return { matrix, paths, tiers };
}

describe("Schulze against a naive reference", () => {
  it("gives the same matrix, strongest paths and tiers on random elections, under every rule", () => {
    fc.assert(
      fc.property(election, fc.boolean(), fc.boolean(), (e, below, margin) => {
        const expected = reference(e.options, e.ballots, { below, margin });
        const result = schulze(
          { options: e.options, ballots: e.ballots },
          { unranked: below ? "below" : "not_compared", strength: margin ? "margin" : "winning" },
        );
        expect(result.matrix).toEqual(expected.matrix);
        expect(result.paths).toEqual(expected.paths);
        expect(result.tiers).toEqual(expected.tiers);
        expect(result.potentialWinners).toEqual(expected.tiers[0]);
      }),
      { numRuns: 500 },
    );
  });

  it("counts a ballot standing for several voters as that many single ballots", () => {
    fc.assert(
      fc.property(election, (e) => {
        const single = e.ballots.flatMap((b) => Array.from({ length: b.count }, () => b.ranks));
        const weighted = schulze({ options: e.options, ballots: e.ballots });
        const expanded = schulze({ options: e.options, ballots: single });
        expect(expanded.matrix).toEqual(weighted.matrix);
        expect(expanded.tiers).toEqual(weighted.tiers);
      }),
      { numRuns: 200 },
    );
  });
});
