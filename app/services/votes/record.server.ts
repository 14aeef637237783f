/**
 * A vote as the other use cases see it: its row, options, community and proposal, with its status
 * derived from the times and the `now` it was loaded with. Reads `votes`, `vote_options` and
 * `vote_electorate`; writes nothing (the tables of the votes service are written by create, cast,
 * paper, proxy and clock, each saying which in its header).
 *
 * Time. Nothing is scheduled: a vote is `scheduled` before `opensAt`, `open` until `closesAt`, then
 * `closed`, whatever ran meanwhile. Pages read the status from the times (`loadVote`) and never
 * write; what must happen once at those moments (freezing the electorate, counting, sealing the
 * box, moving the proposal) is the vote clock's (`./clock.server.ts`). Every function takes `now`
 * (default: the clock) so that tests can move time.
 */
import { asc, eq } from "drizzle-orm";
import type { Database, Transaction } from "../../../db/client";
import {
  communities,
  proposals,
  voteElectorate,
  voteOptions,
  votes,
  type Community,
  type Vote,
} from "../../../db/schema";
import type { ProposalStatus } from "~/domain/proposal-lifecycle";
import type { CommunityResource } from "~/domain/policy";
import {
  parseVoteProblem,
  voteStatus,
  type BallotRules,
  type VoteMethod,
  type VoteProblem,
  type VoteSettings,
  type VoteStatus,
} from "~/domain/vote-rules";
import { communityResource, subtreeIds } from "../communities.server";

export type Writer = Database | Transaction;

export interface VoteRow {
  id: number;
  communityId: number;
  proposalId: number | null;
  title: string;
  description: string;
  method: VoteMethod;
  settings: VoteSettings;
  secret: boolean;
  showRunning: boolean;
  opensAt: Date;
  closesAt: Date;
  /** When the electorate was frozen (null until then). */
  openedAt: Date | null;
  /** When the result was finalised (null until then). */
  closedAt: Date | null;
  electorateSize: number | null;
  /** "adopted" | "rejected" (proposal votes), "decided", "cancelled"; null until finalised. */
  outcome: string | null;
  /** Why the clock could not count it, and when it last tried; null when nothing is wrong. */
  attention: VoteProblem | null;
  attentionAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

export interface VoteOptionRow {
  /** The id ballots name the option by, as a string ("12"). */
  id: string;
  label: string;
  description: string | null;
  cost: number | null;
  position: number;
}

export interface VoteRecord {
  row: VoteRow;
  /** In their order on the ballot. */
  options: VoteOptionRow[];
  community: Community;
  resource: CommunityResource;
  /** Ids of the vote's community and every community below it (where its electorate lives). */
  area: number[];
  proposal: { id: number; title: string; status: ProposalStatus } | null;
  /** Derived from the times and the `now` it was loaded with. */
  status: VoteStatus;
}

export function toRow(row: Vote): VoteRow {
  return {
    id: row.id,
    communityId: row.communityId,
    proposalId: row.proposalId,
    title: row.title,
    description: row.description,
    method: row.method as VoteMethod,
    settings: row.settings as VoteSettings,
    secret: row.secret,
    showRunning: row.showRunning,
    opensAt: row.opensAt,
    closesAt: row.closesAt,
    openedAt: row.openedAt,
    closedAt: row.closedAt,
    electorateSize: row.electorateSize,
    outcome: row.outcome,
    attention: parseVoteProblem(row.attention),
    attentionAt: row.attentionAt,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

export const statusOf = (row: VoteRow, now: Date) =>
  voteStatus(row.opensAt, row.closesAt, row.closedAt, now);

/**
 * Loads a vote as it is stored, its status derived from the times at `now` (nothing is opened or
 * closed on the way: reading never writes). Null when there is none.
 */
export async function loadVote(
  db: Database,
  id: number,
  now: Date = new Date(),
): Promise<VoteRecord | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const [found] = await db
    .select({ vote: votes, community: communities })
    .from(votes)
    .innerJoin(communities, eq(communities.id, votes.communityId))
    .where(eq(votes.id, id));
  if (!found) return null;
  const optionRows = await db
    .select()
    .from(voteOptions)
    .where(eq(voteOptions.voteId, id))
    .orderBy(asc(voteOptions.position));
  const [proposal] = found.vote.proposalId
    ? await db
        .select({ id: proposals.id, title: proposals.title, status: proposals.status })
        .from(proposals)
        .where(eq(proposals.id, found.vote.proposalId))
    : [];
  const row = toRow(found.vote);
  return {
    row,
    options: optionRows.map((o) => ({
      id: String(o.id),
      label: o.label,
      description: o.description,
      cost: o.cost,
      position: o.position,
    })),
    community: found.community,
    resource: await communityResource(db, found.community),
    area: await subtreeIds(db, found.community.id),
    proposal: proposal ? { ...proposal, status: proposal.status as ProposalStatus } : null,
    status: statusOf(row, now),
  };
}

/** What a ballot of this vote is checked against. */
export function rulesOf(vote: VoteRecord): BallotRules {
  const costs: Record<string, number> = {};
  for (const option of vote.options) if (option.cost !== null) costs[option.id] = option.cost;
  return {
    method: vote.row.method,
    settings: vote.row.settings,
    optionIds: vote.options.map((o) => o.id),
    costs,
  };
}

/** The frozen electorate's user ids. */
export async function electorateIds(db: Writer, voteId: number): Promise<string[]> {
  const rows = await db
    .select({ userId: voteElectorate.userId })
    .from(voteElectorate)
    .where(eq(voteElectorate.voteId, voteId));
  return rows.map((row) => row.userId);
}
