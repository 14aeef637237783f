/**
 * Join requests and residence. Owns `memberships`, and the `resident` role that a verified membership
 * carries (the role_grants row made when someone is admitted). A resident asks to join; the
 * community's committee verifies or declines.
 */
import { and, asc, count, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Database, Transaction } from "../../../db/client";
import { communities, memberships, roleGrants, users } from "../../../db/schema";
import { paginate, type PageInfo, type PageRequest } from "~/domain/pagination";
import { recordAudit } from "../audit.server";
import { notify, sendPendingEmails } from "../notifications.server";
import type { Mailer } from "../mail.server";

/** The committee members who answer join requests for a community (held there or above). */
async function reviewersOf(
  db: Database | Transaction,
  communityPath: readonly number[],
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: roleGrants.userId })
    .from(roleGrants)
    .where(
      and(
        inArray(roleGrants.communityId, [...communityPath]),
        eq(roleGrants.role, "committee"),
        isNull(roleGrants.revokedAt),
      ),
    );
  return rows.map((row) => row.userId);
}

export interface JoinRequest {
  userId: string;
  communityId: number;
  communityPath: readonly number[];
  communityName: string;
  communitySlug: string;
  buildingId: number | null;
  unit: string;
  note: string;
  requesterName: string;
}

/** Asks to join a community as a resident; the community's committee is notified. */
export async function requestMembership(
  db: Database,
  mailer: Mailer,
  origin: string,
  request: JoinRequest,
): Promise<"requested" | "alreadyOpen"> {
  const ids = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(memberships)
      .values({
        userId: request.userId,
        communityId: request.communityId,
        buildingId: request.buildingId,
        unit: request.unit || null,
        note: request.note || null,
      })
      .onConflictDoNothing()
      .returning({ id: memberships.id });
    if (inserted.length === 0) return null;
    return notify(tx, await reviewersOf(tx, request.communityPath), {
      kind: "membership.requested",
      values: { name: request.requesterName, community: request.communityName },
      link: `/c/${request.communitySlug}/members`,
      communitySlug: request.communitySlug,
    });
  });
  if (!ids) return "alreadyOpen";
  await sendPendingEmails(db, mailer, ids, origin);
  return "requested";
}

/** The person's membership of a community, if any is open (pending or verified). */
export async function openMembership(db: Database, userId: string, communityId: number) {
  const [row] = await db
    .select({ id: memberships.id, status: memberships.status })
    .from(memberships)
    .where(
      and(
        eq(memberships.userId, userId),
        eq(memberships.communityId, communityId),
        inArray(memberships.status, ["pending", "verified"]),
      ),
    )
    .limit(1);
  return row ?? null;
}

export interface MemberRow {
  membershipId: number;
  userId: string;
  displayName: string | null;
  building: string | null;
  unit: string | null;
  note: string | null;
  via: "request" | "household_code";
  createdAt: string;
  decidedAt: string | null;
}

async function listMemberships(
  db: Database,
  communityId: number,
  status: "pending" | "verified",
  page: PageRequest,
): Promise<{ items: MemberRow[]; pageInfo: PageInfo }> {
  const where = and(eq(memberships.communityId, communityId), eq(memberships.status, status));
  const [total] = await db.select({ n: count() }).from(memberships).where(where);
  const pageInfo = paginate(page, total?.n ?? 0);
  const rows = await db
    .select({
      membershipId: memberships.id,
      userId: memberships.userId,
      displayName: users.displayName,
      building: communities.name,
      unit: memberships.unit,
      note: memberships.note,
      via: memberships.via,
      createdAt: memberships.createdAt,
      decidedAt: memberships.decidedAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(communities, eq(communities.id, memberships.buildingId))
    .where(where)
    .orderBy(
      status === "pending" ? asc(memberships.createdAt) : desc(memberships.decidedAt),
      asc(memberships.id),
    )
    .limit(pageInfo.pageSize)
    .offset(pageInfo.offset);
  return {
    pageInfo,
    items: rows.map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      decidedAt: row.decidedAt?.toISOString() ?? null,
    })),
  };
}

export const listPendingRequests = (db: Database, communityId: number, page: PageRequest) =>
  listMemberships(db, communityId, "pending", page);
export const listVerifiedMembers = (db: Database, communityId: number, page: PageRequest) =>
  listMemberships(db, communityId, "verified", page);

/** Verified residents in these communities (a node's subtree). */
export async function countVerifiedMembers(db: Database, communityIds: number[]): Promise<number> {
  if (communityIds.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(inArray(memberships.communityId, communityIds), eq(memberships.status, "verified")));
  return row?.n ?? 0;
}

/** Makes the person a resident of the community (the right to take part starts here). */
export async function grantResident(
  tx: Transaction,
  userId: string,
  communityId: number,
  byId: string | null,
) {
  await tx
    .insert(roleGrants)
    .values({ userId, communityId, role: "resident", grantedById: byId })
    .onConflictDoNothing();
}

/**
 * Verifies or declines a pending request of this community. Returns false when there is no such
 * pending request here (another community's request is not found, not forbidden).
 */
export async function decideMembership(
  db: Database,
  mailer: Mailer,
  origin: string,
  input: {
    membershipId: number;
    communityId: number;
    communityName: string;
    communitySlug: string;
    deciderId: string;
    decision: "verify" | "decline";
    reason: string;
  },
): Promise<boolean> {
  const ids = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(memberships)
      .set({
        status: input.decision === "verify" ? "verified" : "declined",
        decisionReason: input.reason || null,
        decidedById: input.deciderId,
        decidedAt: new Date(),
      })
      .where(
        and(
          eq(memberships.id, input.membershipId),
          eq(memberships.communityId, input.communityId),
          eq(memberships.status, "pending"),
          // Nobody verifies their own residence.
          ne(memberships.userId, input.deciderId),
        ),
      )
      .returning({ userId: memberships.userId });
    if (!row) return null;
    if (input.decision === "verify")
      await grantResident(tx, row.userId, input.communityId, input.deciderId);
    const notified = await notify(tx, [row.userId], {
      kind: input.decision === "verify" ? "membership.verified" : "membership.declined",
      values: { community: input.communityName, reason: input.reason || "—" },
      link: `/c/${input.communitySlug}`,
      communitySlug: input.communitySlug,
    });
    await recordAudit(tx, {
      actorId: input.deciderId,
      action: input.decision === "verify" ? "membership.verified" : "membership.declined",
      communityId: input.communityId,
      targetType: "membership",
      targetId: String(input.membershipId),
      before: { status: "pending" },
      after: {
        status: input.decision === "verify" ? "verified" : "declined",
        userId: row.userId,
        reason: input.reason || null,
      },
    });
    return notified;
  });
  if (!ids) return false;
  await sendPendingEmails(db, mailer, ids, origin);
  return true;
}
