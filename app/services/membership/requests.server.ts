/**
 * Join requests and residence. Owns `memberships`, and the `resident` role that a verified membership
 * carries (the role_grants row made when someone is admitted). A resident asks to join; the
 * community's committee verifies or declines.
 */
import { and, asc, count, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Database, Transaction } from "../../../db/client";
import { communities, memberships, roleGrants, users, type Community } from "../../../db/schema";
import { paginate, type PageInfo, type PageRequest } from "~/domain/pagination";
import { can, membershipDecisionRefusal, type Actor } from "~/domain/policy";
import { commitAct, type ActOutcome } from "../acts.server";
import { communityResource } from "../communities.server";
import type { MailDelivery } from "../notifications.server";

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

/** The community an act is about, and its name as the actor reads it (for the notices). */
export interface CommunityTarget {
  community: Community;
  communityName: string;
}

export interface JoinRequest extends CommunityTarget {
  buildingId: number | null;
  unit: string;
  note: string;
  /** The requester's name, for the notice to the committee. */
  requesterName: string;
}

/**
 * The actor asks to join a community as a resident (`membership.request`: verified, not yet a
 * resident there); the community's committee is notified.
 */
export async function requestMembership(
  db: Database,
  mail: MailDelivery | undefined,
  actor: Actor,
  request: JoinRequest,
): Promise<ActOutcome<void, "forbidden" | "alreadyOpen">> {
  const resource = await communityResource(db, request.community);
  if (!can(actor, "membership.request", resource)) return { ok: false, reason: "forbidden" };
  return commitAct<void, "alreadyOpen">(db, mail, async (act) => {
    const inserted = await act.tx
      .insert(memberships)
      .values({
        userId: actor.id,
        communityId: request.community.id,
        buildingId: request.buildingId,
        unit: request.unit || null,
        note: request.note || null,
      })
      .onConflictDoNothing()
      .returning({ id: memberships.id });
    if (inserted.length === 0) return act.refuse("alreadyOpen");
    await act.notify(await reviewersOf(act.tx, resource.communityPath), {
      kind: "membership.requested",
      values: { name: request.requesterName, community: request.communityName },
      link: `/c/${request.community.slug}/members`,
      communitySlug: request.community.slug,
    });
  });
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
async function grantResident(
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
 * Admits the person as a verified resident on a household code, in the caller's transaction: a new
 * verified membership, or their open request verified. False when they are already a verified
 * resident there (nothing is written).
 */
export async function admitWithCode(
  tx: Transaction,
  admission: {
    userId: string;
    communityId: number;
    buildingId: number | null;
    issuedById: string | null;
  },
): Promise<boolean> {
  const decided = {
    status: "verified" as const,
    via: "household_code" as const,
    decidedById: admission.issuedById,
    decidedAt: new Date(),
  };
  const inserted = await tx
    .insert(memberships)
    .values({
      userId: admission.userId,
      communityId: admission.communityId,
      buildingId: admission.buildingId,
      ...decided,
    })
    .onConflictDoNothing()
    .returning({ id: memberships.id });
  if (!inserted[0]) {
    // An open request is superseded by the code; an existing verified membership is left alone.
    const [pending] = await tx
      .update(memberships)
      .set(decided)
      .where(
        and(
          eq(memberships.userId, admission.userId),
          eq(memberships.communityId, admission.communityId),
          eq(memberships.status, "pending"),
        ),
      )
      .returning({ id: memberships.id });
    if (!pending) return false;
  }
  await grantResident(tx, admission.userId, admission.communityId, admission.issuedById);
  return true;
}

/**
 * Ends the person's residence in the community when their resident role is revoked, in the caller's
 * transaction, so that they can ask again (or use a code) later.
 */
export async function endResidence(tx: Transaction, userId: string, communityId: number) {
  await tx
    .update(memberships)
    .set({ status: "left" })
    .where(
      and(
        eq(memberships.userId, userId),
        eq(memberships.communityId, communityId),
        eq(memberships.status, "verified"),
      ),
    );
}

export type DecisionRefusal = "forbidden" | "ownRequest" | "notPending";

/**
 * Verifies or declines a pending request of this community (`membershipDecisionRefusal`: a reviewer
 * here, never of their own request). "notPending" when there is no such pending request here
 * (another community's request is not found, not forbidden).
 */
export async function decideMembership(
  db: Database,
  mail: MailDelivery | undefined,
  actor: Actor,
  input: CommunityTarget & {
    membershipId: number;
    decision: "verify" | "decline";
    reason: string;
  },
): Promise<ActOutcome<void, DecisionRefusal>> {
  const { community } = input;
  const resource = await communityResource(db, community);
  if (!can(actor, "membership.review", resource)) return { ok: false, reason: "forbidden" };
  const verify = input.decision === "verify";
  return commitAct<void, DecisionRefusal>(db, mail, async (act) => {
    const [request] = await act.tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(
        and(
          eq(memberships.id, input.membershipId),
          eq(memberships.communityId, community.id),
          eq(memberships.status, "pending"),
        ),
      )
      .for("update");
    if (!request) return act.refuse("notPending");
    const refusal = membershipDecisionRefusal(actor, resource, request);
    if (refusal) return act.refuse(refusal);
    await act.tx
      .update(memberships)
      .set({
        status: verify ? "verified" : "declined",
        decisionReason: input.reason || null,
        decidedById: actor.id,
        decidedAt: new Date(),
      })
      .where(eq(memberships.id, input.membershipId));
    if (verify) await grantResident(act.tx, request.userId, community.id, actor.id);
    await act.notify([request.userId], {
      kind: verify ? "membership.verified" : "membership.declined",
      values: { community: input.communityName, reason: input.reason || "—" },
      link: `/c/${community.slug}`,
      communitySlug: community.slug,
    });
    await act.audit({
      actorId: actor.id,
      action: verify ? "membership.verified" : "membership.declined",
      communityId: community.id,
      targetType: "membership",
      targetId: String(input.membershipId),
      before: { status: "pending" },
      after: {
        status: verify ? "verified" : "declined",
        userId: request.userId,
        reason: input.reason || null,
      },
    });
  });
}
