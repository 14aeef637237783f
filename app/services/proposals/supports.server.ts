/**
 * Supports: residents of the community back a proposal; when the community's threshold is reached for
 * the first time, its committee is told that the matter may be taken up.
 *
 * Owns `proposal_supports`; keeps `proposals.support_count` and `threshold_reached_at`; writes
 * `proposal_followers` through followers.server; notifies.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database, Transaction } from "../../../db/client";
import { proposals, proposalSupports, roleGrants, type Community } from "../../../db/schema";
import {
  maySupport,
  mayWithdrawSupport,
  type Actor,
  type CommunityResource,
} from "~/domain/policy";
import { resolveSupportThreshold } from "~/domain/proposals";
import { commitAct, type ActOutcome } from "../acts.server";
import { countVerifiedMembers } from "../membership/index.server";
import type { MailDelivery } from "../notifications.server";
import { addFollowers } from "./followers.server";
import type { ProposalRecord } from "./record.server";

type Writer = Database | Transaction;

/** The number of supports the proposal's community requires now. */
export async function supportThreshold(db: Writer, community: Community): Promise<number> {
  const verifiedResidents =
    community.supportThresholdPercent === null ? 0 : await countVerifiedMembers(db, [community.id]);
  return resolveSupportThreshold({
    count: community.supportThresholdCount,
    percent: community.supportThresholdPercent,
    verifiedResidents,
  });
}

export async function hasSupported(db: Database, proposalId: number, userId: string) {
  const [row] = await db
    .select({ userId: proposalSupports.userId })
    .from(proposalSupports)
    .where(and(eq(proposalSupports.proposalId, proposalId), eq(proposalSupports.userId, userId)));
  return Boolean(row);
}

async function committeeOf(db: Writer, resource: CommunityResource): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: roleGrants.userId })
    .from(roleGrants)
    .where(
      and(
        inArray(roleGrants.communityId, [...resource.communityPath]),
        eq(roleGrants.role, "committee"),
        isNull(roleGrants.revokedAt),
      ),
    );
  return rows.map((row) => row.userId);
}

/**
 * Adds the person's support (at most once: the primary key refuses a second row, even under concurrent
 * submissions). When the threshold is reached for the first time, the committee is told.
 */
export async function supportProposal(
  db: Database,
  record: ProposalRecord,
  actor: Actor,
  mail?: MailDelivery,
): Promise<"supported" | "already" | "notAllowed"> {
  if (!maySupport(actor, record.context)) return "notAllowed";
  const threshold = await supportThreshold(db, record.community);
  const result = await commitAct(db, mail, async ({ tx, notify }) => {
    const inserted = await tx
      .insert(proposalSupports)
      .values({ proposalId: record.context.id, userId: actor.id })
      .onConflictDoNothing()
      .returning({ userId: proposalSupports.userId });
    if (inserted.length === 0) return "already" as const;
    const [row] = await tx
      .update(proposals)
      .set({ supportCount: sql`${proposals.supportCount} + 1` })
      .where(eq(proposals.id, record.context.id))
      .returning({ supports: proposals.supportCount, reachedAt: proposals.thresholdReachedAt });
    await addFollowers(tx, record.context.id, [actor.id]);
    if (row && row.supports >= threshold && row.reachedAt === null) {
      await tx
        .update(proposals)
        .set({ thresholdReachedAt: new Date() })
        .where(eq(proposals.id, record.context.id));
      await notify(await committeeOf(tx, record.context.resource), {
        kind: "proposal.threshold",
        values: { title: record.context.title, count: row.supports },
        link: `/proposals/${record.context.id}`,
      });
    }
    return "supported" as const;
  });
  return result.ok ? result.value : result.reason;
}

/** Takes one's support back while the proposal still gathers support. */
export async function withdrawSupport(
  db: Database,
  record: ProposalRecord,
  actor: Actor,
): Promise<ActOutcome<void, "notAllowed" | "notSupported">> {
  if (!mayWithdrawSupport(actor, record.context)) return { ok: false, reason: "notAllowed" };
  return commitAct<void, "notSupported">(db, undefined, async ({ tx, refuse }) => {
    const removed = await tx
      .delete(proposalSupports)
      .where(
        and(
          eq(proposalSupports.proposalId, record.context.id),
          eq(proposalSupports.userId, actor.id),
        ),
      )
      .returning({ userId: proposalSupports.userId });
    if (removed.length === 0) return refuse("notSupported");
    await tx
      .update(proposals)
      .set({ supportCount: sql`${proposals.supportCount} - 1` })
      .where(eq(proposals.id, record.context.id));
  });
}
