/**
 * Reading a vote's outcome: the result (or running results), the published ballot box, a receipt
 * check, and a person's own part in it. Reads `vote_ballots`, `vote_open_ballots`, `vote_voters`,
 * `vote_electorate` and `role_grants`; writes nothing.
 *
 * Results: null while scheduled, and while open unless the vote shows running results (never a
 * secret one). After the close: turnout against the electorate, quorum and threshold, the library's
 * result (or the budget's), the proposal outcome, and the batches counted. The published ballot box
 * (receipts and contents in receipt order, which is random) plus the confirmed batches recount to
 * exactly this result.
 */
import { and, asc, count, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  roleGrants,
  voteBallots,
  voteElectorate,
  voteOpenBallots,
  voteVoters,
} from "../../../db/schema";
import { paginate, type PageInfo, type PageRequest } from "~/domain/pagination";
import {
  ballotDay,
  normalizeReceipt,
  type BallotContent,
  type VoteProblem,
} from "~/domain/vote-rules";
import { attemptCount, electorateSize, type VoteResults } from "./count.server";
import { statusOf, type VoteRecord } from "./record.server";

/**
 * The result: null while scheduled, while open unless running results are shown (never for a secret
 * vote), for a cancelled vote, and for a vote that cannot be counted (see `readResults`). Once the
 * closing time has passed and before the clock has finalised the vote, the result is counted here
 * from the same ballots, for display, without writing (the clock's count, stored a moment later, is
 * the same: no ballot is accepted after the close).
 */
export async function voteResults(
  db: Database,
  vote: VoteRecord,
  now: Date = new Date(),
): Promise<VoteResults | null> {
  return (await readResults(db, vote, now)).results;
}

/**
 * `voteResults`, with why there is none when the ballots cannot be counted (more ballots than
 * voters, a count the library refuses): pages show the committee the problem and everyone else that
 * the count is being checked, rather than failing.
 */
export async function readResults(
  db: Database,
  vote: VoteRecord,
  now: Date = new Date(),
): Promise<{ results: VoteResults | null; problem: VoteProblem | null }> {
  const status = statusOf(vote.row, now);
  if (status === "scheduled" || vote.row.outcome === "cancelled")
    return { results: null, problem: null };
  const running = status === "open";
  if (running && (!vote.row.showRunning || vote.row.secret))
    return { results: null, problem: null };
  const attempt = await attemptCount(db, vote, await electorateSize(db, vote));
  if (!attempt.ok) return { results: null, problem: attempt.problem };
  const counted = attempt.count;
  const outcome = running
    ? null
    : (vote.row.outcome ??
      (vote.row.proposalId ? (counted.proposalOutcome ?? "rejected") : "decided"));
  return {
    results: {
      status,
      running,
      turnout: counted.turnout,
      quorum: counted.quorum,
      threshold: counted.threshold,
      tally: counted.tally,
      budget: counted.budget,
      outcome,
      batches: counted.batches,
      names: Object.fromEntries(vote.options.map((o) => [o.id, o.label])),
    },
    problem: null,
  };
}

export interface PublishedBallot {
  /** Secret votes: the receipt; open votes: null (their ballots are listed without names). */
  receipt: string | null;
  content: BallotContent;
  /** The day it was cast, in the community's time zone. */
  castOn: string;
}

/**
 * The ballot box, published once the vote has closed (null before): receipts and contents in
 * receipt order, which is random. With the confirmed paper batches (`listPaperBatches`) it recounts
 * to the published result (`countVote`).
 */
export async function publishedBallots(
  db: Database,
  vote: VoteRecord,
  page: PageRequest,
  now: Date = new Date(),
): Promise<{ items: PublishedBallot[]; page: PageInfo } | null> {
  if (statusOf(vote.row, now) !== "closed" || vote.row.outcome === "cancelled") return null;
  if (vote.row.secret) {
    const [total] = await db
      .select({ n: count() })
      .from(voteBallots)
      .where(eq(voteBallots.voteId, vote.row.id));
    const info = paginate(page, total?.n ?? 0);
    const rows = await db
      .select({
        receipt: voteBallots.receipt,
        content: voteBallots.content,
        castOn: voteBallots.castOn,
      })
      .from(voteBallots)
      .where(eq(voteBallots.voteId, vote.row.id))
      .orderBy(asc(voteBallots.receipt))
      .limit(info.pageSize)
      .offset(info.offset);
    return {
      items: rows.map((r) => ({ ...r, content: r.content as BallotContent })),
      page: info,
    };
  }
  const [total] = await db
    .select({ n: count() })
    .from(voteOpenBallots)
    .where(eq(voteOpenBallots.voteId, vote.row.id));
  const info = paginate(page, total?.n ?? 0);
  const rows = await db
    .select({ content: voteOpenBallots.content, castAt: voteOpenBallots.castAt })
    .from(voteOpenBallots)
    .where(eq(voteOpenBallots.voteId, vote.row.id))
    // A stable order that is not the voters' (nor the order of casting).
    .orderBy(sql`md5(${voteOpenBallots.voteId}::text || ':' || ${voteOpenBallots.userId})`)
    .limit(info.pageSize)
    .offset(info.offset);
  return {
    items: rows.map((r) => ({
      receipt: null,
      content: r.content as BallotContent,
      castOn: ballotDay(r.castAt, vote.community.timeZone),
    })),
    page: info,
  };
}

/**
 * Finds the ballot with this receipt (typed loosely: case, spaces and dashes do not matter). The
 * receipt is its holder's: it shows the ballot at any time, so a voter sees theirs was recorded.
 */
export async function checkReceipt(
  db: Database,
  vote: VoteRecord,
  receipt: string,
): Promise<
  { found: false } | { found: true; receipt: string; content: BallotContent; castOn: string }
> {
  const normal = normalizeReceipt(receipt);
  if (!normal || !vote.row.secret) return { found: false };
  const [row] = await db
    .select({ content: voteBallots.content, castOn: voteBallots.castOn })
    .from(voteBallots)
    .where(and(eq(voteBallots.voteId, vote.row.id), eq(voteBallots.receipt, normal)));
  return row
    ? { found: true, receipt: normal, content: row.content as BallotContent, castOn: row.castOn }
    : { found: false };
}

export interface MyVote {
  /** On the frozen electorate (before the opening: a resident of the area now, so likely to be). */
  eligible: boolean;
  voted: boolean;
  /** "proxy" when a grid worker recorded it for them. */
  castBy: "self" | "proxy" | null;
  votedOn: string | null;
  /** Open votes only: the ballot that counts now (a secret vote's is known only by its receipt). */
  content: BallotContent | null;
}

/** What a person's own part in a vote is. */
export async function myVote(db: Database, vote: VoteRecord, userId: string): Promise<MyVote> {
  let eligible: boolean;
  if (vote.row.openedAt) {
    const [row] = await db
      .select({ userId: voteElectorate.userId })
      .from(voteElectorate)
      .where(and(eq(voteElectorate.voteId, vote.row.id), eq(voteElectorate.userId, userId)));
    eligible = row !== undefined;
  } else {
    const [row] = await db
      .select({ id: roleGrants.id })
      .from(roleGrants)
      .where(
        and(
          eq(roleGrants.userId, userId),
          eq(roleGrants.role, "resident"),
          isNull(roleGrants.revokedAt),
          inArray(roleGrants.communityId, vote.area),
        ),
      )
      .limit(1);
    eligible = row !== undefined;
  }
  const [roll] = await db
    .select({ castBy: voteVoters.castBy, votedOn: voteVoters.votedOn })
    .from(voteVoters)
    .where(and(eq(voteVoters.voteId, vote.row.id), eq(voteVoters.userId, userId)));
  let content: BallotContent | null = null;
  if (roll && !vote.row.secret) {
    const [ballot] = await db
      .select({ content: voteOpenBallots.content })
      .from(voteOpenBallots)
      .where(and(eq(voteOpenBallots.voteId, vote.row.id), eq(voteOpenBallots.userId, userId)));
    content = (ballot?.content as BallotContent | undefined) ?? null;
  }
  return {
    eligible,
    voted: roll !== undefined,
    castBy: roll ? (roll.castBy ? "proxy" : "self") : null,
    votedOn: roll?.votedOn ?? null,
    content,
  };
}
