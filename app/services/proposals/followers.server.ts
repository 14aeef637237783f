/**
 * Who follows a proposal (and so hears of its comments and changes of status): its authors, those
 * who support or comment on it, and whoever chooses to follow it.
 *
 * Owns `proposal_followers`.
 */
import { and, eq } from "drizzle-orm";
import type { Database, Transaction } from "../../../db/client";
import { proposalFollowers } from "../../../db/schema";
import { mayFollow, type Actor, type ProposalFacts } from "~/domain/policy";
import type { ActOutcome } from "../acts.server";

type Writer = Database | Transaction;

/**
 * Makes these people followers (idempotent), inside the act of another use case (raising, supporting,
 * commenting) that already decided they may.
 */
export async function addFollowers(
  db: Writer,
  proposalId: number,
  userIds: readonly string[],
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await db
    .insert(proposalFollowers)
    .values(unique.map((userId) => ({ proposalId, userId })))
    .onConflictDoNothing();
}

/** The person follows the proposal (a draft only its authors). */
export async function followProposal(
  db: Database,
  proposal: ProposalFacts & { id: number },
  actor: Actor,
): Promise<ActOutcome<void, "notAllowed">> {
  if (!mayFollow(actor, proposal)) return { ok: false, reason: "notAllowed" };
  await addFollowers(db, proposal.id, [actor.id]);
  return { ok: true, value: undefined };
}

/** The person stops following the proposal. */
export async function unfollowProposal(
  db: Database,
  proposal: ProposalFacts & { id: number },
  actor: Actor,
): Promise<ActOutcome<void, "notAllowed">> {
  if (!mayFollow(actor, proposal)) return { ok: false, reason: "notAllowed" };
  await db
    .delete(proposalFollowers)
    .where(
      and(eq(proposalFollowers.proposalId, proposal.id), eq(proposalFollowers.userId, actor.id)),
    );
  return { ok: true, value: undefined };
}

export async function isFollowing(db: Writer, proposalId: number, userId: string) {
  const [row] = await db
    .select({ userId: proposalFollowers.userId })
    .from(proposalFollowers)
    .where(and(eq(proposalFollowers.proposalId, proposalId), eq(proposalFollowers.userId, userId)));
  return Boolean(row);
}

/** Everyone who follows the proposal, authors included. */
export async function followersOf(db: Writer, proposalId: number): Promise<string[]> {
  const rows = await db
    .select({ userId: proposalFollowers.userId })
    .from(proposalFollowers)
    .where(eq(proposalFollowers.proposalId, proposalId));
  return rows.map((row) => row.userId);
}
