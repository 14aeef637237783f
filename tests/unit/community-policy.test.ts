import { describe, expect, it } from "vitest";
import {
  type Actor,
  type CommunityResource,
  mayDecideMembership,
  mayMoveCommunity,
  mayRedeemHouseholdCode,
  mayRevokeRole,
  membershipDecisionRefusal,
  type RoleHolding,
} from "~/domain/policy";
import { ROLES, type Role } from "~/domain/roles";

/*
 * The fixed tree:
 *
 *   city 1 > district 2 > street 3 > community 4 > grid 5
 *                       > street 8 > community 9 > grid 10
 */
const NODE: Record<number, CommunityResource> = {
  1: { communityPath: [1], level: "city" },
  2: { communityPath: [1, 2], level: "district" },
  3: { communityPath: [1, 2, 3], level: "street" },
  4: { communityPath: [1, 2, 3, 4], level: "community" },
  5: { communityPath: [1, 2, 3, 4, 5], level: "grid" },
  8: { communityPath: [1, 2, 8], level: "street" },
  9: { communityPath: [1, 2, 8, 9], level: "community" },
  10: { communityPath: [1, 2, 8, 9, 10], level: "grid" },
};

function actor(holdings: readonly RoleHolding[], emailVerified = true, id = "person-1"): Actor {
  return { id, emailVerified, roles: holdings };
}
function holding(role: Role, communityId: number): RoleHolding {
  return { role, communityId };
}

describe("moving a community needs community.manage at the node and at the new parent", () => {
  // Grid 5 (under community 4) moves under community 9, in the other street.
  const cases: Array<{ who: string; holdings: RoleHolding[]; expected: boolean }> = [
    { who: "admin of the whole city", holdings: [holding("admin", 1)], expected: true },
    { who: "admin of the common district", holdings: [holding("admin", 2)], expected: true },
    {
      who: "admin of both streets",
      holdings: [holding("admin", 3), holding("admin", 8)],
      expected: true,
    },
    { who: "admin of the source street only", holdings: [holding("admin", 3)], expected: false },
    {
      who: "admin of the destination street only",
      holdings: [holding("admin", 8)],
      expected: false,
    },
    { who: "admin of the grid itself only", holdings: [holding("admin", 5)], expected: false },
    {
      who: "committee at both",
      holdings: [holding("committee", 4), holding("committee", 9)],
      expected: false,
    },
    {
      who: "resident at both",
      holdings: [holding("resident", 4), holding("resident", 9)],
      expected: false,
    },
    { who: "nobody in particular", holdings: [], expected: false },
  ];
  it.each(cases)("$who → $expected", ({ holdings, expected }) => {
    expect(mayMoveCommunity(actor(holdings), NODE[5]!, NODE[9]!)).toBe(expected);
  });

  it("refuses anonymous visitors and unverified admins", () => {
    expect(mayMoveCommunity(null, NODE[5]!, NODE[9]!)).toBe(false);
    expect(mayMoveCommunity(actor([holding("admin", 1)], false), NODE[5]!, NODE[9]!)).toBe(false);
  });
});

describe("revoking a role: the same people who may grant it", () => {
  // prettier-ignore
  const REVOCABLE: Record<Role, readonly Role[]> = {
    resident: [],
    grid_worker: [],
    committee: ["grid_worker", "moderator"],
    council: [],
    moderator: [],
    admin: ROLES,
  };
  for (const holder of ROLES) {
    for (const target of ROLES) {
      const expected = REVOCABLE[holder].includes(target);
      it(`${holder} at the community revokes ${target} there → ${expected}`, () => {
        expect(mayRevokeRole(actor([holding(holder, 4)]), { role: target }, NODE[4]!)).toBe(
          expected,
        );
      });
    }
  }

  it("holds below the node where the right is held, never above it or beside it", () => {
    const committee = actor([holding("committee", 4)]);
    expect(mayRevokeRole(committee, { role: "moderator" }, NODE[5]!)).toBe(true);
    expect(mayRevokeRole(committee, { role: "moderator" }, NODE[3]!)).toBe(false);
    expect(mayRevokeRole(committee, { role: "moderator" }, NODE[9]!)).toBe(false);
  });

  it("refuses anonymous visitors and unverified admins", () => {
    expect(mayRevokeRole(null, { role: "resident" }, NODE[4]!)).toBe(false);
    expect(mayRevokeRole(actor([holding("admin", 1)], false), { role: "resident" }, NODE[4]!)).toBe(
      false,
    );
  });
});

describe("deciding a join request", () => {
  const request = { userId: "applicant" };
  // prettier-ignore
  const cases: Array<{ who: string; person: Actor | null; at: number; expected: "forbidden" | "ownRequest" | null }> = [
    { who: "committee of the community", person: actor([holding("committee", 4)]), at: 4, expected: null },
    { who: "committee of the street above", person: actor([holding("committee", 3)]), at: 4, expected: null },
    { who: "admin of the city", person: actor([holding("admin", 1)]), at: 4, expected: null },
    { who: "committee of another community", person: actor([holding("committee", 9)]), at: 4, expected: "forbidden" },
    { who: "grid worker", person: actor([holding("grid_worker", 4)]), at: 4, expected: "forbidden" },
    { who: "council", person: actor([holding("council", 2)]), at: 4, expected: "forbidden" },
    { who: "resident", person: actor([holding("resident", 4)]), at: 4, expected: "forbidden" },
    { who: "unverified committee", person: actor([holding("committee", 4)], false), at: 4, expected: "forbidden" },
    { who: "anonymous visitor", person: null, at: 4, expected: "forbidden" },
    // Requests are made and decided at communities only.
    { who: "committee at a grid", person: actor([holding("committee", 4)]), at: 5, expected: "forbidden" },
  ];
  it.each(cases)("$who → $expected", ({ person, at, expected }) => {
    expect(membershipDecisionRefusal(person, NODE[at]!, request)).toBe(expected);
    expect(mayDecideMembership(person, NODE[at]!, request)).toBe(expected === null);
  });

  it("nobody decides their own request, not even an admin", () => {
    for (const role of ["committee", "admin"] as const) {
      const reviewer = actor([holding(role, 4)], true, "applicant");
      expect(membershipDecisionRefusal(reviewer, NODE[4]!, request)).toBe("ownRequest");
      expect(mayDecideMembership(reviewer, NODE[4]!, request)).toBe(false);
    }
  });
});

describe("using a household code", () => {
  it("needs a signed-in person whose email is verified, whatever their roles", () => {
    expect(mayRedeemHouseholdCode(null)).toBe(false);
    expect(mayRedeemHouseholdCode(actor([], false))).toBe(false);
    expect(mayRedeemHouseholdCode(actor([holding("admin", 1)], false))).toBe(false);
    expect(mayRedeemHouseholdCode(actor([]))).toBe(true);
    expect(mayRedeemHouseholdCode(actor([holding("resident", 9)]))).toBe(true);
  });
});
