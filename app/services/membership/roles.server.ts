/**
 * Roles granted and revoked by hand at a node. Owns `role_grants` (but for the resident role made on
 * admission, see requests.server.ts); revoking the resident role ends the membership too.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { memberships, roleGrants, users } from "../../../db/schema";
import type { Role } from "~/domain/roles";
import { recordAudit } from "../audit.server";
import { normalizeEmail } from "../auth.server";
import { notify, sendPendingEmails } from "../notifications.server";
import type { Mailer } from "../mail.server";

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
