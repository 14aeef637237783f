/**
 * The rules about communities, membership, household codes and roles that need more facts than one
 * role at one node. Pure: the caller gathers the facts (the nodes' places in the tree, who asked to
 * join), these decide.
 *
 * - Moving a node needs `community.manage` both at the node that moves and at its new parent: an
 *   admin of one branch cannot pull a unit out of another branch, nor push one into it.
 * - A role may be granted or revoked at a node only by someone who may grant that role there
 *   (`canGrantRole`): admin → every role, committee → grid worker and moderator.
 * - A join request is verified or declined by those who review membership at the community
 *   (`membership.review`), and never by the person who asked: nobody verifies their own residence.
 * - A household code makes its user a verified resident at once, so only a signed-in person whose
 *   email is verified may use one.
 */
import { can, canGrantRole, type Actor, type CommunityResource } from "./can";
import type { Role } from "../roles";

/** May the actor move the node (with everything below it) under the new parent? */
export function mayMoveCommunity(
  actor: Actor | null,
  node: CommunityResource,
  newParent: CommunityResource,
): boolean {
  return can(actor, "community.manage", node) && can(actor, "community.manage", newParent);
}

/** May the actor revoke this grant, held at the node? The same people who may grant its role. */
export function mayRevokeRole(
  actor: Actor | null,
  grant: { role: Role },
  node: CommunityResource,
): boolean {
  return canGrantRole(actor, grant.role, node);
}

/** Why the actor may not decide a join request: no reviewing right here, or it is their own. */
export type MembershipDecisionRefusal = "forbidden" | "ownRequest";

/**
 * May the actor verify or decline the join request of `request.userId` at the community? `null`
 * when they may; otherwise why not.
 */
export function membershipDecisionRefusal(
  actor: Actor | null,
  community: CommunityResource,
  request: { userId: string },
): MembershipDecisionRefusal | null {
  if (actor === null || !can(actor, "membership.review", community)) return "forbidden";
  if (request.userId === actor.id) return "ownRequest";
  return null;
}

/** May the actor verify or decline this join request? */
export function mayDecideMembership(
  actor: Actor | null,
  community: CommunityResource,
  request: { userId: string },
): boolean {
  return membershipDecisionRefusal(actor, community, request) === null;
}

/** May the actor use a household code (and so become a verified resident at once)? */
export function mayRedeemHouseholdCode(actor: Actor | null): boolean {
  return actor !== null && actor.emailVerified;
}
