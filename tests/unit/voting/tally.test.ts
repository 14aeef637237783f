import { describe, expect, it } from "vitest";
import { CountError, encodeRanked, tally, type TallySettings } from "~/domain/voting/index";

describe("tally dispatches by method name", () => {
  const options = ["a", "b", "c"];
  it.each<[TallySettings, readonly unknown[], string | null]>([
    [{ method: "majority" }, ["yes", "yes", "no"], "yes"],
    [{ method: "consent" }, [{ position: "consent" }], "yes"],
    [{ method: "approval" }, [["a", "b"], ["b"]], "b"],
    [{ method: "score", by: "total" }, [{ a: 5 }, { b: 3, c: 3 }], "a"],
    [{ method: "irv" }, [["a"], ["b", "a"], ["c", "a"]], "a"],
    [{ method: "schulze" }, [["c", "b"], ["b", "c"], ["b"]], "b"],
    [{ method: "stv", seats: 2 }, [["a"], ["a"], ["b"], ["c"], ["c"]], "a"],
  ])("%j", (settings, ballots, winner) => {
    const result = tally({ options, ballots }, settings);
    expect(result.method).toBe(settings.method);
    expect(result.winner).toBe(winner);
  });

  it("counts a profile encoded by a parser", () => {
    const profile = encodeRanked(options, [[["b"]], [["b"], ["a"]], [["a"]]]);
    expect(tally({ profile }, { method: "irv" }).winner).toBe("b");
    expect(() => tally({ profile }, { method: "approval" })).toThrow(CountError);
  });

  it("refuses an unknown method", () => {
    expect(() =>
      tally({ options, ballots: [] }, { method: "borda" } as unknown as TallySettings),
    ).toThrow(/unknown method "borda"/);
  });
});
