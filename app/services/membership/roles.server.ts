/**
 * Roles granted and revoked by hand at a node. Owns `role_grants` (but for the resident role made on
 * admission, see requests.server.ts); revoking the resident role ends the membership too.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { roleGrants, users } from "../../../db/schema";
import { canGrantRole, grantableRoles, mayRevokeRole, type Actor } from "~/domain/policy";
import type { Role } from "~/domain/roles";
import { commitAct, type ActOutcome } from "../acts.server";
import { normalizeEmail } from "../sessions.server";
import { communityResource } from "../communities.server";
import type { MailDelivery } from "../notifications.server";
import { endResidence, type CommunityTarget } from "./requests.server";

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

export type GrantRefusal = "forbidden" | "noSuchPerson" | "alreadyHeld";

/**
 * Grants a role at a node to the person with this email, when the actor may grant that role there
 * (`canGrantRole`).
 */
export async function grantRole(
  db: Database,
  mail: MailDelivery | undefined,
  actor: Actor,
  input: CommunityTarget & { email: string; role: Role },
): Promise<ActOutcome<void, GrantRefusal>> {
  const { community } = input;
  if (!canGrantRole(actor, input.role, await communityResource(db, community)))
    return { ok: false, reason: "forbidden" };
  return commitAct<void, GrantRefusal>(db, mail, async (act) => {
    const [person] = await act.tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.email, normalizeEmail(input.email)), isNull(users.deletedAt)));
    if (!person) return act.refuse("noSuchPerson");
    const [grant] = await act.tx
      .insert(roleGrants)
      .values({
        userId: person.id,
        communityId: community.id,
        role: input.role,
        grantedById: actor.id,
      })
      .onConflictDoNothing()
      .returning({ id: roleGrants.id });
    if (!grant) return act.refuse("alreadyHeld");
    await act.notify([person.id], {
      kind: "role.granted",
      values: { role: input.role, community: input.communityName },
      link: `/c/${community.slug}`,
      communitySlug: community.slug,
    });
    await act.audit({
      actorId: actor.id,
      action: "role.granted",
      communityId: community.id,
      targetType: "user",
      targetId: person.id,
      before: null,
      after: { role: input.role, grantId: grant.id },
    });
  });
}

export type RevokeRefusal = "forbidden" | "notFound";

/**
 * Revokes an active grant at this node, when the actor may grant its role there (`mayRevokeRole`).
 * "notFound" when there is no such grant here; "forbidden" to anyone who may grant no role here at
 * all, whatever the grant.
 */
export async function revokeRole(
  db: Database,
  mail: MailDelivery | undefined,
  actor: Actor,
  input: CommunityTarget & { grantId: number },
): Promise<ActOutcome<void, RevokeRefusal>> {
  const { community } = input;
  const resource = await communityResource(db, community);
  if (grantableRoles(actor, resource).length === 0) return { ok: false, reason: "forbidden" };
  return commitAct<void, RevokeRefusal>(db, mail, async (act) => {
    const [grant] = await act.tx
      .select()
      .from(roleGrants)
      .where(
        and(
          eq(roleGrants.id, input.grantId),
          eq(roleGrants.communityId, community.id),
          isNull(roleGrants.revokedAt),
        ),
      )
      .for("update");
    if (!grant) return act.refuse("notFound");
    if (!mayRevokeRole(actor, grant, resource)) return act.refuse("forbidden");
    await act.tx
      .update(roleGrants)
      .set({ revokedAt: new Date(), revokedById: actor.id })
      .where(eq(roleGrants.id, grant.id));
    if (grant.role === "resident") await endResidence(act.tx, grant.userId, community.id);
    await act.notify([grant.userId], {
      kind: "role.revoked",
      values: { role: grant.role, community: input.communityName },
      link: `/c/${community.slug}`,
      communitySlug: community.slug,
    });
    await act.audit({
      actorId: actor.id,
      action: "role.revoked",
      communityId: community.id,
      targetType: "user",
      targetId: grant.userId,
      before: { role: grant.role, grantId: grant.id },
      after: null,
    });
  });
}
