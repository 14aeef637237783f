import { describe, expect, it } from "vitest";
import { consent } from "~/domain/voting/consent";
import { BallotError } from "~/domain/voting/errors";

describe("consent", () => {
  it("passes with consents and stand-asides", () => {
    const result = consent([
      { position: "consent" },
      { position: "stand_aside", reason: "not my area" },
    ]);
    expect(result).toMatchObject({ outcome: "passed", winner: "yes", consents: 1, standAsides: 1 });
  });

  it("a reasoned objection blocks", () => {
    const result = consent([
      { position: "consent" },
      { position: "object", reason: "  blocks the fire exit " },
    ]);
    expect(result).toMatchObject({
      outcome: "blocked",
      winner: "no",
      ranking: ["no", "yes"],
      standingObjections: [{ ballot: 1, reason: "blocks the fire exit" }],
    });
  });

  it("an objection without a reason, or withdrawn, does not block", () => {
    const result = consent([
      { position: "object" },
      { position: "object", reason: "   " },
      { position: "object", reason: "too loud", withdrawn: true },
      { position: "consent" },
    ]);
    expect(result.outcome).toBe("passed");
    expect(result.otherObjections).toEqual([
      { ballot: 0, reason: "", withdrawn: false },
      { ballot: 1, reason: "", withdrawn: false },
      { ballot: 2, reason: "too loud", withdrawn: true },
    ]);
  });

  it("no ballots: nothing is decided", () => {
    expect(consent([])).toMatchObject({ outcome: "no_quorum", winner: null });
    expect(consent([], { minParticipants: 0 }).outcome).toBe("passed");
    expect(consent([{ position: "consent" }], { minParticipants: 2 }).outcome).toBe("no_quorum");
  });

  it("rejects ballots that are not a position", () => {
    expect(() => consent([{ position: "veto" as "object" }])).toThrow(BallotError);
  });
});
