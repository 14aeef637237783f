import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countBudget,
  type BudgetInput,
  type BudgetResult,
  type GreedyDetails,
  type MesDetails,
} from "~/domain/voting/budget";
import { BallotError, CountError } from "~/domain/voting/errors";
import { parsePabulib, type PabulibFile } from "~/domain/voting/pabulib";

const FIXTURES = new URL("../../fixtures/elections/", import.meta.url);
const cache = new Map<string, PabulibFile>();
function fixture(name: string): PabulibFile {
  let file = cache.get(name);
  if (!file) {
    file = parsePabulib(readFileSync(new URL(name, FIXTURES), "utf8"));
    cache.set(name, file);
  }
  return file;
}

/** Counts are memoised: several tests look at the same Wieliczka MES count (~0.3 s each). */
const counts = new Map<string, BudgetResult>();
function count(file: PabulibFile, rest: Pick<BudgetInput, "rule" | "utility" | "completion">) {
  const key = JSON.stringify([file.meta.description, rest]);
  let result = counts.get(key);
  if (!result) {
    result = countBudget({
      budget: file.budget,
      projects: file.projects,
      ballots: file.ballots,
      ...rest,
    });
    counts.set(key, result);
  }
  return result;
}

const selected = (file: PabulibFile) => file.projects.filter((p) => p.selected).map((p) => p.id);
const sorted = (ids: Iterable<string>) => [...ids].sort((a, b) => Number(a) - Number(b));
const greedySteps = (r: BudgetResult) => (r.details as GreedyDetails).steps;
const mesDetails = (r: BudgetResult) => r.details as MesDetails;

describe("real budgets reproduce the official results", () => {
  it.each([
    {
      file: "warszawa-2025-ochota.pb",
      rule: "greedy" as const,
      projects: 15,
      spent: 3_489_615,
      // Stopping at the first project that does not fit would fund only 10.
      firstMisfit: 10,
    },
    {
      file: "czestochowa-2024-polnoc.pb",
      rule: "greedy" as const,
      projects: 14,
      spent: 656_500,
      firstMisfit: 4,
    },
    {
      file: "wieliczka-2023-green-budget.pb",
      rule: "mes" as const,
      projects: 30,
      spent: 995_079,
      firstMisfit: null,
    },
  ])(
    "$file: $rule funds the $projects selected projects",
    ({ file, rule, projects, spent, firstMisfit }) => {
      const pb = fixture(file);
      const result = count(pb, { rule });
      expect(sorted(result.funded)).toEqual(sorted(selected(pb)));
      expect(result.funded).toHaveLength(projects);
      expect(result.spent).toBe(spent);
      expect(result.spent).toBeLessThanOrEqual(pb.budget);
      expect(sorted(result.ranking)).toEqual(sorted(pb.projects.map((p) => p.id)));
      expect(result.ranking.slice(0, projects)).toEqual(result.funded);
      if (firstMisfit !== null) {
        expect(greedySteps(result).findIndex((s) => !s.funded)).toBe(firstMisfit);
      }
    },
  );

  it.each([
    "warszawa-2025-ochota.pb",
    "czestochowa-2024-polnoc.pb",
    "wieliczka-2023-green-budget.pb",
  ])("%s: recounting the ballots gives each project's published votes (and score)", (file) => {
    const pb = fixture(file);
    const votes = new Map<string, number>();
    const score = new Map<string, number>();
    for (const ballot of pb.ballots) {
      for (const id of ballot.approvals ?? Object.keys(ballot.points ?? {})) {
        votes.set(id, (votes.get(id) ?? 0) + 1);
      }
      for (const [id, points] of Object.entries(ballot.points ?? {})) {
        score.set(id, (score.get(id) ?? 0) + points);
      }
    }
    for (const project of pb.projects) {
      expect([project.id, votes.get(project.id) ?? 0]).toEqual([project.id, project.votes]);
      if (project.score !== undefined) {
        expect([project.id, score.get(project.id)]).toEqual([project.id, project.score]);
      }
    }
  });

  it("Warsaw: greedy's support is the approval count, its order the published votes", () => {
    const pb = fixture("warszawa-2025-ochota.pb");
    const votes = new Map(pb.projects.map((p) => [p.id, p.votes]));
    const steps = greedySteps(count(pb, { rule: "greedy" }));
    for (const step of steps) expect(step.support).toBe(votes.get(step.id));
    const last = steps.at(-1);
    expect(last?.spent).toBe(3_489_615);
    expect(last?.remaining).toBe(3_490_823 - 3_489_615);
  });

  it("Częstochowa: greedy orders by score (sum of points), not by number of voters", () => {
    const pb = fixture("czestochowa-2024-polnoc.pb");
    const result = count(pb, { rule: "greedy" });
    const score = new Map(pb.projects.map((p) => [p.id, p.score]));
    const supports = greedySteps(result).map((s) => s.support);
    expect(greedySteps(result).map((s) => score.get(s.id))).toEqual(supports);
    expect([...supports].sort((a, b) => b - a)).toEqual(supports);
    // Ordered by number of voters instead, the funding order differs (the funded set happens to be
    // the same in this district).
    const byVoters = countBudget({
      budget: pb.budget,
      projects: pb.projects,
      ballots: pb.ballots.map((b) => ({ approvals: Object.keys(b.points ?? {}) })),
      rule: "greedy",
    });
    expect(byVoters.funded).not.toEqual(result.funded);
    expect(sorted(byVoters.funded)).toEqual(sorted(result.funded));
  });

  // The README: MES with one-per-approval utilities differs on 6 projects, greedy on 15.
  it.each([
    {
      variant: "MES, approval utilities",
      input: { rule: "mes" as const, utility: "approval" as const },
      added: ["16", "66", "67", "8"],
      dropped: ["40", "46"],
    },
    {
      variant: "greedy",
      input: { rule: "greedy" as const },
      added: ["16", "21", "8", "87"],
      dropped: ["26", "36", "46", "56", "61", "62", "69", "7", "71", "88", "9"],
    },
  ])("Wieliczka: $variant differs from the official outcome on exactly these projects", (c) => {
    const pb = fixture("wieliczka-2023-green-budget.pb");
    const official = new Set(selected(pb));
    const funded = new Set(count(pb, c.input).funded);
    const added = [...funded].filter((id) => !official.has(id));
    const dropped = [...official].filter((id) => !funded.has(id));
    expect(sorted(added)).toEqual(sorted(c.added));
    expect(sorted(dropped)).toEqual(sorted(c.dropped));
    expect(added.length + dropped.length).toBe(c.variant === "greedy" ? 15 : 6);
  });

  it("Wieliczka: add1 ends at 315 PLN a voter, passing over an exhaustive outcome at 302 PLN", () => {
    const pb = fixture("wieliczka-2023-green-budget.pb");
    const n = pb.ballots.length;
    const result = count(pb, { rule: "mes" });
    const details = mesDetails(result);
    expect(details).toMatchObject({ utility: "cost", completion: "add1", voters: 6586 });
    expect(details.endowment).toBe("315");
    // First run at 1,000,000/6,586 PLN, then 152, 153, … 316 PLN (316 overspends).
    expect(details.runs).toBe(1 + (316 - 151));
    expect(details.steps.map((s) => s.id)).toEqual(result.funded);
    // The tally command prints the result as JSON: nothing in it may be a bigint.
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    // The first step: the cheapest, most approved project at ρ = 1/720 (its 720 approvers split
    // 5,000 PLN; with cost utilities ρ is payment per PLN of the project's cost).
    expect(details.steps[0]).toMatchObject({ id: "24", rho: "1/720", supporters: 720 });
    // Why add1 must not stop at the first exhaustive outcome: at 302 PLN MES funds 31 projects for
    // 984,579 PLN and nothing else fits, but 306–315 PLN give the official 30 for 995,079 PLN.
    const at = (perVoter: number) =>
      countBudget({ ...fromFile(pb), budget: perVoter * n, rule: "mes", completion: "none" });
    const [at302, at315] = [at(302), at(315)];
    expect([at302.funded.length, at302.spent]).toEqual([31, 984_579]);
    expect([at315.funded.length, at315.spent]).toEqual([30, 995_079]);
    expect(at(316).spent).toBeGreaterThan(1_000_000);
    // Without completion MES leaves much of the budget unspent.
    expect(count(pb, { rule: "mes", completion: "none" }).spent).toBeLessThan(800_000);
  });
});

function fromFile(pb: PabulibFile) {
  return { projects: pb.projects, ballots: pb.ballots };
}

// ---------------------------------------------------------------------------------------------

describe("greedy, hand-worked", () => {
  it("skips a project that no longer fits and goes on", () => {
    const result = countBudget({
      budget: 10,
      projects: [
        { id: "A", cost: 6 },
        { id: "B", cost: 5 },
        { id: "C", cost: 4 },
      ],
      ballots: [{ approvals: ["A", "B", "C"] }, { approvals: ["A", "B"] }, { approvals: ["A"] }],
      rule: "greedy",
    });
    expect(result).toEqual({
      funded: ["A", "C"],
      spent: 10,
      ranking: ["A", "C", "B"],
      details: {
        rule: "greedy",
        steps: [
          { id: "A", support: 3, cost: 6, funded: true, spent: 6, remaining: 4 },
          { id: "B", support: 2, cost: 5, funded: false, spent: 6, remaining: 4 },
          { id: "C", support: 1, cost: 4, funded: true, spent: 10, remaining: 0 },
        ],
      },
    });
  });

  const orderCases: Array<{ case: string; ballots: BudgetInput["ballots"]; ranking: string[] }> = [
    {
      case: "points ballots: support is the sum of points, not the number of voters",
      ballots: [{ points: { A: 1 } }, { points: { A: 1 } }, { points: { B: 3 } }],
      ranking: ["B", "A", "C"],
    },
    {
      case: "equal support: the cheaper project first",
      ballots: [{ approvals: ["A", "B"] }],
      ranking: ["B", "A", "C"],
    },
    {
      case: "ballot counts weigh a ballot",
      ballots: [
        { approvals: ["A"], count: 3 },
        { approvals: ["B", "C"], count: 2 },
      ],
      ranking: ["A", "B", "C"],
    },
  ];
  it.each(orderCases)("$case", ({ ballots, ranking }) => {
    const projects = [
      { id: "A", cost: 30 },
      { id: "B", cost: 20 },
      { id: "C", cost: 20 },
    ];
    expect(countBudget({ budget: 100, projects, ballots, rule: "greedy" }).ranking).toEqual(
      ranking,
    );
  });

  it("equal support and cost: numeric ids in numeric order (9 before 10), then others by code unit", () => {
    const projects = ["10", "9", "b", "a"].map((id) => ({ id, cost: 5 }));
    const result = countBudget({
      budget: 10,
      projects,
      ballots: [{ approvals: ["10", "9", "b", "a"] }],
      rule: "greedy",
    });
    expect(result.funded).toEqual(["9", "10"]);
    expect(result.ranking).toEqual(["9", "10", "a", "b"]);
  });

  it("counts decimal amounts exactly", () => {
    const result = countBudget({
      budget: 0.3,
      projects: [
        { id: "A", cost: 0.1 },
        { id: "B", cost: 0.2 },
      ],
      ballots: [{ points: { A: 0.2, B: 0.1 } }],
      rule: "greedy",
    });
    // 0.1 + 0.2 fits a budget of 0.3 (in floating point it would be 0.30000000000000004).
    expect(result.funded).toEqual(["A", "B"]);
    expect(result.spent).toBe(0.3);
  });
});

describe("Method of Equal Shares, hand-worked", () => {
  // Three voters, 300: P (240) is approved by all; Q (60) by voter 1 only; R (60) by voter 2 only.
  const threeVoters = {
    budget: 300,
    projects: [
      { id: "P", cost: 240 },
      { id: "Q", cost: 60 },
      { id: "R", cost: 60 },
    ],
    ballots: [{ approvals: ["P", "Q"] }, { approvals: ["P", "R"] }, { approvals: ["P"] }],
    rule: "mes" as const,
  };

  it("cost utilities: P costs each voter 80 for 240 of value (ρ 1/3), Q and R 60 for 60 (ρ 1)", () => {
    const result = countBudget({ ...threeVoters, completion: "none" });
    expect(result.funded).toEqual(["P"]);
    expect(result.spent).toBe(240);
    // After P each voter has 20 left: nobody can pay for Q or R alone.
    expect(mesDetails(result).steps).toEqual([
      { id: "P", cost: 240, supporters: 3, rho: "1/3", rhoApprox: 1 / 3, maxPayment: 80 },
    ]);
    expect(mesDetails(result)).toMatchObject({ endowment: "100", runs: 1 });
    expect(result.ranking).toEqual(["P", "Q", "R"]);
  });

  it("approval utilities: Q and R cost 60 per approval, P 80, so Q and R go first", () => {
    const result = countBudget({ ...threeVoters, utility: "approval", completion: "none" });
    // Q and R tie at ρ 60 (same cost, same support): the lower id first. Then P would need 240
    // from 40 + 40 + 100 = 180: not affordable.
    expect(result.funded).toEqual(["Q", "R"]);
    expect(mesDetails(result).steps.map((s) => s.rho)).toEqual(["60", "60"]);
    expect(result.spent).toBe(120);
  });

  it("add1: raises the share 1 by 1 and keeps the last outcome within the budget", () => {
    // Cost utilities: P alone until a voter has 140 (140 − 80 = 60 pays Q), which overspends.
    const cost = mesDetails(countBudget(threeVoters));
    expect(cost.endowment).toBe("139");
    expect(cost.runs).toBe(1 + (140 - 100));
    expect(countBudget(threeVoters).funded).toEqual(["P"]);
    // Approval utilities: Q and R until 3e − 120 ≥ 240 (e = 120) makes P affordable too.
    const approval = countBudget({ ...threeVoters, utility: "approval" });
    expect(approval.funded).toEqual(["Q", "R"]);
    expect(mesDetails(approval)).toMatchObject({ endowment: "119", runs: 1 + (120 - 100) });
  });

  it("a supporter with less than the equal split pays all they have (exact fractions)", () => {
    // Four voters, 100 each. A (60) is approved by voter 1, B (330) by all four; approval utility.
    // A first (ρ 60 < 82.5); then voter 1 has 40 < 330/4, pays 40, and the other three split the
    // remaining 290: ρ = 290/3 each, exactly.
    const result = countBudget({
      budget: 400,
      projects: [
        { id: "A", cost: 60 },
        { id: "B", cost: 330 },
      ],
      ballots: [{ approvals: ["A", "B"] }, { approvals: ["B"], count: 3 }],
      rule: "mes",
      utility: "approval",
      completion: "none",
    });
    expect(result.funded).toEqual(["A", "B"]);
    expect(result.spent).toBe(390);
    expect(mesDetails(result).steps.map((s) => [s.id, s.rho, s.maxPayment])).toEqual([
      ["A", "60", 60],
      ["B", "290/3", 290 / 3],
    ]);
  });

  it("the first run shares the exact budget: 100/3 each, not a rounded amount", () => {
    // Three voters with 100/3 each; X (100) is approved by all, so it costs exactly 100/3 each.
    // Any rounding of the share down (33.33…) would make X unaffordable.
    const result = countBudget({
      budget: 100,
      projects: [{ id: "X", cost: 100 }],
      ballots: [{ approvals: ["X"], count: 3 }],
      rule: "mes",
      completion: "none",
    });
    expect(result.funded).toEqual(["X"]);
    expect(mesDetails(result)).toMatchObject({ endowment: "100/3" });
    // Each pays a third of the cost: ρ (payment per unit of cost) is 1/3.
    expect(mesDetails(result).steps[0]?.rho).toBe("1/3");
  });

  it.each([
    {
      case: "equal ρ: the cheaper project first",
      // Cost utility: A (100) by voter 1, B (50) by voter 2: each pays all, ρ = 1 for both.
      projects: [
        { id: "A", cost: 100 },
        { id: "B", cost: 50 },
      ],
      ballots: [{ approvals: ["A"] }, { approvals: ["B"] }],
      order: ["B", "A"],
    },
    {
      case: "equal ρ, cost and support: the lower id first",
      // Cost utility: A and B (60 each) each approved by one voter, who pays all: ρ = 1 for both.
      projects: [
        { id: "B", cost: 60 },
        { id: "A", cost: 60 },
      ],
      ballots: [{ approvals: ["A"] }, { approvals: ["B"] }],
      order: ["A", "B"],
    },
  ])("ties: $case", ({ projects, ballots, order }) => {
    const result = countBudget({ budget: 200, projects, ballots, rule: "mes", completion: "none" });
    expect(result.funded).toEqual(order);
  });

  it("ties: equal ρ and cost, then the project with more supporters first", () => {
    // With equal shares, a tie at equal cost needs some supporters to have paid already. 25 voters,
    // 50 each. G1 (300) drains voter 6 (and 9 others) by 30; G2 (400) drains voters 7 and 8 (and 8
    // others) by 40; both at ρ 1/10, before anything else. Then A (100; voters 1, 2 and 6) and B
    // (100; voters 3, 4, 7 and 8): voter 6 pays his last 20 towards A, voters 7 and 8 their last
    // 10 each towards B, and the two fresh supporters of each pay 40: ρ = 40/100 for both. B has
    // four supporters to A's three, so B goes first, although A's id is lower.
    const result = countBudget({
      budget: 25 * 50,
      projects: [
        { id: "A", cost: 100 },
        { id: "B", cost: 100 },
        { id: "G1", cost: 300 },
        { id: "G2", cost: 400 },
      ],
      ballots: [
        { approvals: ["A"], count: 2 },
        { approvals: ["B"], count: 2 },
        { approvals: ["A", "G1"] },
        { approvals: ["B", "G2"], count: 2 },
        { approvals: ["G1"], count: 9 },
        { approvals: ["G2"], count: 8 },
        { approvals: [] },
      ],
      rule: "mes",
      completion: "none",
    });
    expect(mesDetails(result).steps.map((s) => [s.id, s.rho])).toEqual([
      ["G1", "1/10"],
      ["G2", "1/10"],
      ["B", "2/5"],
      ["A", "2/5"],
    ]);
  });
});

describe("edge cases", () => {
  const projects = [
    { id: "1", cost: 40 },
    { id: "2", cost: 70 },
    { id: "3", cost: 0 },
  ];
  const rules: Array<Pick<BudgetInput, "rule" | "utility" | "completion">> = [
    { rule: "greedy" },
    { rule: "mes" },
    { rule: "mes", utility: "approval" },
    { rule: "mes", completion: "none" },
  ];

  it.each(rules)("no ballots: nothing is funded ($rule $utility $completion)", (rule) => {
    const result = countBudget({ budget: 100, projects, ballots: [], ...rule });
    expect(result.funded).toEqual([]);
    expect(result.spent).toBe(0);
    // With no support at all, the ranking falls back to cost, then id.
    expect(result.ranking).toEqual(["3", "1", "2"]);
  });

  it.each(rules)("ballots that approve nothing fund nothing ($rule $utility)", (rule) => {
    const result = countBudget({
      budget: 100,
      projects,
      ballots: [{ approvals: [] }, { points: {} }],
      ...rule,
    });
    expect(result.funded).toEqual([]);
  });

  it.each(rules)(
    "a project costing more than the budget is never funded ($rule $utility $completion)",
    (rule) => {
      const result = countBudget({
        budget: 100,
        projects: [
          { id: "big", cost: 101 },
          { id: "small", cost: 30 },
        ],
        ballots: [
          { approvals: ["big", "small"], count: 5 },
          { approvals: ["big"], count: 5 },
        ],
        ...rule,
      });
      expect(result.funded).toEqual(["small"]);
      expect(result.ranking).toEqual(["small", "big"]);
    },
  );

  it.each(rules)(
    "zero budget: only a free project that someone supports ($rule $utility)",
    (rule) => {
      const result = countBudget({
        budget: 0,
        projects,
        ballots: [{ approvals: ["1", "2", "3"] }, { approvals: ["2"] }],
        ...rule,
      });
      expect(result.funded).toEqual(["3"]);
      expect(result.spent).toBe(0);
    },
  );

  it("MES with no voters reports zero runs", () => {
    const details = mesDetails(countBudget({ budget: 10, projects, ballots: [], rule: "mes" }));
    expect(details).toMatchObject({ voters: 0, runs: 0, steps: [] });
  });

  it("add1 ends when every supported project is funded (a cheap unsupported one always fits)", () => {
    const result = countBudget({
      budget: 1000,
      projects: [
        { id: "A", cost: 300 },
        { id: "nobody", cost: 1 },
      ],
      ballots: [{ approvals: ["A"] }, { approvals: [] }],
      rule: "mes",
    });
    // 500 each: A is affordable from the start, and then nothing else can change.
    expect(result.funded).toEqual(["A"]);
    expect(mesDetails(result).runs).toBe(1);
  });

  const twoBallots = (second: BudgetInput["ballots"][number]) => ({
    ballots: [{ approvals: ["A"] }, second],
  });
  it.each([
    ["a negative budget", { budget: -1 }, CountError, /^budget must be a non-negative number/],
    ["a budget that is not a number", { budget: Number.NaN }, CountError, /budget must be/],
    ["a huge budget", { budget: 1e21 }, CountError, /too large or too small/],
    ["a negative cost", { projects: [{ id: "A", cost: -5 }] }, CountError, /cost of project A/],
    [
      "a project listed twice",
      {
        projects: [
          { id: "A", cost: 1 },
          { id: "A", cost: 2 },
        ],
      },
      CountError,
      /project A listed twice/,
    ],
    [
      "a numeric project id (from JSON)",
      { projects: [{ id: 7, cost: 1 }] as unknown as BudgetInput["projects"] },
      CountError,
      /project 1 has no id/,
    ],
    ["an unknown rule", { rule: "knapsack" as "greedy" }, CountError, /unknown budget rule/],
    [
      "an unknown MES utility",
      { rule: "mes" as const, utility: "joy" as "cost" },
      CountError,
      /unknown MES utility "joy"/,
    ],
    [
      "a vote for an unknown project",
      twoBallots({ approvals: ["Z"] }),
      BallotError,
      /^ballot 2: unknown project Z$/,
    ],
    [
      "negative points",
      twoBallots({ points: { A: -1 } }),
      BallotError,
      /^ballot 2: points for project A/,
    ],
    [
      "a fractional count",
      twoBallots({ approvals: ["A"], count: 1.5 }),
      BallotError,
      /^ballot 2: count must be a non-negative integer/,
    ],
    [
      "approvals that are not a list",
      twoBallots({ approvals: "A" as unknown as string[] }),
      BallotError,
      /^ballot 2: approvals must be a list/,
    ],
  ])("refuses %s", (_, change, errorClass, message) => {
    const input: BudgetInput = {
      budget: 10,
      projects: [{ id: "A", cost: 5 }],
      ballots: [],
      rule: "greedy",
      ...change,
    };
    expect(() => countBudget(input)).toThrow(errorClass);
    expect(() => countBudget(input)).toThrow(message);
  });

  it("a ballot listing a project twice approves it once", () => {
    const result = countBudget({
      budget: 10,
      projects: [
        { id: "A", cost: 5 },
        { id: "B", cost: 5 },
      ],
      ballots: [{ approvals: ["A", "A"] }, { approvals: ["B"] }],
      rule: "greedy",
    });
    expect(greedySteps(result).map((s) => s.support)).toEqual([1, 1]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const electionArb = fc
  .record({
    costs: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 6 }),
    budget: fc.integer({ min: 0, max: 150 }),
    points: fc.boolean(),
    rawBallots: fc.array(
      fc.record({
        marks: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 6, maxLength: 6 }),
        count: fc.integer({ min: 1, max: 3 }),
      }),
      { maxLength: 9 },
    ),
  })
  .map(({ costs, budget, points, rawBallots }) => {
    const projects = costs.map((cost, i) => ({ id: String(i + 1), cost }));
    const ballots = rawBallots.map(({ marks, count }) => {
      const given = projects.map((p, i) => [p.id, marks[i] ?? 0] as const).filter(([, m]) => m > 0);
      return points
        ? { points: Object.fromEntries(given), count }
        : { approvals: given.filter(([, m]) => m > 2).map(([id]) => id), count };
    });
    return { budget, projects, ballots };
  });

const ruleArb = fc.constantFrom<Array<Pick<BudgetInput, "rule" | "utility" | "completion">>>(
  { rule: "greedy" },
  { rule: "mes" },
  { rule: "mes", utility: "approval" },
  { rule: "mes", completion: "none" },
  { rule: "mes", utility: "approval", completion: "none" },
);

describe("properties", () => {
  it("outcomes never exceed the budget, and funded, spent and ranking agree", () => {
    fc.assert(
      fc.property(electionArb, ruleArb, (election, rule) => {
        const result = countBudget({ ...election, ...rule });
        const cost = new Map(election.projects.map((p) => [p.id, p.cost]));
        const total = result.funded.reduce((sum, id) => sum + (cost.get(id) ?? Number.NaN), 0);
        expect(result.spent).toBe(total);
        expect(result.spent).toBeLessThanOrEqual(election.budget);
        expect(new Set(result.funded).size).toBe(result.funded.length);
        expect(result.ranking.slice(0, result.funded.length)).toEqual(result.funded);
        expect([...result.ranking].sort()).toEqual(election.projects.map((p) => p.id).sort());
      }),
      { numRuns: 300 },
    );
  });

  it("ballot order does not matter", () => {
    fc.assert(
      fc.property(
        electionArb.chain((e) =>
          fc
            .shuffledSubarray(e.ballots, { minLength: e.ballots.length })
            .map((shuffled) => ({ e, shuffled })),
        ),
        ruleArb,
        ({ e, shuffled }, rule) => {
          expect(countBudget({ ...e, ballots: shuffled, ...rule })).toEqual(
            countBudget({ ...e, ...rule }),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a ballot with count k counts as k copies of it", () => {
    fc.assert(
      fc.property(electionArb, ruleArb, (election, rule) => {
        const copies = election.ballots.flatMap(({ count, ...ballot }) =>
          Array.from({ length: count }, () => ballot),
        );
        expect(countBudget({ ...election, ballots: copies, ...rule })).toEqual(
          countBudget({ ...election, ...rule }),
        );
      }),
      { numRuns: 150 },
    );
  });

  it("greedy with skipping funds a superset of, and spends at least, greedy stopping at the first misfit", () => {
    fc.assert(
      fc.property(electionArb, (election) => {
        // An independent oracle: support recounted here, the documented order (support, then
        // cost, then numeric id), and a walk that stops at the first project that does not fit.
        const support = new Map(election.projects.map((p) => [p.id, 0]));
        for (const b of election.ballots) {
          const marks = b.points ?? Object.fromEntries((b.approvals ?? []).map((id) => [id, 1]));
          for (const [id, m] of Object.entries(marks))
            support.set(id, (support.get(id) ?? 0) + m * b.count);
        }
        const order = [...election.projects]
          .filter((p) => (support.get(p.id) ?? 0) > 0)
          .sort(
            (a, b) =>
              (support.get(b.id) ?? 0) - (support.get(a.id) ?? 0) ||
              a.cost - b.cost ||
              Number(a.id) - Number(b.id),
          );
        let left = election.budget;
        const stopped: string[] = [];
        for (const p of order) {
          if (p.cost > left) break;
          left -= p.cost;
          stopped.push(p.id);
        }
        const result = countBudget({ ...election, rule: "greedy" });
        expect(result.funded.slice(0, stopped.length)).toEqual(stopped);
        expect(result.spent).toBeGreaterThanOrEqual(election.budget - left);
        // …and it is exhaustive: no unfunded supported project fits in what is left.
        const remaining = election.budget - result.spent;
        for (const p of order) {
          if (!result.funded.includes(p.id)) expect(p.cost).toBeGreaterThan(remaining);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("MES: when all projects cost the same, cost and approval utilities agree", () => {
    fc.assert(
      fc.property(electionArb, fc.integer({ min: 1, max: 50 }), (election, cost) => {
        const same = { ...election, projects: election.projects.map((p) => ({ ...p, cost })) };
        const byCost = countBudget({ ...same, rule: "mes", utility: "cost" });
        const byApproval = countBudget({ ...same, rule: "mes", utility: "approval" });
        expect(byCost.funded).toEqual(byApproval.funded);
      }),
      { numRuns: 150 },
    );
  });

  it("MES with one voter and approval utilities buys the cheapest projects while the money lasts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 100 }),
        (costs, budget) => {
          const projects = costs.map((cost, i) => ({ id: String(i + 1), cost }));
          const result = countBudget({
            budget,
            projects,
            ballots: [{ approvals: projects.map((p) => p.id) }],
            rule: "mes",
            utility: "approval",
            completion: "none",
          });
          // Approval utility and one voter: ρ is the cost, so the cheapest first while money lasts.
          const expected: string[] = [];
          let left = budget;
          for (const p of [...projects].sort(
            (a, b) => a.cost - b.cost || Number(a.id) - Number(b.id),
          )) {
            if (p.cost > left) break;
            left -= p.cost;
            expected.push(p.id);
          }
          expect(result.funded).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
