/**
 * Participatory budgeting: which projects a budget funds, given residents' ballots.
 *
 * Two rules:
 *
 * - `greedy` — what Warsaw, Częstochowa and most cities use. Projects are ordered by support (the
 *   number of approvals, or the sum of points for points ballots); ties go to the cheaper project,
 *   then to the lower id (numeric ids compared as numbers). Walking down that order, a project is
 *   funded if it still fits in what is left of the budget; one that does not fit is SKIPPED and the
 *   walk goes on, so a cheaper project further down can still be funded. A project nobody supported is
 *   never funded.
 *
 * - `mes` — the Method of Equal Shares (Peters & Skowron), as used in Wieliczka and Assen and as
 *   implemented on equalshares.net. Every voter gets an equal share of the budget. A project can be
 *   funded only from its supporters' shares; among the projects that are still affordable, the one
 *   whose supporters pay the least per unit of utility (ρ) is funded next, the cost split equally
 *   among its supporters except that a supporter with less money than the equal split pays all they
 *   have. Then "add1" completion: the per-voter share is raised by 1 currency unit at a time and the
 *   method re-run, keeping the last outcome that stays within the budget.
 *
 * Ballots are approval ballots (`approvals`) or points ballots (`points`; a ballot with `points` is
 * read as points only). MES reads a points ballot as approving every project given positive points;
 * the number of points does not matter to it. `count` weighs a ballot (a paper batch, say).
 *
 * Bad input is refused, never guessed at: a bad setting (budget, a cost, a project listed twice, an
 * unknown rule) throws a `CountError`, a bad ballot (an unknown project, negative points, a bad
 * `count`) a `BallotError` naming the ballot.
 *
 * `ranking` is the funded projects in the order they were funded, then the rest by support (then
 * cost, then id, as greedy orders them).
 *
 * Exact arithmetic. Greedy works in integers only. MES payments are fractions (5,000 PLN split among
 * 720 supporters), and with floating point, sums of thousands of such shares drift, so which project
 * is "cheapest per utility", or whether a project is still affordable, could come out differently
 * depending on the order of additions. MES therefore keeps every amount as a `bigint` numerator over
 * one common denominator for the whole run; when a payment needs a finer denominator, every stored
 * amount is rescaled once (the denominator grows to the least common multiple). Every decision is
 * then taken on exact values. (Doubles appear only as a pre-check that is allowed to decide when it
 * is a billion times further from the threshold than its possible error; see `runMes`.) Decimal
 * amounts (a cost of 1500.50) are first scaled to integers by the largest number of decimal places
 * in the input, so greedy's sums are exact too.
 *
 * Speed. Voters with identical ballots are merged (weighted), the supporters of each project are
 * listed once per count, not once per run, and voters whose remaining money is equal are grouped
 * into "budget classes": funding a project moves each class among its supporters to one new class,
 * so most bigint work is per class, not per voter. Wieliczka (6,586 voters, 64 projects, 166 MES
 * runs for add1) takes about 0.3 s; Warsaw-Ochota (3,261 voters approving up to 15 projects each,
 * 241 runs) about 3 s. add1 runs MES once per currency unit of per-voter share, so a tiny
 * electorate with a large budget means many (cheap) runs: 3 voters and 1,000,000 take ~270,000
 * runs, under a second.
 */

import { BallotError, CountError } from "./errors";

export interface BudgetInput {
  budget: number;
  projects: Array<{ id: string; cost: number; name?: string }>;
  ballots: Array<{ approvals?: string[]; points?: Record<string, number>; count?: number }>;
  rule: "greedy" | "mes";
  /** MES only: "cost" (each approver values a project at its cost, default) or "approval" (1 per approval). */
  utility?: "cost" | "approval";
  /** MES only: completion "add1" (default: raise the per-voter budget by 1 unit while the outcome stays within budget) or "none". */
  completion?: "add1" | "none";
}

export interface BudgetResult {
  funded: string[];
  spent: number;
  ranking: string[];
  details: unknown;
}

/** One line of greedy's walk down the support order, with running totals. */
export interface GreedyStep {
  id: string;
  support: number;
  cost: number;
  funded: boolean;
  /** Spent after this step. */
  spent: number;
  /** Left after this step. */
  remaining: number;
}

export interface GreedyDetails {
  rule: "greedy";
  steps: GreedyStep[];
}

/** One funding decision of MES, in order. */
export interface MesStep {
  id: string;
  cost: number;
  /** Supporters (voters, weighted by `count`, who approved the project). */
  supporters: number;
  /**
   * ρ, the price per unit of utility, exact, as "numerator/denominator" or an integer. With cost
   * utilities it is the fraction of the project's cost each full-paying supporter pays (payment ÷
   * cost); with approval utilities it is that payment, in currency units.
   */
  rho: string;
  /** `rho` as a (rounded) number, for display. */
  rhoApprox: number;
  /** What each supporter paid, in currency units, except those who had less and paid all they had. */
  maxPayment: number;
}

export interface MesDetails {
  rule: "mes";
  utility: "cost" | "approval";
  completion: "add1" | "none";
  /** Voters counted (each ballot times its `count`, including ballots that approve nothing). */
  voters: number;
  /** The per-voter share of the outcome kept, exact ("a/b" or an integer), in currency units. */
  endowment: string;
  /** How many times MES was run (1 without completion). */
  runs: number;
  steps: MesStep[];
}

export function countBudget(input: BudgetInput): BudgetResult {
  const model = buildModel(input);
  return input.rule === "greedy" ? countGreedy(model) : countMes(model, input);
}

// ---------------------------------------------------------------------------------------------
// Input, normalised to integers

interface Project {
  id: string;
  /** Cost in money units (currency × 10^moneyDecimals). */
  cost: bigint;
  /** Approvals, or the sum of points in point units (points × 10^pointDecimals), weighted by count. */
  support: bigint;
  /** Weighted number of voters who support it (approved it, or gave it positive points). */
  supporters: number;
}

interface Voter {
  weight: number;
  /** Indices of the projects this voter supports. */
  projects: number[];
}

interface Model {
  budget: bigint;
  /** Money units per currency unit. */
  moneyScale: bigint;
  pointScale: bigint;
  projects: Project[];
  /** Distinct ballots (by the set of supported projects), weighted. */
  voters: Voter[];
  /** Every voter, including those who support nothing: MES shares the budget among all of them. */
  voterCount: number;
}

function buildModel(input: BudgetInput): Model {
  if (input.rule !== "greedy" && input.rule !== "mes") {
    throw new CountError(`unknown budget rule "${String(input.rule)}"`);
  }
  // The tally command passes parsed JSON through: check shapes too, so a mistake gets a clear
  // message rather than a wrong count (a numeric id would never match a ballot's string).
  if (!Array.isArray(input.projects) || !Array.isArray(input.ballots)) {
    throw new CountError("projects and ballots must be lists");
  }
  const settingError = (message: string) => new CountError(message);
  requireAmount(input.budget, "budget", settingError);
  const index = new Map<string, number>();
  input.projects.forEach((p, i) => {
    if (typeof p.id !== "string" || p.id === "") {
      throw new CountError(`project ${i + 1} has no id (a non-empty string)`);
    }
    if (index.has(p.id)) throw new CountError(`project ${p.id} listed twice`);
    requireAmount(p.cost, `cost of project ${p.id}`, settingError);
    index.set(p.id, i);
  });

  let moneyDecimals = decimals(input.budget, settingError);
  for (const p of input.projects) {
    moneyDecimals = Math.max(moneyDecimals, decimals(p.cost, settingError));
  }
  // Loops, not Math.max(...spread): a million ballots' points would overflow the call stack.
  let pointDecimals = 0;
  input.ballots.forEach((ballot, b) => {
    const ballotError = (message: string) => new BallotError(b, message);
    const { approvals, points, count = 1 } = ballot;
    if (points !== undefined && (typeof points !== "object" || points === null)) {
      throw ballotError("points must map project ids to numbers");
    }
    if (approvals !== undefined && !Array.isArray(approvals)) {
      throw ballotError("approvals must be a list of project ids");
    }
    if (!Number.isSafeInteger(count) || count < 0) {
      throw ballotError(`count must be a non-negative integer, got ${count}`);
    }
    for (const [id, value] of Object.entries(points ?? {})) {
      requireAmount(value, `points for project ${id}`, ballotError);
      pointDecimals = Math.max(pointDecimals, decimals(value, ballotError));
    }
  });

  const projects: Project[] = input.projects.map((p) => ({
    id: p.id,
    cost: toUnits(p.cost, moneyDecimals),
    support: 0n,
    supporters: 0,
  }));

  const voterByKey = new Map<string, Voter>();
  let voterCount = 0;
  input.ballots.forEach((ballot, b) => {
    const count = ballot.count ?? 1;
    if (count === 0) return;
    voterCount += count;
    const projectIndex = (id: string) => {
      const i = index.get(id);
      if (i === undefined) throw new BallotError(b, `unknown project ${String(id)}`);
      return i;
    };
    // Points ballots support every project given positive points; approval ballots every project
    // listed (a project listed twice counts once).
    const supported = new Set<number>();
    if (ballot.points) {
      for (const [id, value] of Object.entries(ballot.points)) {
        const i = projectIndex(id);
        const units = toUnits(value, pointDecimals);
        const project = projects[i];
        if (project) project.support += units * BigInt(count);
        if (units > 0n) supported.add(i);
      }
    } else {
      for (const id of ballot.approvals ?? []) {
        const i = projectIndex(id);
        if (supported.has(i)) continue;
        supported.add(i);
        const project = projects[i];
        if (project) project.support += BigInt(count);
      }
    }
    for (const i of supported) {
      const project = projects[i];
      if (project) project.supporters += count;
    }
    if (supported.size === 0) return;
    const list = [...supported].sort((x, y) => x - y);
    const key = list.join(",");
    const voter = voterByKey.get(key);
    if (voter) voter.weight += count;
    else voterByKey.set(key, { weight: count, projects: list });
  });

  return {
    budget: toUnits(input.budget, moneyDecimals),
    moneyScale: 10n ** BigInt(moneyDecimals),
    pointScale: 10n ** BigInt(pointDecimals),
    projects,
    voters: [...voterByKey.values()],
    voterCount,
  };
}

function requireAmount(value: unknown, what: string, fail: (message: string) => Error): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw fail(`${what} must be a non-negative number, got ${String(value)}`);
  }
}

/** Decimal places of a number as JavaScript prints it (the shortest exact round trip). */
function decimals(value: number, fail: (message: string) => Error): number {
  const text = String(value);
  if (text.includes("e")) throw fail(`${value} is too large or too small to count exactly`);
  const dot = text.indexOf(".");
  return dot === -1 ? 0 : text.length - dot - 1;
}

/** `value × 10^places` exactly, from its decimal digits (no floating-point multiplication). */
function toUnits(value: number, places: number): bigint {
  const [whole = "0", fraction = ""] = String(value).split(".");
  return BigInt(whole + fraction.padEnd(places, "0"));
}

function fromUnits(units: bigint, scale: bigint): number {
  return scale === 1n ? Number(units) : Number(units) / Number(scale);
}

/** Numeric ids ("24" < "100") compare as numbers, anything else by code units. */
export function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    if (x !== y) return x < y ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** More support first, then lower cost, then lower id: greedy's order and the tail of every ranking. */
function bySupport(projects: readonly Project[]): (a: number, b: number) => number {
  return (a, b) => {
    const p = projects[a];
    const q = projects[b];
    if (!p || !q) return 0;
    if (p.support !== q.support) return p.support > q.support ? -1 : 1;
    if (p.cost !== q.cost) return p.cost < q.cost ? -1 : 1;
    return compareIds(p.id, q.id);
  };
}

function result(model: Model, fundedIndices: number[], details: unknown): BudgetResult {
  const funded = new Set(fundedIndices);
  const rest = model.projects
    .map((_, i) => i)
    .filter((i) => !funded.has(i))
    .sort(bySupport(model.projects));
  const idOf = (i: number) => model.projects[i]?.id ?? "";
  const spent = fundedIndices.reduce((sum, i) => sum + (model.projects[i]?.cost ?? 0n), 0n);
  return {
    funded: fundedIndices.map(idOf),
    spent: fromUnits(spent, model.moneyScale),
    ranking: [...fundedIndices, ...rest].map(idOf),
    details,
  };
}

// ---------------------------------------------------------------------------------------------
// Greedy with skipping

function countGreedy(model: Model): BudgetResult {
  const order = model.projects.map((_, i) => i).sort(bySupport(model.projects));
  let left = model.budget;
  const funded: number[] = [];
  const steps: GreedyStep[] = [];
  for (const i of order) {
    const project = model.projects[i];
    if (!project) continue;
    const fits = project.support > 0n && project.cost <= left;
    if (fits) {
      left -= project.cost;
      funded.push(i);
    }
    steps.push({
      id: project.id,
      support: fromUnits(project.support, model.pointScale),
      cost: fromUnits(project.cost, model.moneyScale),
      funded: fits,
      spent: fromUnits(model.budget - left, model.moneyScale),
      remaining: fromUnits(left, model.moneyScale),
    });
  }
  const details: GreedyDetails = { rule: "greedy", steps };
  return result(model, funded, details);
}

// ---------------------------------------------------------------------------------------------
// Method of Equal Shares

interface Fraction {
  num: bigint;
  den: bigint;
}

interface MesRun {
  funded: number[];
  cost: bigint;
  /** ρ and the full payment of each funded project, formatted only for the run that is kept. */
  rhos: Fraction[];
  payments: Fraction[];
}

function countMes(model: Model, input: BudgetInput): BudgetResult {
  const utility = input.utility ?? "cost";
  const completion = input.completion ?? "add1";
  if (utility !== "cost" && utility !== "approval") {
    throw new CountError(`unknown MES utility "${String(utility)}"`);
  }
  if (completion !== "add1" && completion !== "none") {
    throw new CountError(`unknown MES completion "${String(completion)}"`);
  }
  const n = BigInt(model.voterCount);
  const details = (run: MesRun, endowment: Fraction, runs: number): MesDetails => ({
    rule: "mes",
    utility,
    completion,
    voters: model.voterCount,
    endowment: formatFraction(
      reduce({ num: endowment.num, den: endowment.den * model.moneyScale }),
    ),
    runs,
    steps: run.funded.map((p, i) => mesStep(model, utility, p, run.rhos[i], run.payments[i])),
  });
  if (n === 0n) {
    return result(model, [], details({ funded: [], cost: 0n, rhos: [], payments: [] }, ZERO, 0));
  }

  // The first run shares the exact budget: B/n each.
  let endowment: Fraction = { num: model.budget, den: n };
  const mes = mesModel(model, utility);
  let kept = runMes(mes, endowment);
  let runs = 1;

  if (completion === "add1") {
    // add1 as in the official Wieliczka count: start from the whole-currency part of B/n, then +1
    // unit per voter per step, for as long as the outcome stays within the budget, and keep the last
    // outcome that did. There is no early stop when an outcome is exhaustive (nothing more fits):
    // the outcome may still change at a higher share, and in Wieliczka it does (31 projects for
    // 984,579 PLN at 302-305 PLN a voter, then the official 30 for 995,079 PLN at 306-315 PLN;
    // 316 PLN overspends). The one other stop is when every supported project is funded: from
    // there, any higher share funds a subset of them, which also fits, and eventually all of them
    // again, so the loop would never end and this is its limit. (Both stops bound the loop: at a
    // share of the total cost of the supported projects, every one of them is funded.)
    const supported = model.projects.filter((p) => p.supporters > 0).length;
    let perVoter = model.budget / n / model.moneyScale;
    while (kept.funded.length < supported) {
      perVoter += 1n;
      const next: Fraction = { num: perVoter * model.moneyScale, den: 1n };
      const outcome = runMes(mes, next);
      runs++;
      if (outcome.cost > model.budget) break;
      kept = outcome;
      endowment = next;
    }
  }
  return result(model, kept.funded, details(kept, endowment, runs));
}

/**
 * MES state shared by every run of one count: who supports what, built once (add1 re-runs MES a
 * hundred times or more on the same ballots).
 */
interface MesModel {
  model: Model;
  utility: "cost" | "approval";
  /** Voter indices supporting each project. */
  supportersOf: Int32Array[];
  /** Total weight of each project's supporters. */
  supportWeight: Float64Array;
  totalWeight: number;
  /** Per project, the utility one supporter gets: its cost (cost utility) or 1 (approval utility). */
  utilityOf: bigint[];
  costApprox: Float64Array;
}

function mesModel(model: Model, utility: "cost" | "approval"): MesModel {
  const lists: number[][] = model.projects.map(() => []);
  const supportWeight = new Float64Array(model.projects.length);
  let totalWeight = 0;
  model.voters.forEach((voter, vi) => {
    totalWeight += voter.weight;
    for (const p of voter.projects) {
      lists[p]?.push(vi);
      supportWeight[p] = (supportWeight[p] ?? 0) + voter.weight;
    }
  });
  return {
    model,
    utility,
    supportersOf: lists.map((list) => Int32Array.from(list)),
    supportWeight,
    totalWeight,
    utilityOf: model.projects.map((p) => (utility === "cost" ? p.cost : 1n)),
    costApprox: Float64Array.from(model.projects, (p) => Number(p.cost)),
  };
}

/** Relative margin within which a floating-point pre-check defers to exact arithmetic. */
const FLOAT_MARGIN = 1e-9;

const ACTIVE = 0;
const FUNDED = 1;
const GONE = 2;

/**
 * One run of MES with the given per-voter share (in money units).
 *
 * Money is exact: bigint numerators over the common denominator `scale`. Voters with equal money
 * share a "class"; each project keeps the weight of its supporters per class (a funding moves
 * whole classes, so this is cheap to keep up to date). Each class also carries its
 * money as a double, used only to decide affordability when the double sum is clearly above or
 * below the cost (more than FLOAT_MARGIN apart, far beyond the double's rounding error); anything
 * closer is decided by the exact sum.
 */
function runMes(mes: MesModel, endowment: Fraction): MesRun {
  const { model, supportersOf, utilityOf } = mes;
  const { projects, voters } = model;
  const start = reduce(endowment);
  let scale = start.den;

  // Class 0 is everyone at the start; class -1 is "no money left": such voters are dropped from
  // every project, which is what capping them at a payment of 0 amounts to.
  const classMoney: bigint[] = [start.num];
  const classApprox: number[] = [approx(start)];
  // Plain arrays, not typed arrays: a run on a small election is microseconds, and allocating
  // ArrayBuffers would dominate it (add1 can run MES hundreds of thousands of times on a tiny one).
  const classWeight: number[] = [mes.totalWeight];
  const voterClass: number[] = new Array<number>(voters.length).fill(0);

  const status: number[] = new Array<number>(projects.length).fill(ACTIVE);
  // Per project: the weight of its supporters in each class (indexed by class), and the classes
  // that may hold any (stale entries are dropped when the project is next evaluated).
  const weightIn: number[][] = [];
  const classList: number[][] = [];
  projects.forEach((_, p) => {
    const weight = mes.supportWeight[p] ?? 0;
    const present = weight > 0 && start.num > 0n;
    weightIn.push([present ? weight : 0]);
    classList.push(present ? [0] : []);
  });
  const addWeight = (p: number, c: number, w: number) => {
    const weights = weightIn[p] ?? [];
    while (weights.length <= c) weights.push(0);
    if (weights[c] === 0) classList[p]?.push(c);
    weights[c] = (weights[c] ?? 0) + w;
  };

  const funded: number[] = [];
  const rhos: Fraction[] = [];
  const payments: Fraction[] = [];
  let spent = 0n;
  const record = (p: number, rho: Fraction, payment: Fraction) => {
    funded.push(p);
    rhos.push(rho);
    payments.push(payment);
    status[p] = FUNDED;
    spent += projects[p]?.cost ?? 0n;
  };

  // Free projects that someone supports cost nobody anything: ρ = 0, funded first (the reference
  // skips cost-0 projects altogether; funding them is the only outcome that makes sense).
  const free = projects
    .map((p, i) => i)
    .filter((i) => projects[i]?.cost === 0n && (projects[i]?.supporters ?? 0) > 0)
    .sort(tieOrder(projects));
  for (const p of free) record(p, ZERO, ZERO);

  // ρ only rises as money is spent, so the ρ a project had when last looked at is a lower bound on
  // its ρ now: projects are examined in order of that bound and the scan stops once the bound
  // exceeds the best ρ found (equal bounds are still examined: they may tie).
  const lowerBound: Fraction[] = projects.map(() => ZERO);
  let candidates = projects
    .map((_, i) => i)
    .filter((i) => status[i] === ACTIVE && (projects[i]?.supporters ?? 0) > 0);

  for (;;) {
    candidates = candidates.filter((p) => status[p] === ACTIVE);
    candidates.sort((a, b) => compareFractions(lowerBound[a] ?? ZERO, lowerBound[b] ?? ZERO));
    let best = -1;
    let bestRho: Fraction = ZERO;
    let bestPayment: Fraction = ZERO;
    for (const p of candidates) {
      if (best >= 0 && compareFractions(lowerBound[p] ?? ZERO, bestRho) > 0) break;
      const project = projects[p];
      if (!project) continue;
      const price = payment(p, project.cost * scale);
      if (!price) {
        // Its supporters cannot afford it now, and their money only shrinks.
        status[p] = GONE;
        continue;
      }
      // Payment per supporter q = price.num / (price.den · scale); ρ = q / utility.
      const rho = { num: price.num, den: price.den * scale * (utilityOf[p] ?? 1n) };
      lowerBound[p] = rho;
      const order = best < 0 ? -1 : compareFractions(rho, bestRho);
      if (order < 0 || (order === 0 && tieOrder(projects)(p, best) < 0)) {
        best = p;
        bestRho = rho;
        bestPayment = price;
      }
    }
    if (best < 0) break;

    // Charge the supporters of `best` q = bestPayment.num / (bestPayment.den · scale), first moving
    // every amount to a denominator that q also fits.
    const q = reduce({ num: bestPayment.num, den: bestPayment.den * scale });
    const newScale = (scale / gcd(scale, q.den)) * q.den;
    if (newScale !== scale) {
      const factor = newScale / scale;
      for (let c = 0; c < classMoney.length; c++) {
        if ((classWeight[c] ?? 0) > 0) classMoney[c] = (classMoney[c] ?? 0n) * factor;
      }
      scale = newScale;
    }
    const charge = q.num * (scale / q.den);
    // Where each class among the supporters goes: a new class, or -1 (no money left).
    const movedTo = new Map<number, number>();
    for (const c of classList[best] ?? []) {
      if ((weightIn[best]?.[c] ?? 0) === 0) continue;
      const money = classMoney[c] ?? 0n;
      // As the reference: whoever has more than q pays q, anyone else pays all they have.
      if (money > charge) {
        const next = classMoney.length;
        movedTo.set(c, next);
        classMoney.push(money - charge);
        classApprox.push(approx({ num: money - charge, den: scale }));
        classWeight.push(0);
      } else {
        movedTo.set(c, -1);
      }
    }
    record(best, bestRho, q);
    for (const vi of supportersOf[best] ?? []) {
      const from = voterClass[vi] ?? -1;
      if (from < 0) continue;
      const to = movedTo.get(from) ?? -1;
      const voter = voters[vi];
      if (!voter) continue;
      const w = voter.weight;
      voterClass[vi] = to;
      classWeight[from] = (classWeight[from] ?? 0) - w;
      if (to >= 0) classWeight[to] = (classWeight[to] ?? 0) + w;
      for (const p of voter.projects) {
        if (status[p] !== ACTIVE) continue;
        const weights = weightIn[p] ?? [];
        weights[from] = (weights[from] ?? 0) - w;
        if (to >= 0) addWeight(p, to, w);
      }
    }
  }
  return { funded, cost: spent, rhos, payments };

  /**
   * The equal payment q each supporter makes for project p costing `cost` (over the common scale),
   * where a supporter with less than q pays all they have: Σ min(money, q) = cost. Returns q as
   * `num / den` (still over the scale), or null when the supporters' money together falls short.
   */
  function payment(p: number, cost: bigint): Fraction | null {
    const weights = weightIn[p] ?? [];
    // Drop classes that have left this project, and pre-check affordability in doubles.
    const list = (classList[p] ?? []).filter((c) => (weights[c] ?? 0) > 0);
    classList[p] = list;
    let payers = 0;
    let totalApprox = 0;
    for (const c of list) {
      const w = weights[c] ?? 0;
      payers += w;
      totalApprox += (classApprox[c] ?? 0) * w;
    }
    const costApprox = mes.costApprox[p] ?? 0;
    if (totalApprox < costApprox * (1 - FLOAT_MARGIN)) return null;
    if (totalApprox <= costApprox * (1 + FLOAT_MARGIN)) {
      let total = 0n;
      for (const c of list) total += (classMoney[c] ?? 0n) * BigInt(weights[c] ?? 0);
      if (total < cost) return null;
    }
    // Water-filling: cap every class with less than the equal split of what is still owed, and
    // repeat (capping raises the split) until no class below it is left. The result is the unique
    // q with Σ min(money, q) = cost, the same as the reference's walk through sorted budgets.
    let owed = cost;
    let denominator = BigInt(payers);
    let open = list;
    for (;;) {
      // money < owed / denominator  ⇔  money < floor (exact division) or money ≤ floor (otherwise)
      const floor = owed / denominator;
      const exact = floor * denominator === owed;
      const stillOpen: number[] = [];
      let cappedMoney = 0n;
      let cappedWeight = 0;
      for (const c of open) {
        const money = classMoney[c] ?? 0n;
        if (exact ? money < floor : money <= floor) {
          const w = weights[c] ?? 0;
          cappedMoney += money * BigInt(w);
          cappedWeight += w;
        } else {
          stillOpen.push(c);
        }
      }
      if (cappedWeight === 0) return { num: owed, den: denominator };
      owed -= cappedMoney;
      denominator -= BigInt(cappedWeight);
      open = stillOpen;
    }
  }
}

const ZERO: Fraction = { num: 0n, den: 1n };

/** A funding decision for `details`, in currency units (ρ for cost utility is a pure ratio). */
function mesStep(
  model: Model,
  utility: "cost" | "approval",
  p: number,
  rho: Fraction = ZERO,
  payment: Fraction = ZERO,
): MesStep {
  const project = model.projects[p];
  const inCurrency = (f: Fraction) => ({ num: f.num, den: f.den * model.moneyScale });
  const rhoOut = utility === "cost" ? rho : inCurrency(rho);
  return {
    id: project?.id ?? "",
    cost: fromUnits(project?.cost ?? 0n, model.moneyScale),
    supporters: project?.supporters ?? 0,
    rho: formatFraction(reduce(rhoOut)),
    rhoApprox: approx(rhoOut),
    maxPayment: approx(inCurrency(payment)),
  };
}

/** MES tie-break (equalshares.net): lower cost, then more supporters, then lower id. */
function tieOrder(projects: readonly Project[]): (a: number, b: number) => number {
  return (a, b) => {
    const p = projects[a];
    const q = projects[b];
    if (!p || !q) return 0;
    if (p.cost !== q.cost) return p.cost < q.cost ? -1 : 1;
    if (p.supporters !== q.supporters) return q.supporters - p.supporters;
    return compareIds(p.id, q.id);
  };
}

function compareFractions(a: Fraction, b: Fraction): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function reduce(f: Fraction): Fraction {
  const g = gcd(f.num, f.den);
  return g > 1n ? { num: f.num / g, den: f.den / g } : f;
}

function formatFraction(f: Fraction): string {
  return f.den === 1n ? String(f.num) : `${f.num}/${f.den}`;
}

const DOUBLE_SAFE = 1n << 1000n;

/** A fraction as a double (nearly the nearest), also when its parts exceed what a double holds. */
function approx(f: Fraction): number {
  if (f.num < DOUBLE_SAFE && f.den < DOUBLE_SAFE) return Number(f.num) / Number(f.den);
  const bits = Math.max(f.num.toString(2).length, f.den.toString(2).length);
  const shift = BigInt(bits - 64);
  return Number(f.num >> shift) / Number(f.den >> shift);
}
