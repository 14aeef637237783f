/**
 * Counting a vote: its ballots (the stored ones, or a published box being recounted) plus the
 * confirmed paper batches, through the counting library (`~/domain/voting`; budgets through
 * `countBudget`), into turnout, quorum, threshold, the library's result and the proposal outcome.
 * Reads `vote_ballots`, `vote_open_ballots`, `vote_voters`, `vote_electorate` and
 * `vote_paper_batches`; writes nothing.
 */
import { and, asc, count, eq, inArray, isNotNull, sql } from "drizzle-orm";
import {
  voteBallots,
  voteElectorate,
  voteOpenBallots,
  votePaperBatches,
  voteVoters,
} from "../../../db/schema";
import {
  expandPaperCounts,
  libraryThreshold,
  proposalOutcome,
  quorumNeeded,
  type BallotContent,
  type VoteMethod,
  type VoteProblem,
  type VoteSettings,
  type VoteStatus,
} from "~/domain/vote-rules";
import { tally, type TallyResult, type TallySettings } from "~/domain/voting";
import { countBudget, type BudgetResult } from "~/domain/voting/budget";
import { listPaperBatches, type PaperBatch } from "./paper.server";
import type { VoteRecord, Writer } from "./record.server";

export interface VoteResults {
  status: VoteStatus;
  /** True for running results of a vote still open. */
  running: boolean;
  turnout: {
    /** The frozen electorate. */
    electorate: number;
    /** Residents who voted on the site themselves, by proxy, and ballot papers counted. */
    online: number;
    proxy: number;
    paper: number;
    total: number;
  };
  quorum: { percent: number; needed: number; met: boolean };
  /** Majority: the threshold rule and whether it was reached; null for other methods. */
  threshold: { rule: string; needed: number; met: boolean } | null;
  /** The counting library's result (every method but budget). */
  tally: TallyResult | null;
  /** Budget votes: projects funded, spent, and the rule's steps. */
  budget: (BudgetResult & { budget: number; rule: "greedy" | "mes" }) | null;
  /** What it decided: adopted / rejected (proposal votes), decided, cancelled; null while open. */
  outcome: string | null;
  /** Confirmed paper batches counted in. */
  batches: Array<{ id: number; label: string; kind: "counts" | "ballots"; papers: number }>;
  /** Option id → label. */
  names: Record<string, string>;
}

export interface Count {
  turnout: VoteResults["turnout"];
  quorum: VoteResults["quorum"];
  threshold: VoteResults["threshold"];
  tally: TallyResult | null;
  budget: VoteResults["budget"];
  proposalOutcome: "adopted" | "rejected" | null;
  batches: VoteResults["batches"];
}

/** What the library is told, from a vote's method and settings. */
export function tallySettings(
  method: VoteMethod,
  s: VoteSettings,
  electorate: number,
): TallySettings {
  const seed = s.seed ?? 0;
  switch (method) {
    case "majority":
      return {
        method,
        eligible: electorate,
        quorum: { numerator: Math.round((s.quorumPercent ?? 0) * 100), denominator: 10_000 },
        threshold: libraryThreshold(s.threshold),
      };
    case "consent":
      return {
        method,
        minParticipants: Math.max(1, quorumNeeded(electorate, s.quorumPercent ?? 0)),
      };
    case "approval":
      return { method, seed, ...(s.maxApprovals != null ? { maxApprovals: s.maxApprovals } : {}) };
    case "score":
      return { method, seed, by: s.scoreBy ?? "mean", minRatings: s.minRatings ?? 1 };
    case "stv":
      return { method, seed, seats: s.seats ?? 1 };
    case "irv":
    case "schulze":
      return { method, seed };
    case "budget":
      throw new Error("budget is counted by countBudget");
  }
}

/**
 * Counts a vote from its ballots: the ones given (a published box) or the stored ones, plus the
 * confirmed paper batches. Pure apart from reading; the same function checks a recount.
 */
export function countVote(
  vote: Pick<VoteRecord, "row" | "options">,
  input: {
    electorate: number;
    ballots: readonly BallotContent[];
    online: number;
    proxy: number;
    batches: ReadonlyArray<
      Pick<PaperBatch, "id" | "label" | "kind" | "papers" | "counts" | "ballots">
    >;
  },
): Count {
  const { method, settings } = vote.row;
  const all: unknown[] = [...input.ballots];
  let paper = 0;
  for (const batch of input.batches) {
    paper += batch.papers;
    if (batch.kind === "counts" && batch.counts)
      all.push(...expandPaperCounts(method, batch.counts));
    else if (batch.ballots) all.push(...batch.ballots);
  }
  const total = input.online + input.proxy + paper;
  const percent = settings.quorumPercent ?? 0;
  const needed = quorumNeeded(input.electorate, percent);
  const optionIds = vote.options.map((o) => o.id);
  let result: TallyResult | null = null;
  let budget: Count["budget"] = null;
  if (method === "budget") {
    const amount = settings.budget ?? 0;
    const rule = settings.rule ?? "greedy";
    budget = {
      ...countBudget({
        budget: amount,
        rule,
        projects: vote.options.map((o) => ({ id: o.id, cost: o.cost ?? 0, name: o.label })),
        ballots: all.map((b) => ({ approvals: [...(b as { approvals: string[] }).approvals] })),
      }),
      budget: amount,
      rule,
    };
  } else {
    result = tally(
      { options: optionIds, ballots: all },
      tallySettings(method, settings, input.electorate),
    );
  }
  const quorumMet = result?.method === "majority" ? result.quorum.met : total >= needed;
  return {
    turnout: {
      electorate: input.electorate,
      online: input.online,
      proxy: input.proxy,
      paper,
      total,
    },
    quorum: { percent, needed, met: quorumMet },
    threshold:
      result?.method === "majority"
        ? {
            rule: settings.threshold ?? "majorityCast",
            needed: result.threshold.needed,
            met: result.threshold.met,
          }
        : null,
    tally: result,
    budget,
    proposalOutcome: proposalOutcome(result, quorumMet),
    batches: input.batches.map((b) => ({
      id: b.id,
      label: b.label,
      kind: b.kind,
      papers: b.papers,
    })),
  };
}

async function storedBallots(db: Writer, vote: VoteRecord): Promise<BallotContent[]> {
  if (vote.row.secret) {
    const rows = await db
      .select({ content: voteBallots.content })
      .from(voteBallots)
      .where(eq(voteBallots.voteId, vote.row.id))
      .orderBy(asc(voteBallots.receipt));
    return rows.map((r) => r.content as BallotContent);
  }
  const rows = await db
    .select({ content: voteOpenBallots.content })
    .from(voteOpenBallots)
    .where(eq(voteOpenBallots.voteId, vote.row.id))
    .orderBy(asc(voteOpenBallots.userId));
  return rows.map((r) => r.content as BallotContent);
}

/** A count, or why the vote cannot be counted (`VoteProblem`). */
export type CountAttempt = { ok: true; count: Count } | { ok: false; problem: VoteProblem };

/**
 * Counts the stored ballots and confirmed batches, or says why they cannot be counted: more ballots
 * than the frozen electorate (once it is frozen), or a count the library refuses. Reading errors
 * (the database) are thrown as they are.
 */
export async function attemptCount(
  db: Writer,
  vote: VoteRecord,
  electorate: number,
): Promise<CountAttempt> {
  const input = await storedInput(db, vote, electorate);
  const paper = input.batches.reduce((sum, b) => sum + b.papers, 0);
  const cast = input.online + input.proxy + paper;
  if (vote.row.openedAt && cast > electorate)
    return { ok: false, problem: { reason: "overElectorate", cast, electorate } };
  try {
    return { ok: true, count: countVote(vote, input) };
  } catch {
    return { ok: false, problem: { reason: "countFailed" } };
  }
}

/**
 * The ballots on the roll (online and by proxy) and the confirmed paper ballots of each vote, by
 * vote id: the one query behind every count shown (results, vote cards and lists).
 */
export async function ballotsCast(
  db: Writer,
  voteIds: readonly number[],
): Promise<Map<number, { online: number; proxy: number; paper: number }>> {
  const found = new Map<number, { online: number; proxy: number; paper: number }>();
  if (voteIds.length === 0) return found;
  for (const id of voteIds) found.set(id, { online: 0, proxy: 0, paper: 0 });
  const roll = await db
    .select({
      voteId: voteVoters.voteId,
      online: sql<number>`count(*) filter (where ${voteVoters.castBy} is null)`.mapWith(Number),
      proxy: sql<number>`count(*) filter (where ${voteVoters.castBy} is not null)`.mapWith(Number),
    })
    .from(voteVoters)
    .where(inArray(voteVoters.voteId, [...voteIds]))
    .groupBy(voteVoters.voteId);
  for (const row of roll) found.set(row.voteId, { online: row.online, proxy: row.proxy, paper: 0 });
  const paper = await db
    .select({
      voteId: votePaperBatches.voteId,
      papers: sql<number>`coalesce(sum(${votePaperBatches.papers}), 0)`.mapWith(Number),
    })
    .from(votePaperBatches)
    .where(
      and(inArray(votePaperBatches.voteId, [...voteIds]), isNotNull(votePaperBatches.confirmedBy)),
    )
    .groupBy(votePaperBatches.voteId);
  for (const row of paper) found.get(row.voteId)!.paper = row.papers;
  return found;
}

async function storedInput(db: Writer, vote: VoteRecord, electorate: number) {
  const roll = (await ballotsCast(db, [vote.row.id])).get(vote.row.id);
  const batches = (await listPaperBatches(db, vote)).filter((b) => b.confirmedBy !== null);
  return {
    electorate,
    ballots: await storedBallots(db, vote),
    online: roll?.online ?? 0,
    proxy: roll?.proxy ?? 0,
    batches,
  };
}

export async function electorateSize(db: Writer, vote: VoteRecord): Promise<number> {
  if (vote.row.electorateSize !== null) return vote.row.electorateSize;
  const [row] = await db
    .select({ n: count() })
    .from(voteElectorate)
    .where(eq(voteElectorate.voteId, vote.row.id));
  return row?.n ?? 0;
}
