import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { roleGrants } from "../../db/schema";
import type { Actor } from "~/domain/policy";
import type { SessionUser } from "./sessions.server";

/**
 * The signed-in person as the permission policy sees them: their active roles, read afresh on every
 * request, so that a revoked role stops working on the very next request.
 */
export async function loadActor(
  db: Database,
  user: Pick<SessionUser, "id" | "emailVerified">,
): Promise<Actor> {
  const holdings = await db
    .select({ role: roleGrants.role, communityId: roleGrants.communityId })
    .from(roleGrants)
    .where(and(eq(roleGrants.userId, user.id), isNull(roleGrants.revokedAt)));
  return { id: user.id, emailVerified: user.emailVerified, roles: holdings };
}
