/**
 * A proposal's authors: the one who raised it, and the co-authors they invite, who accept (and become
 * authors and followers) or decline.
 *
 * Owns `proposal_authors` (its first row is written by raising); writes `proposal_followers` through
 * followers.server; notifies.
 */
import { and, asc, eq, isNotNull, isNull } from "drizzle-orm";
import type { Database, Transaction } from "../../../db/client";
import { proposalAuthors, users } from "../../../db/schema";
import { mayAnswerInvitation, mayCoauthor, mayInviteCoauthor, type Actor } from "~/domain/policy";
import { loadActor } from "../actors.server";
import { commitAct, type ActOutcome } from "../acts.server";
import type { MailDelivery } from "../notifications.server";
import { addFollowers } from "./followers.server";
import type { ProposalRecord } from "./record.server";

export type InviteResult = "invited" | "notAllowed" | "notAMember" | "already";

/** An author invites a resident of the community, found by email, to co-author. */
export async function inviteCoauthor(
  db: Database,
  record: ProposalRecord,
  actor: Actor,
  inviterName: string,
  email: string,
  mail?: MailDelivery,
): Promise<InviteResult> {
  if (!mayInviteCoauthor(actor, record.context)) return "notAllowed";
  const [invitee] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.deletedAt)));
  if (!invitee) return "notAMember";
  const inviteeActor = await loadActor(db, { id: invitee.id, emailVerified: true });
  if (!mayCoauthor(inviteeActor, record.context)) return "notAMember";
  const result = await commitAct(db, mail, async ({ tx, notify }) => {
    const inserted = await tx
      .insert(proposalAuthors)
      .values({ proposalId: record.context.id, userId: invitee.id, invitedBy: actor.id })
      .onConflictDoNothing()
      .returning({ userId: proposalAuthors.userId });
    if (inserted.length === 0) return "already" as const;
    await notify([invitee.id], {
      kind: "proposal.coauthorInvited",
      values: { name: inviterName, title: record.context.title },
      link: `/proposals/${record.context.id}`,
    });
    return "invited" as const;
  });
  return result.ok ? result.value : result.reason;
}

/** The invited person accepts (becomes an author and a follower) or declines. */
export async function answerInvitation(
  db: Database,
  record: ProposalRecord,
  actor: Actor,
  accept: boolean,
): Promise<ActOutcome<void, "notAllowed">> {
  if (!mayAnswerInvitation(actor, record.context)) return { ok: false, reason: "notAllowed" };
  return commitAct(db, undefined, async ({ tx }) => {
    const where = and(
      eq(proposalAuthors.proposalId, record.context.id),
      eq(proposalAuthors.userId, actor.id),
      isNull(proposalAuthors.acceptedAt),
    );
    if (accept) {
      await tx.update(proposalAuthors).set({ acceptedAt: new Date() }).where(where);
      await addFollowers(tx, record.context.id, [actor.id]);
    } else {
      await tx.delete(proposalAuthors).where(where);
    }
  });
}

export interface AuthorSummary {
  id: string;
  name: string | null;
  accepted: boolean;
}

export async function listAuthors(db: Database, proposalId: number): Promise<AuthorSummary[]> {
  const rows = await db
    .select({
      id: proposalAuthors.userId,
      name: users.displayName,
      acceptedAt: proposalAuthors.acceptedAt,
    })
    .from(proposalAuthors)
    .innerJoin(users, eq(users.id, proposalAuthors.userId))
    .where(eq(proposalAuthors.proposalId, proposalId))
    .orderBy(asc(proposalAuthors.createdAt));
  return rows.map((row) => ({ id: row.id, name: row.name, accepted: row.acceptedAt !== null }));
}

/** The accepted authors of a proposal. */
export async function authorsOf(db: Database | Transaction, proposalId: number): Promise<string[]> {
  const rows = await db
    .select({ userId: proposalAuthors.userId })
    .from(proposalAuthors)
    .where(and(eq(proposalAuthors.proposalId, proposalId), isNotNull(proposalAuthors.acceptedAt)));
  return rows.map((row) => row.userId);
}
