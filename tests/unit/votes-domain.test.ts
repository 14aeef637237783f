import { describe, expect, it } from "vitest";
import { majority } from "~/domain/voting";
import {
  ballotDay,
  checkPaperCounts,
  checkSetup,
  expandPaperCounts,
  formatReceipt,
  majorityOutcome,
  newReceiptCode,
  normalizeReceipt,
  normalizeSettings,
  proposalOutcome,
  quorumNeeded,
  RECEIPT_ALPHABET,
  validateBallot,
  voteStatus,
  type BallotRules,
  type VoteMethod,
} from "~/domain/vote-rules";

const OPTIONS = ["1", "2", "3", "4"];
const rules = (method: VoteMethod, settings: BallotRules["settings"] = {}): BallotRules => ({
  method,
  settings,
  optionIds: OPTIONS,
  costs: { "1": 100, "2": 250.5, "3": 400, "4": 0.1 },
});

describe("validateBallot", () => {
  it.each([
    ["majority", "yes", "yes"],
    ["majority", "abstain", "abstain"],
    ["approval", ["1", "3"], ["1", "3"]],
    ["approval", [], []],
    ["score", { "1": 0, "2": 5 }, { "1": 0, "2": 5 }],
    ["score", {}, {}],
    ["consent", { position: "consent" }, { position: "consent" }],
    ["consent", { position: "object", reason: "  太吵 " }, { position: "object", reason: "太吵" }],
    ["irv", [["2"], ["1"]], [["2"], ["1"]]],
    ["irv", [], []],
    ["stv", [["4"], ["3"], ["2"], ["1"]], [["4"], ["3"], ["2"], ["1"]]],
    ["schulze", [["2", "3"], ["1"]], [["2", "3"], ["1"]]],
    ["budget", { approvals: ["1", "2"] }, { approvals: ["1", "2"] }],
  ] as const)("accepts a %s ballot %j", (method, content, stored) => {
    expect(validateBallot(content, rules(method, { budget: 400 }))).toEqual({
      ok: true,
      content: stored,
    });
  });

  it.each([
    ["majority", "maybe", "badShape"],
    ["majority", ["yes"], "badShape"],
    ["approval", "1", "badShape"],
    ["approval", ["9"], "unknownOption"],
    ["approval", ["1", "1"], "repeatedOption"],
    ["approval", [1], "badShape"],
    ["score", { "1": 6 }, "badScore"],
    ["score", { "1": -1 }, "badScore"],
    ["score", { "1": 2.5 }, "badScore"],
    ["score", { "9": 2 }, "unknownOption"],
    ["score", [3], "badShape"],
    ["consent", { position: "object" }, "reasonRequired"],
    ["consent", { position: "object", reason: "   " }, "reasonRequired"],
    ["consent", { position: "veto" }, "badShape"],
    ["consent", { position: "object", reason: "x".repeat(1001) }, "reasonTooLong"],
    ["irv", [["1", "2"]], "equalRanks"],
    ["stv", [["1", "2"]], "equalRanks"],
    ["irv", [["1"], []], "emptyRank"],
    ["irv", [["1"], ["1"]], "repeatedOption"],
    ["schulze", [["1", "2"], ["2"]], "repeatedOption"],
    ["irv", ["1", "2"], "badShape"],
    ["irv", [["7"]], "unknownOption"],
    ["budget", ["1"], "badShape"],
    ["budget", { approvals: ["1", "3"] }, "overBudget"],
  ] as const)("refuses a %s ballot %j: %s", (method, content, problem) => {
    expect(validateBallot(content, rules(method, { budget: 400 }))).toEqual({ ok: false, problem });
  });

  it("keeps only the known fields of a ballot", () => {
    const checked = validateBallot(
      { position: "consent", reason: "", extra: "<script>" },
      rules("consent"),
    );
    expect(checked).toEqual({ ok: true, content: { position: "consent" } });
  });

  it("limits approvals and projects when the vote says so", () => {
    expect(validateBallot(["1", "2", "3"], rules("approval", { maxApprovals: 2 }))).toEqual({
      ok: false,
      problem: "tooMany",
    });
    expect(validateBallot(["1", "2"], rules("approval", { maxApprovals: 2 })).ok).toBe(true);
    expect(
      validateBallot({ approvals: ["1", "4"] }, rules("budget", { budget: 1000, maxProjects: 1 })),
    ).toEqual({ ok: false, problem: "tooMany" });
  });

  it("compares budget costs exactly (in cents): 250.50 + 100 + 0.10 fits 350.60", () => {
    expect(
      validateBallot({ approvals: ["1", "2", "4"] }, rules("budget", { budget: 350.6 })).ok,
    ).toBe(true);
    expect(
      validateBallot({ approvals: ["1", "2", "4"] }, rules("budget", { budget: 350.59 })),
    ).toEqual({ ok: false, problem: "overBudget" });
  });
});

describe("voteStatus", () => {
  const opens = new Date("2026-05-01T08:00:00Z");
  const closes = new Date("2026-05-08T08:00:00Z");
  it.each([
    ["2026-05-01T07:59:59.999Z", null, "scheduled"],
    ["2026-05-01T08:00:00Z", null, "open"],
    ["2026-05-08T07:59:59.999Z", null, "open"],
    ["2026-05-08T08:00:00Z", null, "closed"],
    ["2027-01-01T00:00:00Z", null, "closed"],
    ["2026-05-03T00:00:00Z", "2026-05-02T00:00:00Z", "closed"],
  ] as const)("at %s (finalised %s) → %s", (now, closedAt, status) => {
    expect(voteStatus(opens, closes, closedAt ? new Date(closedAt) : null, new Date(now))).toBe(
      status,
    );
  });
});

describe("ballotDay", () => {
  it("coarsens to the day in the community's time zone", () => {
    expect(ballotDay(new Date("2026-05-01T16:30:00Z"), "Asia/Shanghai")).toBe("2026-05-02");
    expect(ballotDay(new Date("2026-05-01T15:59:59Z"), "Asia/Shanghai")).toBe("2026-05-01");
    expect(ballotDay(new Date("2026-05-01T16:30:00Z"), "UTC")).toBe("2026-05-01");
  });
});

describe("receipts", () => {
  it("formats 80 bits as four groups of four Crockford symbols", () => {
    expect(formatReceipt(new Uint8Array(10))).toBe("0000-0000-0000-0000");
    expect(formatReceipt(new Uint8Array(10).fill(255))).toBe("ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    expect(formatReceipt(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 33]))).toBe(
      "0000-0000-0000-0011",
    );
    expect(() => formatReceipt(new Uint8Array(9))).toThrow(RangeError);
  });

  it("makes fresh codes from the random source, all different", () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newReceiptCode()));
    expect(codes.size).toBe(2000);
    for (const code of [...codes].slice(0, 50)) {
      expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      for (const c of code.replace(/-/g, "")) expect(RECEIPT_ALPHABET).toContain(c);
    }
  });

  it("reads a typed receipt leniently and refuses what cannot be one", () => {
    expect(normalizeReceipt("7kq2 m9xd 4htb z0we")).toBe("7KQ2-M9XD-4HTB-Z0WE");
    expect(normalizeReceipt("7KQ2-M9XD-4HTB-ZOWE")).toBe("7KQ2-M9XD-4HTB-Z0WE");
    expect(normalizeReceipt("iL00-0000-0000-0000")).toBe("1100-0000-0000-0000");
    expect(normalizeReceipt("7KQ2M9XD4HTBZ0WE")).toBe("7KQ2-M9XD-4HTB-Z0WE");
    expect(normalizeReceipt("7KQ2-M9XD-4HTB-Z0W")).toBeNull();
    expect(normalizeReceipt("7KQ2-M9XD-4HTB-Z0WU")).toBeNull();
    expect(normalizeReceipt("' or 1=1 --")).toBeNull();
    expect(normalizeReceipt("")).toBeNull();
  });
});

describe("settings and setup", () => {
  it("fills in defaults and keeps only what the method uses", () => {
    expect(normalizeSettings("majority", { maxApprovals: 3 }, 0)).toEqual({
      ok: true,
      settings: { quorumPercent: 0, seed: 0, threshold: "majorityCast" },
    });
    expect(normalizeSettings("budget", { budget: 5000, rule: "mes" }, 3)).toEqual({
      ok: true,
      settings: { quorumPercent: 0, seed: 0, budget: 5000, rule: "mes", maxProjects: null },
    });
    expect(normalizeSettings("budget", {}, 3)).toEqual({ ok: false, problem: "budgetRequired" });
    expect(normalizeSettings("stv", { seats: 3 }, 3)).toEqual({
      ok: false,
      problem: "seatsTooMany",
    });
    expect(normalizeSettings("majority", { quorumPercent: 120 }, 0)).toEqual({
      ok: false,
      problem: "badSettings",
    });
    expect(normalizeSettings("majority", { unknown: 1 }, 0)).toEqual({
      ok: false,
      problem: "badSettings",
    });
  });

  const opensAt = new Date("2026-05-01T00:00:00Z");
  const closesAt = new Date("2026-05-02T00:00:00Z");
  it.each([
    [{ method: "majority", title: "加装电梯", options: [] }, null],
    [{ method: "majority", title: " ", options: [] }, "badTitle"],
    [{ method: "majority", title: "t", options: [{ label: "a" }] }, "optionsNotAllowed"],
    [{ method: "irv", title: "t", options: [{ label: "a" }] }, "tooFewOptions"],
    [{ method: "irv", title: "t", options: [{ label: "a" }, { label: "a " }] }, "badOption"],
    [
      { method: "budget", title: "t", options: [{ label: "a", cost: 5 }, { label: "b" }] },
      "costRequired",
    ],
    [
      { method: "irv", title: "t", options: [{ label: "a", cost: 5 }, { label: "b" }] },
      "badOption",
    ],
  ] as const)("checks %j → %s", (input, problem) => {
    expect(checkSetup({ ...input, options: [...input.options], opensAt, closesAt })).toBe(problem);
  });

  it("refuses a vote that closes before it opens", () => {
    expect(
      checkSetup({
        method: "majority",
        title: "t",
        options: [],
        opensAt: closesAt,
        closesAt: opensAt,
      }),
    ).toBe("badTimes");
  });
});

describe("paper counts", () => {
  it("checks majority counts and expands them to ballots", () => {
    const checked = checkPaperCounts({ yes: 3, no: 1 }, rules("majority"));
    expect(checked).toEqual({ ok: true, counts: { yes: 3, no: 1, abstain: 0 }, papers: 4 });
    expect(expandPaperCounts("majority", { yes: 2, no: 1, abstain: 1 })).toEqual([
      "yes",
      "yes",
      "no",
      "abstain",
    ]);
    expect(checkPaperCounts({ yes: -1 }, rules("majority"))).toEqual({
      ok: false,
      problem: "badCounts",
    });
    expect(checkPaperCounts({ yes: 0 }, rules("majority"))).toEqual({
      ok: false,
      problem: "emptyBatch",
    });
    expect(checkPaperCounts({ maybe: 2 }, rules("majority"))).toEqual({
      ok: false,
      problem: "badCounts",
    });
  });

  it("checks approval counts against the papers and expands them to the same totals", () => {
    const checked = checkPaperCounts({ ballots: 5, "1": 5, "2": 2 }, rules("approval"));
    expect(checked).toEqual({ ok: true, counts: { ballots: 5, "1": 5, "2": 2 }, papers: 5 });
    const ballots = expandPaperCounts("approval", { ballots: 5, "1": 5, "2": 2 }) as string[][];
    expect(ballots).toHaveLength(5);
    expect(ballots.filter((b) => b.includes("1"))).toHaveLength(5);
    expect(ballots.filter((b) => b.includes("2"))).toHaveLength(2);
    expect(checkPaperCounts({ ballots: 2, "1": 3 }, rules("approval")).ok).toBe(false);
    expect(checkPaperCounts({ ballots: 2, "9": 1 }, rules("approval")).ok).toBe(false);
    expect(
      checkPaperCounts({ ballots: 2, "1": 2, "2": 2 }, rules("approval", { maxApprovals: 1 })).ok,
    ).toBe(false);
    expect(checkPaperCounts({ ballots: 2 }, rules("irv"))).toEqual({
      ok: false,
      problem: "countsNotAllowed",
    });
  });
});

describe("outcomes", () => {
  it("computes the quorum in whole ballots, rounding up, exactly", () => {
    expect(quorumNeeded(7, 50)).toBe(4);
    expect(quorumNeeded(10, 50)).toBe(5);
    expect(quorumNeeded(3, 33.33)).toBe(1);
    expect(quorumNeeded(100, 0)).toBe(0);
    expect(quorumNeeded(0, 50)).toBe(0);
  });

  it("adopts a passed majority and rejects a rejected one or one short of quorum", () => {
    expect(majorityOutcome(majority(["yes", "yes", "no"]))).toBe("adopted");
    expect(majorityOutcome(majority(["yes", "no"]))).toBe("rejected");
    expect(majorityOutcome(majority(["yes"], { eligible: 10, quorum: 0.5 }))).toBe("rejected");
    expect(proposalOutcome(majority(["yes"]), true)).toBe("adopted");
    expect(proposalOutcome(null, true)).toBeNull();
  });
});
