/**
 * The rules of a vote as the platform runs it, apart from counting: the methods a vote may use and
 * their settings, what a valid ballot of each method looks like, paper counts, a vote's status from
 * its times, the day a ballot is dated with, receipt codes, and the outcome a result gives a
 * proposal. Named apart from `./voting/`, the counting library (one pure function per method, also
 * run by the `tally` command, knowing nothing of the platform), which these rules feed: the methods
 * are the library's (`TALLY_METHODS`) plus participatory budgeting. Pure: the clock and the random
 * bytes are arguments (`newReceiptCode` takes the platform's CSPRNG by default, as
 * `crypto.getRandomValues`). *
 * Ballot content, as stored and as published (option ids are the `vote_options` ids as strings):
 * - majority: "yes" | "no" | "abstain"
 * - approval: ["12", "15"] — the options approved, at most `maxApprovals`; none is a valid blank
 * - score: { "12": 4, "15": 0 } — whole numbers 0–5; an option left out is not rated
 * - consent: { position: "consent" | "stand_aside" | "object", reason?: string } — an objection
 *   needs a reason (a reasoned objection is what blocks; see ./voting/consent.ts)
 * - irv, schulze, stv: [["12"], ["15"], ["13"]] — ranks, best first, any subset; equal ranks
 *   (several ids in one rank) only for schulze; no empty rank; each option at most once
 * - budget: { approvals: ["12", "15"] } — projects approved; their total cost may not exceed the
 *   budget (the ballot a resident fills in is a plan that could be funded, as in Warsaw), and at
 *   most `maxProjects` when set
 */
import { z } from "zod";
import type { ConsentBallot, MajorityBallot, MajorityResult, TallyResult } from "./voting";
import { TALLY_METHODS } from "./voting/methods";
import type { Ranks, ScoreBallot } from "./voting/types";

/** The counting library's methods, and participatory budgeting (`./voting/budget.ts`). */
export const VOTE_METHODS = [...TALLY_METHODS, "budget"] as const;
export type VoteMethod = (typeof VOTE_METHODS)[number];

/** Methods that need no options (the motion is the vote itself). */
export const OPTIONLESS_METHODS: readonly VoteMethod[] = ["majority", "consent"];
/** Methods whose paper batches may be entered as counts per option (otherwise as ballots). */
export const COUNTABLE_METHODS: readonly VoteMethod[] = ["majority", "approval"];

export const VOTE_STATUSES = ["scheduled", "open", "closed"] as const;
export type VoteStatus = (typeof VOTE_STATUSES)[number];

/** Formats of a hearing held before a vote (the offline meeting types of the glossary). */
export const HEARING_FORMATS = [
  "hearing",
  "forum",
  "expert_review",
  "dialogue",
  "courtyard",
] as const;
export type HearingFormat = (typeof HEARING_FORMATS)[number];

export const THRESHOLDS = ["majorityCast", "twoThirds", "majorityEligible"] as const;
export type Threshold = (typeof THRESHOLDS)[number];

export const SCORE_MIN = 0;
export const SCORE_MAX = 5;
export const OPTION_LIMIT = 100;
export const REASON_LIMIT = 1000;
export const TITLE_LIMIT = 200;
export const DESCRIPTION_LIMIT = 5000;
export const LABEL_LIMIT = 200;

/**
 * A vote's settings (the `settings` jsonb). Only the ones meaningful for the method are kept by
 * `normalizeSettings`; every one has a default.
 */
export interface VoteSettings {
  /** Share of the electorate, in percent (0–100), who must take part for the result to stand. Default 0. */
  quorumPercent?: number;
  /** majority: default "majorityCast". */
  threshold?: Threshold;
  /** approval: at most this many approvals per ballot (null: no limit). */
  maxApprovals?: number | null;
  /** score: ratings an option needs to be ranked by its mean (default 1), and mean or total. */
  minRatings?: number;
  scoreBy?: "mean" | "total";
  /** stv: seats to fill (default 1). */
  seats?: number;
  /** budget: the amount to share out (required), the rule (default greedy), at most this many projects per ballot. */
  budget?: number;
  rule?: "greedy" | "mes";
  maxProjects?: number | null;
  /** The seed of the published lot that breaks a tie the method's rules leave (default 0). */
  seed?: number;
}

const int = (min: number, max: number) => z.number().int().min(min).max(max);

export const voteSettingsSchema = z
  .object({
    quorumPercent: z.number().min(0).max(100).optional(),
    threshold: z.enum(THRESHOLDS).optional(),
    maxApprovals: int(1, OPTION_LIMIT).nullable().optional(),
    minRatings: int(1, 1_000_000).optional(),
    scoreBy: z.enum(["mean", "total"]).optional(),
    seats: int(1, OPTION_LIMIT).optional(),
    budget: z.number().positive().max(1e12).optional(),
    rule: z.enum(["greedy", "mes"]).optional(),
    maxProjects: int(1, OPTION_LIMIT).nullable().optional(),
    seed: int(0, 2 ** 31 - 1).optional(),
  })
  .strict();

export type SetupProblem =
  | "badSettings"
  | "tooFewOptions"
  | "tooManyOptions"
  | "optionsNotAllowed"
  | "badOption"
  | "costRequired"
  | "budgetRequired"
  | "seatsTooMany"
  | "badTimes"
  | "badTitle";

/** The settings that matter for the method, with defaults filled in; or the first problem. */
export function normalizeSettings(
  method: VoteMethod,
  raw: unknown,
  optionCount: number,
): { ok: true; settings: VoteSettings } | { ok: false; problem: SetupProblem } {
  const parsed = voteSettingsSchema.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, problem: "badSettings" };
  const s = parsed.data;
  const common: VoteSettings = { quorumPercent: s.quorumPercent ?? 0, seed: s.seed ?? 0 };
  switch (method) {
    case "majority":
      return { ok: true, settings: { ...common, threshold: s.threshold ?? "majorityCast" } };
    case "approval":
      return { ok: true, settings: { ...common, maxApprovals: s.maxApprovals ?? null } };
    case "score":
      return {
        ok: true,
        settings: { ...common, minRatings: s.minRatings ?? 1, scoreBy: s.scoreBy ?? "mean" },
      };
    case "consent":
    case "irv":
    case "schulze":
      return { ok: true, settings: common };
    case "stv": {
      const seats = s.seats ?? 1;
      if (seats >= optionCount) return { ok: false, problem: "seatsTooMany" };
      return { ok: true, settings: { ...common, seats } };
    }
    case "budget":
      if (s.budget === undefined) return { ok: false, problem: "budgetRequired" };
      return {
        ok: true,
        settings: {
          ...common,
          budget: s.budget,
          rule: s.rule ?? "greedy",
          maxProjects: s.maxProjects ?? null,
        },
      };
  }
}

export interface OptionInput {
  label: string;
  description?: string | null;
  cost?: number | null;
}

/** Checks a new vote's title, options and times (settings: `normalizeSettings`). */
export function checkSetup(input: {
  method: VoteMethod;
  title: string;
  options: readonly OptionInput[];
  opensAt: Date;
  closesAt: Date;
}): SetupProblem | null {
  const title = input.title.trim();
  if (title.length === 0 || title.length > TITLE_LIMIT) return "badTitle";
  if (Number.isNaN(input.opensAt.getTime()) || Number.isNaN(input.closesAt.getTime()))
    return "badTimes";
  if (input.closesAt.getTime() <= input.opensAt.getTime()) return "badTimes";
  const optionless = OPTIONLESS_METHODS.includes(input.method);
  if (optionless) return input.options.length > 0 ? "optionsNotAllowed" : null;
  if (input.options.length < 2) return "tooFewOptions";
  if (input.options.length > OPTION_LIMIT) return "tooManyOptions";
  const labels = new Set<string>();
  for (const option of input.options) {
    const label = option.label.trim();
    if (label.length === 0 || label.length > LABEL_LIMIT || labels.has(label)) return "badOption";
    labels.add(label);
    if ((option.description ?? "").length > DESCRIPTION_LIMIT) return "badOption";
    if (input.method === "budget") {
      const cost = option.cost;
      if (typeof cost !== "number" || !Number.isFinite(cost) || cost <= 0 || cost > 1e12)
        return "costRequired";
    } else if (option.cost != null) return "badOption";
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Ballots

export type BallotContent =
  | MajorityBallot
  | readonly string[]
  | ScoreBallot
  | ConsentBallot
  | Ranks
  | { readonly approvals: readonly string[] };

export type BallotProblem =
  | "badShape"
  | "unknownOption"
  | "repeatedOption"
  | "tooMany"
  | "overBudget"
  | "equalRanks"
  | "emptyRank"
  | "badScore"
  | "reasonRequired"
  | "reasonTooLong";

/** What a ballot is checked against: the vote's method, settings and options (ids and costs). */
export interface BallotRules {
  method: VoteMethod;
  settings: VoteSettings;
  optionIds: readonly string[];
  /** Budget: the cost of each project by id. */
  costs?: Readonly<Record<string, number>>;
}

export type BallotCheck =
  { ok: true; content: BallotContent } | { ok: false; problem: BallotProblem };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function checkIds(
  ids: unknown,
  known: ReadonlySet<string>,
): { ok: true; ids: string[] } | { ok: false; problem: BallotProblem } {
  if (!Array.isArray(ids)) return { ok: false, problem: "badShape" };
  const seen = new Set<string>();
  for (const id of ids as unknown[]) {
    if (typeof id !== "string") return { ok: false, problem: "badShape" };
    if (!known.has(id)) return { ok: false, problem: "unknownOption" };
    if (seen.has(id)) return { ok: false, problem: "repeatedOption" };
    seen.add(id);
  }
  return { ok: true, ids: [...seen] };
}

/**
 * Checks a ballot's content for the vote and returns it in its stored form (a fresh copy with only
 * the known fields: nothing a client adds is stored). See the header for the forms.
 */
export function validateBallot(content: unknown, rules: BallotRules): BallotCheck {
  const known = new Set(rules.optionIds);
  switch (rules.method) {
    case "majority":
      return content === "yes" || content === "no" || content === "abstain"
        ? { ok: true, content }
        : { ok: false, problem: "badShape" };
    case "consent": {
      if (!isRecord(content)) return { ok: false, problem: "badShape" };
      const { position, reason } = content;
      if (position !== "consent" && position !== "stand_aside" && position !== "object")
        return { ok: false, problem: "badShape" };
      if (reason !== undefined && reason !== null && typeof reason !== "string")
        return { ok: false, problem: "badShape" };
      const text = typeof reason === "string" ? reason.trim() : "";
      if (text.length > REASON_LIMIT) return { ok: false, problem: "reasonTooLong" };
      if (position === "object" && text.length === 0)
        return { ok: false, problem: "reasonRequired" };
      return { ok: true, content: text ? { position, reason: text } : { position } };
    }
    case "approval": {
      const checked = checkIds(content, known);
      if (!checked.ok) return checked;
      const max = rules.settings.maxApprovals;
      if (max != null && checked.ids.length > max) return { ok: false, problem: "tooMany" };
      return { ok: true, content: checked.ids };
    }
    case "budget": {
      if (!isRecord(content)) return { ok: false, problem: "badShape" };
      const checked = checkIds(content.approvals, known);
      if (!checked.ok) return checked;
      const max = rules.settings.maxProjects;
      if (max != null && checked.ids.length > max) return { ok: false, problem: "tooMany" };
      const budget = rules.settings.budget ?? Infinity;
      // Costs are compared in cents, so that 0.1 + 0.2 is not more than 0.3.
      const spent = checked.ids.reduce(
        (sum, id) => sum + Math.round((rules.costs?.[id] ?? 0) * 100),
        0,
      );
      if (spent > Math.round(budget * 100)) return { ok: false, problem: "overBudget" };
      return { ok: true, content: { approvals: checked.ids } };
    }
    case "score": {
      if (!isRecord(content)) return { ok: false, problem: "badShape" };
      const out: Record<string, number> = {};
      for (const [id, value] of Object.entries(content)) {
        if (!known.has(id)) return { ok: false, problem: "unknownOption" };
        if (
          typeof value !== "number" ||
          !Number.isInteger(value) ||
          value < SCORE_MIN ||
          value > SCORE_MAX
        )
          return { ok: false, problem: "badScore" };
        out[id] = value;
      }
      return { ok: true, content: out };
    }
    case "irv":
    case "schulze":
    case "stv": {
      if (!Array.isArray(content)) return { ok: false, problem: "badShape" };
      const seen = new Set<string>();
      const ranks: string[][] = [];
      for (const rank of content as unknown[]) {
        if (!Array.isArray(rank)) return { ok: false, problem: "badShape" };
        if (rank.length === 0) return { ok: false, problem: "emptyRank" };
        if (rank.length > 1 && rules.method !== "schulze")
          return { ok: false, problem: "equalRanks" };
        const ids: string[] = [];
        for (const id of rank as unknown[]) {
          if (typeof id !== "string") return { ok: false, problem: "badShape" };
          if (!known.has(id)) return { ok: false, problem: "unknownOption" };
          if (seen.has(id)) return { ok: false, problem: "repeatedOption" };
          seen.add(id);
          ids.push(id);
        }
        ranks.push(ids);
      }
      return { ok: true, content: ranks };
    }
  }
}

/**
 * Paper counts for methods counted by option: majority `{ yes, no, abstain }`; approval the
 * approvals per option id and `ballots`, the number of ballot papers (blank ones included).
 */
export type PaperCounts = Readonly<Record<string, number>>;

export type PaperProblem = "badCounts" | "countsNotAllowed" | "badBallot" | "emptyBatch";

/** Checks a paper batch given as counts; returns the number of ballot papers it stands for. */
export function checkPaperCounts(
  counts: unknown,
  rules: BallotRules,
):
  | { ok: true; counts: Record<string, number>; papers: number }
  | { ok: false; problem: PaperProblem } {
  if (!COUNTABLE_METHODS.includes(rules.method)) return { ok: false, problem: "countsNotAllowed" };
  if (!isRecord(counts)) return { ok: false, problem: "badCounts" };
  const whole = (v: unknown): v is number =>
    typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v <= 10_000_000;
  if (rules.method === "majority") {
    const keys = Object.keys(counts);
    if (keys.some((k) => k !== "yes" && k !== "no" && k !== "abstain"))
      return { ok: false, problem: "badCounts" };
    const yes = counts.yes ?? 0;
    const no = counts.no ?? 0;
    const abstain = counts.abstain ?? 0;
    if (!whole(yes) || !whole(no) || !whole(abstain)) return { ok: false, problem: "badCounts" };
    const out = { yes, no, abstain };
    const papers = yes + no + abstain;
    if (papers === 0) return { ok: false, problem: "emptyBatch" };
    return { ok: true, counts: out, papers };
  }
  const papers = counts.ballots;
  if (!whole(papers) || papers === 0) return { ok: false, problem: "badCounts" };
  const known = new Set(rules.optionIds);
  const out: Record<string, number> = { ballots: papers };
  let approvals = 0;
  for (const [id, n] of Object.entries(counts)) {
    if (id === "ballots") continue;
    if (!known.has(id) || !whole(n) || n > papers) return { ok: false, problem: "badCounts" };
    out[id] = n;
    approvals += n;
  }
  const max = rules.settings.maxApprovals;
  if (max != null && approvals > max * papers) return { ok: false, problem: "badCounts" };
  return { ok: true, counts: out, papers };
}

/**
 * The ballots a counts batch stands for, for the counting library: majority as that many "yes",
 * "no" and "abstain"; approval as `ballots` papers where paper i approves option o when i is below
 * o's count (per-option totals and the number of papers are all approval counts; which paper bore
 * which marks is not recorded on a tally sheet and does not change the result).
 */
export function expandPaperCounts(method: VoteMethod, counts: PaperCounts): BallotContent[] {
  if (method === "majority") {
    const out: BallotContent[] = [];
    for (const choice of ["yes", "no", "abstain"] as const) {
      for (let i = 0; i < (counts[choice] ?? 0); i++) out.push(choice);
    }
    return out;
  }
  const papers = counts.ballots ?? 0;
  const ids = Object.keys(counts).filter((k) => k !== "ballots");
  const out: string[][] = [];
  for (let i = 0; i < papers; i++) out.push(ids.filter((id) => i < (counts[id] ?? 0)));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Time

/**
 * Why a vote whose time has passed cannot be counted: more ballots (online, proxy and confirmed
 * paper) than voters on the frozen electorate, or a count the library refused. The vote clock
 * records it on the vote and leaves the vote open for the committee; pages show it to the
 * committee and tell everyone else that the count is being checked.
 */
export type VoteProblem =
  { reason: "overElectorate"; cast: number; electorate: number } | { reason: "countFailed" };

/** A stored problem (the `votes.attention` column), or null when it is none. */
export function parseVoteProblem(stored: unknown): VoteProblem | null {
  if (typeof stored !== "object" || stored === null) return null;
  const value = stored as Record<string, unknown>;
  if (
    value.reason === "overElectorate" &&
    Number.isSafeInteger(value.cast) &&
    Number.isSafeInteger(value.electorate)
  )
    return {
      reason: "overElectorate",
      cast: value.cast as number,
      electorate: value.electorate as number,
    };
  return value.reason === "countFailed" ? { reason: "countFailed" } : null;
}

/**
 * A vote's status from its times: scheduled before `opensAt`, open until `closesAt`, closed from
 * `closesAt` on (whether or not anything ran then) or once finalised (`closedAt`).
 */
export function voteStatus(
  opensAt: Date,
  closesAt: Date,
  closedAt: Date | null,
  now: Date,
): VoteStatus {
  if (closedAt !== null || now.getTime() >= closesAt.getTime()) return "closed";
  if (now.getTime() < opensAt.getTime()) return "scheduled";
  return "open";
}

/**
 * The day a ballot is dated with, "YYYY-MM-DD" in the community's time zone: the only time a secret
 * ballot keeps (a finer one could be matched with the voter roll or the server's logs).
 */
export function ballotDay(now: Date, timeZone = "Asia/Shanghai"): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

// ---------------------------------------------------------------------------------------------------
// Receipts

/** Crockford's base 32: no I, L, O or U, so that nothing reads as something else. */
export const RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 16 symbols × 5 bits = 80 random bits, shown as 4 groups of 4: "7KQ2-M9XD-4HTB-Z0WE". */
export const RECEIPT_BYTES = 10;
const RECEIPT_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

/** Formats 10 random bytes as a receipt code. */
export function formatReceipt(bytes: Uint8Array): string {
  if (bytes.length !== RECEIPT_BYTES)
    throw new RangeError(`a receipt takes ${RECEIPT_BYTES} bytes`);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let symbols = "";
  for (let i = 15; i >= 0; i--) symbols += RECEIPT_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return symbols.match(/.{4}/g)!.join("-");
}

/** A fresh receipt code from the platform's cryptographic random source. */
export function newReceiptCode(
  random: (bytes: Uint8Array) => Uint8Array = (b) => globalThis.crypto.getRandomValues(b),
): string {
  return formatReceipt(random(new Uint8Array(RECEIPT_BYTES)));
}

/**
 * A receipt as typed: case, spaces and dashes do not matter, and the letters people confuse are
 * read as Crockford says (O → 0, I and L → 1). Null when it cannot be a receipt.
 */
export function normalizeReceipt(input: string): string | null {
  const symbols = input
    .toUpperCase()
    .replace(/[\s\-_.]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (symbols.length !== 16) return null;
  const formatted = symbols.match(/.{4}/g)!.join("-");
  return RECEIPT_PATTERN.test(formatted) ? formatted : null;
}

// ---------------------------------------------------------------------------------------------------
// Outcomes

/** The quorum in ballots: `quorumPercent` of the electorate, rounded up. */
export function quorumNeeded(electorate: number, quorumPercent: number): number {
  // Integer arithmetic in hundredths of a percent, so that 50% of 7 is 4, exactly.
  return Math.ceil((electorate * Math.round(quorumPercent * 100)) / 10_000);
}

/** The library's threshold name for a vote's threshold setting. */
export function libraryThreshold(
  threshold: Threshold | undefined,
): "majority" | "two_thirds" | "majority_of_eligible" {
  if (threshold === "twoThirds") return "two_thirds";
  if (threshold === "majorityEligible") return "majority_of_eligible";
  return "majority";
}

/** A majority result decides a proposal: passed → adopted; rejected or short of quorum → rejected. */
export function majorityOutcome(result: MajorityResult): "adopted" | "rejected" {
  return result.outcome === "passed" ? "adopted" : "rejected";
}

/**
 * What a counted vote means for the proposal it is on: majority and consent adopt or reject (a
 * blocked consent or one short of participants rejects); a method that ranks options decides
 * nothing about adoption by itself (null).
 */
export function proposalOutcome(
  result: TallyResult | null,
  quorumMet: boolean,
): "adopted" | "rejected" | null {
  if (!result) return null;
  if (result.method === "majority") return majorityOutcome(result);
  if (result.method === "consent")
    return quorumMet && result.outcome === "passed" ? "adopted" : "rejected";
  return null;
}
