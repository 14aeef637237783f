/**
 * Lists: votes of a subtree (by status, on a proposal, awaiting a person's ballot), and a vote's
 * frozen electorate with who has voted. Reads `votes`, `vote_electorate`, `vote_voters` and `users`,
 * and the counts of ballots cast through `ballotsCast` (the results' own query); writes nothing.
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import type { Database } from "../../../db/client";
import { users, voteElectorate, votes, voteVoters } from "../../../db/schema";
import { paginate, type PageInfo, type PageRequest } from "~/domain/pagination";
import type { VoteMethod, VoteStatus } from "~/domain/vote-rules";
import { ballotsCast } from "./count.server";
import { statusOf, toRow, type VoteRecord } from "./record.server";

export interface ElectorItem {
  userId: string;
  displayName: string | null;
  voted: boolean;
}

/**
 * The frozen electorate with who has voted (the roll), for those who record proxy ballots and run
 * the vote (a polling station's register); `query` filters by name.
 */
export async function listElectorate(
  db: Database,
  vote: VoteRecord,
  page: PageRequest,
  query = "",
): Promise<{ items: ElectorItem[]; page: PageInfo }> {
  const conditions: SQL[] = [eq(voteElectorate.voteId, vote.row.id)];
  const q = query.trim();
  if (q) conditions.push(sql`${users.displayName} ilike ${`%${q.replace(/[\\%_]/g, "\\$&")}%`}`);
  const where = and(...conditions);
  const [total] = await db
    .select({ n: count() })
    .from(voteElectorate)
    .innerJoin(users, eq(users.id, voteElectorate.userId))
    .where(where);
  const info = paginate(page, total?.n ?? 0);
  const rows = await db
    .select({
      userId: voteElectorate.userId,
      displayName: users.displayName,
      voted: sql<boolean>`exists (select 1 from ${voteVoters} where ${voteVoters.voteId} = ${vote.row.id} and ${voteVoters.userId} = ${voteElectorate.userId})`,
    })
    .from(voteElectorate)
    .innerJoin(users, eq(users.id, voteElectorate.userId))
    .where(where)
    .orderBy(asc(users.displayName), asc(voteElectorate.userId))
    .limit(info.pageSize)
    .offset(info.offset);
  return { items: rows.map((r) => ({ ...r, voted: Boolean(r.voted) })), page: info };
}

// ---------------------------------------------------------------------------------------------------
// Lists

export interface VoteListItem {
  id: number;
  title: string;
  method: VoteMethod;
  status: VoteStatus;
  secret: boolean;
  opensAt: Date;
  closesAt: Date;
  communityId: number;
  proposalId: number | null;
  outcome: string | null;
  /** Ballots cast (roll and confirmed paper), when they may be shown: closed, or open with running results. */
  turnout: number | null;
  electorate: number | null;
}

/** The condition for a status at `now`, as `voteStatus` decides it. */
function statusCondition(status: VoteStatus, now: Date): SQL | undefined {
  const at = now.toISOString();
  if (status === "scheduled")
    return and(isNull(votes.closedAt), sql`${votes.opensAt} > ${at}::timestamptz`);
  if (status === "open")
    return and(
      isNull(votes.closedAt),
      sql`${votes.opensAt} <= ${at}::timestamptz`,
      sql`${votes.closesAt} > ${at}::timestamptz`,
    );
  return or(isNotNull(votes.closedAt), sql`${votes.closesAt} <= ${at}::timestamptz`);
}

/**
 * Votes of these communities (pass a subtree for "here and below", or null for the whole tree),
 * optionally of one status at `now`, on one proposal, or awaiting one person's ballot (open, they are
 * in its electorate and have not voted): open ones closing soonest first, then the others, latest
 * first.
 */
export async function listVotes(
  db: Database,
  filter: {
    communityIds: number[] | null;
    status?: VoteStatus;
    proposalId?: number;
    awaitingUserId?: string;
  },
  page: PageRequest,
  now: Date = new Date(),
): Promise<{ items: VoteListItem[]; page: PageInfo }> {
  if (filter.communityIds?.length === 0) return { items: [], page: paginate(page, 0) };
  const conditions: (SQL | undefined)[] = [
    filter.communityIds ? inArray(votes.communityId, filter.communityIds) : undefined,
  ];
  if (filter.status) conditions.push(statusCondition(filter.status, now));
  if (filter.proposalId !== undefined) conditions.push(eq(votes.proposalId, filter.proposalId));
  if (filter.awaitingUserId !== undefined) {
    const userId = filter.awaitingUserId;
    conditions.push(
      statusCondition("open", now),
      sql`exists (select 1 from ${voteElectorate} where ${voteElectorate.voteId} = ${votes.id} and ${voteElectorate.userId} = ${userId})`,
      sql`not exists (select 1 from ${voteVoters} where ${voteVoters.voteId} = ${votes.id} and ${voteVoters.userId} = ${userId})`,
    );
  }
  const where = and(...conditions);
  const [total] = await db.select({ n: count() }).from(votes).where(where);
  const info = paginate(page, total?.n ?? 0);
  const openNow = statusCondition("open", now)!;
  const rows = await db
    .select({ vote: votes })
    .from(votes)
    .where(where)
    .orderBy(
      desc(sql`case when ${openNow} then 1 else 0 end`),
      sql`case when ${openNow} then ${votes.closesAt} end asc`,
      desc(votes.opensAt),
      desc(votes.id),
    )
    .limit(info.pageSize)
    .offset(info.offset);
  // The same counts as the results page's (`ballotsCast`), per vote.
  const cast = await ballotsCast(
    db,
    rows.map(({ vote }) => vote.id),
  );
  return {
    items: rows.map(({ vote }) => {
      const counted = cast.get(vote.id);
      const row = toRow(vote);
      const status = statusOf(row, now);
      const shown =
        row.outcome !== "cancelled" &&
        (status === "closed" || (status === "open" && row.showRunning && !row.secret));
      return {
        id: row.id,
        title: row.title,
        method: row.method,
        status,
        secret: row.secret,
        opensAt: row.opensAt,
        closesAt: row.closesAt,
        communityId: row.communityId,
        proposalId: row.proposalId,
        outcome: row.outcome,
        turnout: shown && counted ? counted.online + counted.proxy + counted.paper : null,
        electorate: row.electorateSize,
      };
    }),
    page: info,
  };
}
