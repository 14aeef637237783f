import { randomInt } from "node:crypto";
import { and, asc, count, desc, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import type { Database, Transaction } from "../../db/client";
import { communities, householdCodes, memberships, roleGrants, users } from "../../db/schema";
import { paginate, type PageInfo, type PageRequest } from "~/domain/pagination";
import type { Role } from "~/domain/roles";
import { recordAudit } from "./audit.server";
import { normalizeEmail } from "./sessions.server";
import { notify, sendPendingEmails } from "./notifications.server";
import type { Mailer } from "./mail.server";
import { keyedHash } from "./tokens.server";

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

// Codes are read aloud and typed on phones: no 0/O, 1/I/L.
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Normalises what a person typed: case, spaces and dashes do not matter. */
export function normalizeHouseholdCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

function newHouseholdCode(): string {
  const chars = Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
}

/**
 * Issues one-time household codes for door-to-door visits. The codes are returned once, to print;
 * only their hashes are kept.
 */
export async function issueHouseholdCodes(
  db: Database,
  input: {
    communityId: number;
    buildingId: number | null;
    createdById: string;
    count: number;
    /** The server's secret (SESSION_SECRET): codes are stored as keyed hashes. */
    secret: string;
  },
): Promise<{ codes: string[]; expiresAt: string }> {
  const expiresAt = new Date(Date.now() + CODE_TTL_MS);
  const codes = Array.from({ length: input.count }, newHouseholdCode);
  await db.transaction(async (tx) => {
    await tx.insert(householdCodes).values(
      codes.map((code) => ({
        communityId: input.communityId,
        buildingId: input.buildingId,
        codeHash: keyedHash(normalizeHouseholdCode(code), input.secret),
        createdById: input.createdById,
        expiresAt,
      })),
    );
    await recordAudit(tx, {
      actorId: input.createdById,
      action: "household_codes.issued",
      communityId: input.communityId,
      targetType: "community",
      targetId: String(input.communityId),
      before: null,
      after: {
        count: input.count,
        buildingId: input.buildingId,
        expiresAt: expiresAt.toISOString(),
      },
    });
  });
  return { codes, expiresAt: expiresAt.toISOString() };
}

/**
 * Uses a household code: the person becomes a verified resident of the code's community at once.
 * A code works once and until it expires.
 */
export async function redeemHouseholdCode(
  db: Database,
  mailer: Mailer,
  origin: string,
  input: { userId: string; code: string; secret: string },
): Promise<
  { ok: true; communitySlug: string } | { ok: false; reason: "invalid" | "alreadyMember" }
> {
  const result = await db.transaction(async (tx) => {
    const [code] = await tx
      .select()
      .from(householdCodes)
      .where(
        and(
          eq(householdCodes.codeHash, keyedHash(normalizeHouseholdCode(input.code), input.secret)),
          isNull(householdCodes.usedAt),
          gt(householdCodes.expiresAt, new Date()),
        ),
      )
      .for("update");
    if (!code) return { ok: false as const, reason: "invalid" as const };
    const [community] = await tx
      .select()
      .from(communities)
      .where(eq(communities.id, code.communityId));
    if (!community) return { ok: false as const, reason: "invalid" as const };
    const inserted = await tx
      .insert(memberships)
      .values({
        userId: input.userId,
        communityId: code.communityId,
        buildingId: code.buildingId,
        status: "verified",
        via: "household_code",
        decidedById: code.createdById,
        decidedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ id: memberships.id });
    const membership = inserted[0];
    if (!membership) {
      // An open request is superseded by the code; an existing verified membership is left alone.
      const [pending] = await tx
        .update(memberships)
        .set({
          status: "verified",
          via: "household_code",
          decidedById: code.createdById,
          decidedAt: new Date(),
        })
        .where(
          and(
            eq(memberships.userId, input.userId),
            eq(memberships.communityId, code.communityId),
            eq(memberships.status, "pending"),
          ),
        )
        .returning({ id: memberships.id });
      if (!pending) return { ok: false as const, reason: "alreadyMember" as const };
    }
    await tx
      .update(householdCodes)
      .set({ usedAt: new Date(), usedById: input.userId })
      .where(eq(householdCodes.id, code.id));
    await grantResident(tx, input.userId, code.communityId, code.createdById);
    const ids = await notify(tx, [input.userId], {
      kind: "membership.verified",
      values: { community: community.name, reason: "—" },
      link: `/c/${community.slug}`,
      communitySlug: community.slug,
    });
    await recordAudit(tx, {
      actorId: input.userId,
      action: "membership.verified_by_code",
      communityId: code.communityId,
      targetType: "user",
      targetId: input.userId,
      before: null,
      after: { householdCodeId: code.id },
    });
    return { ok: true as const, communitySlug: community.slug, ids };
  });
  if (!result.ok) return result;
  await sendPendingEmails(db, mailer, result.ids, origin);
  return { ok: true, communitySlug: result.communitySlug };
}

export interface RoleHolder {
  grantId: number;
  userId: string;
  displayName: string | null;
  role: Role;
  grantedAt: string;
}

/** Who holds which role at exactly this node (roles held above are shown on those nodes). */
export async function listRoleHolders(db: Database, communityId: number): Promise<RoleHolder[]> {
  const rows = await db
    .select({
      grantId: roleGrants.id,
      userId: roleGrants.userId,
      displayName: users.displayName,
      role: roleGrants.role,
      grantedAt: roleGrants.grantedAt,
    })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(and(eq(roleGrants.communityId, communityId), isNull(roleGrants.revokedAt)))
    .orderBy(asc(roleGrants.role), asc(users.displayName));
  return rows.map((row) => ({ ...row, grantedAt: row.grantedAt.toISOString() }));
}

/** Grants a role at a node to the person with this email. */
export async function grantRole(
  db: Database,
  mailer: Mailer,
  origin: string,
  input: {
    email: string;
    role: Role;
    communityId: number;
    communityName: string;
    communitySlug: string;
    actorId: string;
  },
): Promise<"granted" | "noSuchPerson" | "alreadyHeld"> {
  const result = await db.transaction(async (tx) => {
    const [person] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.email, normalizeEmail(input.email)), isNull(users.deletedAt)));
    if (!person) return "noSuchPerson" as const;
    const inserted = await tx
      .insert(roleGrants)
      .values({
        userId: person.id,
        communityId: input.communityId,
        role: input.role,
        grantedById: input.actorId,
      })
      .onConflictDoNothing()
      .returning({ id: roleGrants.id });
    if (!inserted[0]) return "alreadyHeld" as const;
    const ids = await notify(tx, [person.id], {
      kind: "role.granted",
      values: { role: input.role, community: input.communityName },
      link: `/c/${input.communitySlug}`,
      communitySlug: input.communitySlug,
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "role.granted",
      communityId: input.communityId,
      targetType: "user",
      targetId: person.id,
      before: null,
      after: { role: input.role, grantId: inserted[0].id },
    });
    return ids;
  });
  if (typeof result === "string") return result;
  await sendPendingEmails(db, mailer, result, origin);
  return "granted";
}

/** Revokes an active grant at this node; false when there is no such grant here. */
export async function revokeRole(
  db: Database,
  mailer: Mailer,
  origin: string,
  input: {
    grantId: number;
    communityId: number;
    communityName: string;
    communitySlug: string;
    actorId: string;
    mayRevoke: (role: Role) => boolean;
  },
): Promise<"revoked" | "notFound" | "forbidden"> {
  const result = await db.transaction(async (tx) => {
    const [grant] = await tx
      .select()
      .from(roleGrants)
      .where(
        and(
          eq(roleGrants.id, input.grantId),
          eq(roleGrants.communityId, input.communityId),
          isNull(roleGrants.revokedAt),
        ),
      )
      .for("update");
    if (!grant) return "notFound" as const;
    if (!input.mayRevoke(grant.role)) return "forbidden" as const;
    await tx
      .update(roleGrants)
      .set({ revokedAt: new Date(), revokedById: input.actorId })
      .where(eq(roleGrants.id, grant.id));
    if (grant.role === "resident") {
      // Residence ends with the role, so that the person can ask again (or use a code) later.
      await tx
        .update(memberships)
        .set({ status: "left" })
        .where(
          and(
            eq(memberships.userId, grant.userId),
            eq(memberships.communityId, input.communityId),
            eq(memberships.status, "verified"),
          ),
        );
    }
    const ids = await notify(tx, [grant.userId], {
      kind: "role.revoked",
      values: { role: grant.role, community: input.communityName },
      link: `/c/${input.communitySlug}`,
      communitySlug: input.communitySlug,
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "role.revoked",
      communityId: input.communityId,
      targetType: "user",
      targetId: grant.userId,
      before: { role: grant.role, grantId: grant.id },
      after: null,
    });
    return ids;
  });
  if (typeof result === "string") return result;
  await sendPendingEmails(db, mailer, result, origin);
  return "revoked";
}
