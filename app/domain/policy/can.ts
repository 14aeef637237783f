/**
 * The one authorisation policy of the platform. Pure: no I/O, no clock, no database.
 *
 * Roles are held in a community node and hold at that node and every node below it: inheritance goes
 * downward only, never upward to an ancestor and never sideways to a sibling. Revoking a role is the
 * holding's absence: the policy only sees the holdings it is given.
 *
 * Every route, loader and form action asks `can(...)`; nothing else decides who may do what.
 */
import type { CommunityLevel } from "../community-tree";
import { ROLES, type Role } from "../roles";

export const ACTIONS = [
  "community.read", // anyone, signed in or not
  "membership.request", // a verified person asks to join a community they are not yet a resident of
  "membership.review", // verify/decline join requests
  "member.list", // see a community's members
  "household_code.issue", // issue one-time household codes
  "role.manage", // open the roles page of a node
  "audit.read", // read the audit log of a node and below
  "community.manage", // create/rename/move communities
  "community.configure", // a community's own settings (e.g. the support threshold)
  "moderation.act", // hide/restore content, act on reports
  "proposal.create", // raise a matter (later features)
  "proposal.support", // support a matter (later features)
  "comment.create", // give an opinion
  "content.report", // report a comment or a proposal to moderators
  "vote.cast", // cast a ballot
  "vote.manage", // open a vote, enter and confirm paper ballots, record a hearing
  "vote.proxy", // record the ballot of a resident who cannot use the site, with their consent
] as const;
export type Action = (typeof ACTIONS)[number];

export interface RoleHolding {
  role: Role;
  communityId: number;
}

/** A signed-in person as the policy sees them; `null` is an anonymous visitor. */
export interface Actor {
  id: string;
  emailVerified: boolean;
  roles: readonly RoleHolding[];
}

/** A node of the tree: the ids from the root down to the node itself (inclusive), and its level. */
export interface CommunityResource {
  communityPath: readonly number[];
  level: CommunityLevel;
}

/** How one action is decided. */
interface Rule {
  /**
   * Who may:
   * - "anyone": every visitor, anonymous or signed in, email verified or not;
   * - "verified": any signed-in person whose email is verified, with or without a role;
   * - a list of roles: a signed-in, verified person holding at least one of them effectively at the node.
   */
  readonly who: "anyone" | "verified" | readonly Role[];
  /** Only meaningful at nodes of this level; false at every other level, for everyone. */
  readonly onlyAtLevel?: CommunityLevel;
  /** False when the actor effectively holds any of these roles at the node. */
  readonly notIfHolds?: readonly Role[];
}

/**
 * The policy table. Two rules hold for every row that is not "anyone":
 * an anonymous visitor may do nothing, and a signed-in person whose email is not verified may do
 * nothing, whatever roles they hold. `admin` is listed wherever an admin may act: everywhere except
 * the resident-only acts (proposal.create, proposal.support, vote.cast), which an admin may do only
 * when they also hold `resident` at the node.
 */
const POLICY: { readonly [A in Action]: Rule } = {
  // Public pages: anyone, signed in or not, verified or not.
  "community.read": { who: "anyone" },
  // Asking to join: any verified person, only at a "community" node, and not when already a
  // resident there (resident held at the node or inherited from an ancestor).
  "membership.request": { who: "verified", onlyAtLevel: "community", notIfHolds: ["resident"] },
  // Verifying or declining join requests: committee or admin, only at a "community" node.
  "membership.review": { who: ["committee", "admin"], onlyAtLevel: "community" },
  // The member list: those who look after the community.
  "member.list": { who: ["grid_worker", "committee", "council", "admin"] },
  // One-time household codes: grid worker, committee or admin, only at a "community" node.
  "household_code.issue": { who: ["grid_worker", "committee", "admin"], onlyAtLevel: "community" },
  // The roles page of a node; which roles may be granted is `grantableRoles`.
  "role.manage": { who: ["committee", "admin"] },
  // The audit log of a node and below.
  "audit.read": { who: ["committee", "council", "admin"] },
  // Creating, renaming and moving communities: admin only.
  "community.manage": { who: ["admin"] },
  // A community's own settings (the support threshold of its matters): committee or admin, only at a
  // "community" node.
  "community.configure": { who: ["committee", "admin"], onlyAtLevel: "community" },
  // Moderation: moderator or admin.
  "moderation.act": { who: ["moderator", "admin"] },
  // Raising and supporting matters: verified residents only (not admin as such).
  "proposal.create": { who: ["resident"] },
  "proposal.support": { who: ["resident"] },
  // Opinions: anyone holding any role at the node.
  "comment.create": {
    who: ["resident", "grid_worker", "committee", "council", "moderator", "admin"],
  },
  // Reporting content to moderators: anyone signed in with a verified email (abuse is everyone's
  // business; moderators see the reasons, never who reported).
  "content.report": { who: "verified" },
  // Ballots: verified residents only; other roles vote only when they are also residents.
  "vote.cast": { who: ["resident"] },
  // Running votes: committee or admin (a committee member may open a vote and enter paper ballots;
  // a second one confirms each batch, which the votes service checks).
  "vote.manage": { who: ["committee", "admin"] },
  // Recording a listed resident's ballot with their consent (the resident's eligibility is checked
  // against the vote's electorate by the votes service): those who visit residents at home.
  "vote.proxy": { who: ["grid_worker", "committee", "admin"] },
};

/**
 * Which roles each role may grant or revoke: admin → every role; committee → grid_worker and
 * moderator; every other role → none. The grants of several roles add up.
 */
const GRANTS: { readonly [R in Role]: readonly Role[] } = {
  resident: [],
  grid_worker: [],
  committee: ["grid_worker", "moderator"],
  council: [],
  moderator: [],
  admin: ROLES,
};

/**
 * The roles that hold at the node: held there or at any ancestor (never at a descendant or a
 * sibling). This is a fact about holdings, not a permission: it ignores whether the email is
 * verified, so decide with `can` / `grantableRoles`, never with this set alone.
 */
export function effectiveRoles(actor: Actor | null, resource: CommunityResource): Set<Role> {
  const roles = new Set<Role>();
  if (actor === null) return roles;
  const path = new Set(resource.communityPath);
  for (const holding of actor.roles) {
    if (path.has(holding.communityId)) roles.add(holding.role);
  }
  return roles;
}

/**
 * Whom the table lets do an action, to tell a refused person what would allow it: "anyone", any
 * "verified" person, or the roles of which one is needed (read with the row's level and exclusions,
 * which `can` applies).
 */
export function rolesFor(action: Action): "anyone" | "verified" | readonly Role[] {
  return POLICY[action].who;
}

/** May the actor do the action on the node? Unknown actions are denied. */
export function can(actor: Actor | null, action: Action, resource: CommunityResource): boolean {
  if (!Object.hasOwn(POLICY, action)) return false;
  const rule = POLICY[action];
  if (rule.onlyAtLevel !== undefined && resource.level !== rule.onlyAtLevel) return false;
  if (rule.who === "anyone") return true;
  // Everything beyond reading needs a signed-in person with a verified email.
  if (actor === null || !actor.emailVerified) return false;
  const held = effectiveRoles(actor, resource);
  if (rule.notIfHolds?.some((role) => held.has(role))) return false;
  if (rule.who === "verified") return true;
  return rule.who.some((role) => held.has(role));
}

/**
 * Which roles may the actor grant or revoke at the node: admin → every role; committee →
 * grid_worker and moderator only; others → none. Anonymous and unverified actors → none.
 * The result follows the order of `ROLES`.
 */
export function grantableRoles(actor: Actor | null, resource: CommunityResource): Role[] {
  if (actor === null || !actor.emailVerified) return [];
  const held = effectiveRoles(actor, resource);
  const grantable = new Set<Role>();
  for (const role of held) {
    for (const granted of GRANTS[role]) grantable.add(granted);
  }
  return ROLES.filter((role) => grantable.has(role));
}

export function canGrantRole(
  actor: Actor | null,
  role: Role,
  resource: CommunityResource,
): boolean {
  return grantableRoles(actor, resource).includes(role);
}
