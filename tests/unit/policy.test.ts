import { describe, expect, it } from "vitest";
import type { CommunityLevel } from "~/domain/community-tree";
import {
  ACTIONS,
  type Action,
  type Actor,
  can,
  canGrantRole,
  type CommunityResource,
  effectiveRoles,
  grantableRoles,
  type RoleHolding,
} from "~/domain/policy";
import { ROLES, type Role } from "~/domain/roles";

/*
 * The fixed tree:
 *
 *   city 1 > district 2 > street 3 > community 4 > grid 5 > building 6
 *                                  > community 7 (a sibling of 4)
 */
const NODE: Record<number, CommunityResource> = {
  1: { communityPath: [1], level: "city" },
  2: { communityPath: [1, 2], level: "district" },
  3: { communityPath: [1, 2, 3], level: "street" },
  4: { communityPath: [1, 2, 3, 4], level: "community" },
  5: { communityPath: [1, 2, 3, 4, 5], level: "grid" },
  6: { communityPath: [1, 2, 3, 4, 5, 6], level: "building" },
  7: { communityPath: [1, 2, 3, 7], level: "community" },
};
const COMMUNITY = NODE[4]!;

function actor(holdings: readonly RoleHolding[], emailVerified = true): Actor {
  return { id: "person-1", emailVerified, roles: holdings };
}
function holding(role: Role, communityId: number): RoleHolding {
  return { role, communityId };
}

const Y = true;
const N = false;

/*
 * What a verified person may do at community 4 when the role applies there (held at 4 or an
 * ancestor), and with no applicable role at all ("none"). Written out by hand.
 */
// prettier-ignore
const EXPECTED: Record<Action, Record<Role | "none", boolean>> = {
  //                       resident  grid_worker  committee  council  moderator  admin  none
  "community.read":       { resident: Y, grid_worker: Y, committee: Y, council: Y, moderator: Y, admin: Y, none: Y },
  "membership.request":   { resident: N, grid_worker: Y, committee: Y, council: Y, moderator: Y, admin: Y, none: Y },
  "membership.review":    { resident: N, grid_worker: N, committee: Y, council: N, moderator: N, admin: Y, none: N },
  "member.list":          { resident: N, grid_worker: Y, committee: Y, council: Y, moderator: N, admin: Y, none: N },
  "household_code.issue": { resident: N, grid_worker: Y, committee: Y, council: N, moderator: N, admin: Y, none: N },
  "role.manage":          { resident: N, grid_worker: N, committee: Y, council: N, moderator: N, admin: Y, none: N },
  "audit.read":           { resident: N, grid_worker: N, committee: Y, council: Y, moderator: N, admin: Y, none: N },
  "community.manage":     { resident: N, grid_worker: N, committee: N, council: N, moderator: N, admin: Y, none: N },
  "community.configure":  { resident: N, grid_worker: N, committee: Y, council: N, moderator: N, admin: Y, none: N },
  "moderation.act":       { resident: N, grid_worker: N, committee: N, council: N, moderator: Y, admin: Y, none: N },
  "proposal.create":      { resident: Y, grid_worker: N, committee: N, council: N, moderator: N, admin: N, none: N },
  "proposal.support":     { resident: Y, grid_worker: N, committee: N, council: N, moderator: N, admin: N, none: N },
  "comment.create":       { resident: Y, grid_worker: Y, committee: Y, council: Y, moderator: Y, admin: Y, none: N },
  "content.report":       { resident: Y, grid_worker: Y, committee: Y, council: Y, moderator: Y, admin: Y, none: Y },
  "vote.cast":            { resident: Y, grid_worker: N, committee: N, council: N, moderator: N, admin: N, none: N },
  "vote.manage":          { resident: N, grid_worker: N, committee: Y, council: N, moderator: N, admin: Y, none: N },
  "vote.proxy":           { resident: N, grid_worker: Y, committee: Y, council: N, moderator: N, admin: Y, none: N },
};

/** Where the single holding sits relative to community 4, and whether it applies there. */
const RELATIONS = [
  { relation: "held at the node (4)", communityId: 4, applies: true },
  { relation: "held at the parent street (3)", communityId: 3, applies: true },
  { relation: "held at the root city (1)", communityId: 1, applies: true },
  { relation: "held at a child grid (5)", communityId: 5, applies: false },
  { relation: "held at a grandchild building (6)", communityId: 6, applies: false },
  { relation: "held at the sibling community (7)", communityId: 7, applies: false },
  { relation: "held at an unrelated node (99)", communityId: 99, applies: false },
] as const;

describe("the policy table", () => {
  it("covers exactly the actions of ACTIONS", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
    expect(ACTIONS).toHaveLength(17);
  });

  const cases = ROLES.flatMap((role) =>
    RELATIONS.flatMap(({ relation, communityId, applies }) =>
      ACTIONS.map((action) => ({
        role,
        relation,
        communityId,
        action,
        expected: applies ? EXPECTED[action][role] : EXPECTED[action].none,
      })),
    ),
  );

  it.each(cases)(
    "$role $relation: $action at community 4 → $expected",
    ({ role, communityId, action, expected }) => {
      expect(can(actor([holding(role, communityId)]), action, COMMUNITY)).toBe(expected);
    },
  );

  it.each(ACTIONS.map((action) => ({ action, expected: EXPECTED[action].none })))(
    "a verified person with no role: $action at community 4 → $expected",
    ({ action, expected }) => {
      expect(can(actor([]), action, COMMUNITY)).toBe(expected);
    },
  );
});

describe("anonymous visitors", () => {
  const cases = Object.entries(NODE).flatMap(([id, resource]) =>
    ACTIONS.map((action) => ({ id, resource, action, expected: action === "community.read" })),
  );
  it.each(cases)("anonymous: $action at node $id → $expected", ({ resource, action, expected }) => {
    expect(can(null, action, resource)).toBe(expected);
  });

  it("hold no roles and may grant none", () => {
    expect(effectiveRoles(null, COMMUNITY)).toEqual(new Set());
    expect(grantableRoles(null, COMMUNITY)).toEqual([]);
    for (const role of ROLES) expect(canGrantRole(null, role, COMMUNITY)).toBe(false);
  });
});

describe("a signed-in person whose email is not verified", () => {
  // Holds every role, at the root and at the node itself: none of it counts until verified.
  const unverified = actor(
    ROLES.flatMap((role) => [holding(role, 1), holding(role, 4)]),
    false,
  );
  const cases = ACTIONS.map((action) => ({ action, expected: action === "community.read" }));

  it.each(cases)("unverified with every role: $action → $expected", ({ action, expected }) => {
    expect(can(unverified, action, COMMUNITY)).toBe(expected);
  });

  it.each(cases)("unverified with no role: $action → $expected", ({ action, expected }) => {
    expect(can(actor([], false), action, COMMUNITY)).toBe(expected);
  });

  it("may grant no role", () => {
    expect(grantableRoles(unverified, COMMUNITY)).toEqual([]);
    for (const role of ROLES) expect(canGrantRole(unverified, role, COMMUNITY)).toBe(false);
  });

  it("becomes able to act once the same holdings are verified", () => {
    const verified = { ...unverified, emailVerified: true };
    expect(can(verified, "community.manage", COMMUNITY)).toBe(true);
    expect(can(verified, "vote.cast", COMMUNITY)).toBe(true);
  });
});

describe("level restrictions", () => {
  const LEVEL_NODE: Record<CommunityLevel, number> = {
    city: 1,
    district: 2,
    street: 3,
    community: 4,
    grid: 5,
    building: 6,
  };

  /* An admin held at the root city 1, acting on each level of the tree. */
  // prettier-ignore
  const ADMIN_AT_ROOT: Record<Action, Record<CommunityLevel, boolean>> = {
    "community.read":       { city: Y, district: Y, street: Y, community: Y, grid: Y, building: Y },
    "membership.request":   { city: N, district: N, street: N, community: Y, grid: N, building: N },
    "membership.review":    { city: N, district: N, street: N, community: Y, grid: N, building: N },
    "member.list":          { city: Y, district: Y, street: Y, community: Y, grid: Y, building: Y },
    "household_code.issue": { city: N, district: N, street: N, community: Y, grid: N, building: N },
    "role.manage":          { city: Y, district: Y, street: Y, community: Y, grid: Y, building: Y },
    "audit.read":           { city: Y, district: Y, street: Y, community: Y, grid: Y, building: Y },
    "community.manage":     { city: Y, district: Y, street: Y, community: Y, grid: Y, building: Y },
    "community.configure":  { city: N, district: N, street: N, community: Y, grid: N, building: N },
    "moderation.act":       { city: Y, district: Y, street: Y, community: Y, grid: Y, building: Y },
    "proposal.create":      { city: N, district: N, street: N, community: N, grid: N, building: N },
    "proposal.support":     { city: N, district: N, street: N, community: N, grid: N, building: N },
    "comment.create":       { city: Y, district: Y, street: Y, community: Y, grid: Y, building: Y },
    "content.report":       { city: Y, district: Y, street: Y, community: Y, grid: Y, building: Y },
    "vote.cast":            { city: N, district: N, street: N, community: N, grid: N, building: N },
    "vote.manage":          { city: Y, district: Y, street: Y, community: Y, grid: Y, building: Y },
    "vote.proxy":           { city: Y, district: Y, street: Y, community: Y, grid: Y, building: Y },
  };

  const adminCases = ACTIONS.flatMap((action) =>
    (Object.keys(LEVEL_NODE) as CommunityLevel[]).map((level) => ({
      action,
      level,
      expected: ADMIN_AT_ROOT[action][level],
    })),
  );
  it.each(adminCases)(
    "admin held at the city: $action at a $level → $expected",
    ({ action, level, expected }) => {
      const admin = actor([holding("admin", 1)]);
      expect(can(admin, action, NODE[LEVEL_NODE[level]]!)).toBe(expected);
    },
  );

  /* Membership and household codes are only meaningful at a "community"; other acts are not bound. */
  // prettier-ignore
  const LEVEL_CASES = [
    { action: "membership.request", who: "no role", holdings: [], at: "community", expected: Y },
    { action: "membership.request", who: "no role", holdings: [], at: "city", expected: N },
    { action: "membership.request", who: "no role", holdings: [], at: "street", expected: N },
    { action: "membership.request", who: "no role", holdings: [], at: "grid", expected: N },
    { action: "membership.request", who: "no role", holdings: [], at: "building", expected: N },
    { action: "membership.review", who: "committee", holdings: ["committee"], at: "community", expected: Y },
    { action: "membership.review", who: "committee", holdings: ["committee"], at: "district", expected: N },
    { action: "membership.review", who: "committee", holdings: ["committee"], at: "grid", expected: N },
    { action: "membership.review", who: "committee", holdings: ["committee"], at: "building", expected: N },
    { action: "household_code.issue", who: "grid_worker", holdings: ["grid_worker"], at: "community", expected: Y },
    { action: "household_code.issue", who: "grid_worker", holdings: ["grid_worker"], at: "street", expected: N },
    { action: "household_code.issue", who: "grid_worker", holdings: ["grid_worker"], at: "grid", expected: N },
    { action: "household_code.issue", who: "grid_worker", holdings: ["grid_worker"], at: "building", expected: N },
    { action: "household_code.issue", who: "committee", holdings: ["committee"], at: "grid", expected: N },
    { action: "vote.cast", who: "resident", holdings: ["resident"], at: "building", expected: Y },
    { action: "vote.cast", who: "resident", holdings: ["resident"], at: "city", expected: Y },
    { action: "audit.read", who: "council", holdings: ["council"], at: "district", expected: Y },
  ] as const;
  it.each(LEVEL_CASES)(
    "$who held at the city: $action at a $at → $expected",
    ({ action, holdings, at, expected }) => {
      const person = actor(holdings.map((role) => holding(role, 1)));
      expect(can(person, action, NODE[LEVEL_NODE[at]]!)).toBe(expected);
    },
  );

  it("applies the level restriction to the sibling community too", () => {
    const committee = actor([holding("committee", 3)]);
    expect(can(committee, "membership.review", NODE[7]!)).toBe(true);
    expect(can(committee, "membership.review", NODE[3]!)).toBe(false);
  });
});

describe("several roles at once", () => {
  it.each([
    {
      who: "resident + committee at 4",
      holdings: [holding("resident", 4), holding("committee", 4)],
      action: "vote.cast",
      expected: Y,
    },
    {
      who: "resident + committee at 4",
      holdings: [holding("resident", 4), holding("committee", 4)],
      action: "role.manage",
      expected: Y,
    },
    {
      who: "resident + committee at 4",
      holdings: [holding("resident", 4), holding("committee", 4)],
      action: "moderation.act",
      expected: N,
    },
    {
      who: "resident + committee at 4",
      holdings: [holding("resident", 4), holding("committee", 4)],
      action: "membership.request",
      expected: N,
    },
    {
      who: "admin + resident at 4",
      holdings: [holding("admin", 4), holding("resident", 4)],
      action: "vote.cast",
      expected: Y,
    },
    {
      who: "admin + resident at 4",
      holdings: [holding("admin", 4), holding("resident", 4)],
      action: "proposal.create",
      expected: Y,
    },
    {
      who: "admin + resident at 4",
      holdings: [holding("admin", 4), holding("resident", 4)],
      action: "proposal.support",
      expected: Y,
    },
    {
      who: "admin at 1 + resident at 4",
      holdings: [holding("admin", 1), holding("resident", 4)],
      action: "vote.cast",
      expected: Y,
    },
    {
      who: "admin at 4 + resident at the sibling 7",
      holdings: [holding("admin", 4), holding("resident", 7)],
      action: "vote.cast",
      expected: N,
    },
    {
      who: "admin at 4 + resident at the sibling 7",
      holdings: [holding("admin", 4), holding("resident", 7)],
      action: "membership.request",
      expected: Y,
    },
    {
      who: "council + moderator at 3",
      holdings: [holding("council", 3), holding("moderator", 3)],
      action: "audit.read",
      expected: Y,
    },
    {
      who: "council + moderator at 3",
      holdings: [holding("council", 3), holding("moderator", 3)],
      action: "moderation.act",
      expected: Y,
    },
    {
      who: "council + moderator at 3",
      holdings: [holding("council", 3), holding("moderator", 3)],
      action: "household_code.issue",
      expected: N,
    },
    {
      who: "council + moderator at 3",
      holdings: [holding("council", 3), holding("moderator", 3)],
      action: "vote.cast",
      expected: N,
    },
    {
      who: "grid_worker at 5 + moderator at 7",
      holdings: [holding("grid_worker", 5), holding("moderator", 7)],
      action: "comment.create",
      expected: N,
    },
    {
      who: "resident at 1 + grid_worker at 4",
      holdings: [holding("resident", 1), holding("grid_worker", 4)],
      action: "household_code.issue",
      expected: Y,
    },
    {
      who: "resident at 1 + grid_worker at 4",
      holdings: [holding("resident", 1), holding("grid_worker", 4)],
      action: "vote.cast",
      expected: Y,
    },
    {
      who: "the same role held twice (4 and 1)",
      holdings: [holding("committee", 4), holding("committee", 1)],
      action: "membership.review",
      expected: Y,
    },
  ] as const)("$who: $action at community 4 → $expected", ({ holdings, action, expected }) => {
    expect(can(actor(holdings), action, COMMUNITY)).toBe(expected);
  });
});

describe("revocation is the holding's absence", () => {
  it.each([
    {
      what: "the resident holding at 4",
      before: [holding("resident", 4)],
      after: [],
      action: "vote.cast",
      was: Y,
      now: N,
    },
    {
      what: "the admin holding at the city",
      before: [holding("admin", 1), holding("resident", 4)],
      after: [holding("resident", 4)],
      action: "community.manage",
      was: Y,
      now: N,
    },
    {
      what: "the committee holding at the street",
      before: [holding("committee", 3)],
      after: [],
      action: "membership.review",
      was: Y,
      now: N,
    },
    {
      what: "the moderator holding at 4",
      before: [holding("moderator", 4), holding("resident", 4)],
      after: [holding("resident", 4)],
      action: "moderation.act",
      was: Y,
      now: N,
    },
    {
      // Revoking the holding at the node leaves the one inherited from the street in force.
      what: "the committee holding at 4 (still held at the street)",
      before: [holding("committee", 4), holding("committee", 3)],
      after: [holding("committee", 3)],
      action: "role.manage",
      was: Y,
      now: Y,
    },
    {
      // No longer a resident: may ask to join again.
      what: "the resident holding at the street",
      before: [holding("resident", 3)],
      after: [],
      action: "membership.request",
      was: N,
      now: Y,
    },
  ] as const)("revoking $what: $action $was → $now", ({ before, after, action, was, now }) => {
    expect(can(actor(before), action, COMMUNITY)).toBe(was);
    expect(can(actor(after), action, COMMUNITY)).toBe(now);
  });
});

describe("effectiveRoles", () => {
  const person = actor([
    holding("council", 1),
    holding("committee", 3),
    holding("resident", 4),
    holding("grid_worker", 5),
    holding("moderator", 7),
    holding("admin", 99),
  ]);

  it.each([
    { id: 1, expected: ["council"] },
    { id: 2, expected: ["council"] },
    { id: 3, expected: ["council", "committee"] },
    { id: 4, expected: ["council", "committee", "resident"] },
    { id: 5, expected: ["council", "committee", "resident", "grid_worker"] },
    { id: 6, expected: ["council", "committee", "resident", "grid_worker"] },
    { id: 7, expected: ["council", "committee", "moderator"] },
  ] as const)("unions the roles held at node $id and its ancestors", ({ id, expected }) => {
    expect(effectiveRoles(person, NODE[id]!)).toEqual(new Set(expected));
  });

  it("is empty for a person without holdings and for an empty path", () => {
    expect(effectiveRoles(actor([]), COMMUNITY)).toEqual(new Set());
    expect(effectiveRoles(person, { communityPath: [], level: "city" })).toEqual(new Set());
  });

  it("lists a role held at two nodes once", () => {
    const twice = actor([holding("resident", 1), holding("resident", 4)]);
    expect([...effectiveRoles(twice, COMMUNITY)]).toEqual(["resident"]);
  });
});

describe("grantableRoles and canGrantRole", () => {
  /* Which roles each role, when it applies at community 4, may grant there. */
  const GRANTABLE: Record<Role, Role[]> = {
    resident: [],
    grid_worker: [],
    committee: ["grid_worker", "moderator"],
    council: [],
    moderator: [],
    admin: ["resident", "grid_worker", "committee", "council", "moderator", "admin"],
  };

  const listCases = ROLES.flatMap((role) =>
    RELATIONS.map(({ relation, communityId, applies }) => ({
      role,
      relation,
      communityId,
      expected: applies ? GRANTABLE[role] : [],
    })),
  );
  it.each(listCases)(
    "$role $relation may grant at community 4: $expected",
    ({ role, communityId, expected }) => {
      expect(grantableRoles(actor([holding(role, communityId)]), COMMUNITY)).toEqual(expected);
    },
  );

  // prettier-ignore
  const MAY_GRANT: Record<Role, Record<Role, boolean>> = {
    //            grants →  resident  grid_worker  committee  council  moderator  admin
    resident:    { resident: N, grid_worker: N, committee: N, council: N, moderator: N, admin: N },
    grid_worker: { resident: N, grid_worker: N, committee: N, council: N, moderator: N, admin: N },
    committee:   { resident: N, grid_worker: Y, committee: N, council: N, moderator: Y, admin: N },
    council:     { resident: N, grid_worker: N, committee: N, council: N, moderator: N, admin: N },
    moderator:   { resident: N, grid_worker: N, committee: N, council: N, moderator: N, admin: N },
    admin:       { resident: Y, grid_worker: Y, committee: Y, council: Y, moderator: Y, admin: Y },
  };
  const grantCases = ROLES.flatMap((holder) =>
    ROLES.map((target) => ({ holder, target, expected: MAY_GRANT[holder][target] })),
  );
  it.each(grantCases)(
    "$holder held at the street may grant $target at community 4 → $expected",
    ({ holder, target, expected }) => {
      expect(canGrantRole(actor([holding(holder, 3)]), target, COMMUNITY)).toBe(expected);
    },
  );
  it.each(grantCases)(
    "$holder held at the sibling 7 may grant $target at community 4 → false",
    ({ holder, target }) => {
      expect(canGrantRole(actor([holding(holder, 7)]), target, COMMUNITY)).toBe(false);
    },
  );

  it("adds up the grants of several roles, in the order of ROLES", () => {
    const person = actor([
      holding("moderator", 4),
      holding("committee", 1),
      holding("resident", 4),
    ]);
    expect(grantableRoles(person, COMMUNITY)).toEqual(["grid_worker", "moderator"]);
    const both = actor([holding("committee", 4), holding("admin", 1)]);
    expect(grantableRoles(both, COMMUNITY)).toEqual([...ROLES]);
  });

  it("does not let a committee grant upward at the street it does not hold", () => {
    const committee = actor([holding("committee", 4)]);
    expect(grantableRoles(committee, NODE[3]!)).toEqual([]);
    expect(grantableRoles(committee, NODE[6]!)).toEqual(["grid_worker", "moderator"]);
  });

  it("returns a fresh array each time", () => {
    const admin = actor([holding("admin", 1)]);
    const first = grantableRoles(admin, COMMUNITY);
    first.pop();
    expect(grantableRoles(admin, COMMUNITY)).toEqual([...ROLES]);
  });
});

describe("defensive defaults", () => {
  it("denies an action that is not in ACTIONS", () => {
    const admin = actor([holding("admin", 1), holding("resident", 1)]);
    expect(can(admin, "everything" as Action, COMMUNITY)).toBe(false);
    expect(can(admin, "toString" as Action, COMMUNITY)).toBe(false);
    expect(can(null, "__proto__" as Action, COMMUNITY)).toBe(false);
  });

  it("grants nothing beyond reading on a node with an empty path", () => {
    const admin = actor([holding("admin", 1)]);
    const nowhere: CommunityResource = { communityPath: [], level: "community" };
    expect(can(admin, "community.manage", nowhere)).toBe(false);
    expect(can(admin, "community.read", nowhere)).toBe(true);
  });
});
