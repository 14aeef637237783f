import { describe, expect, it } from "vitest";
import { ACTIONS, can, rolesFor, type Actor, type CommunityResource } from "~/domain/policy";
import { ROLES, type Role } from "~/domain/roles";

/** A community node (the level every level-bound row allows), its path 1 > 2 > 3 > 4. */
const COMMUNITY: CommunityResource = { communityPath: [1, 2, 3, 4], level: "community" };

function holding(role: Role | null): Actor {
  return {
    id: "person-1",
    emailVerified: true,
    roles: role === null ? [] : [{ role, communityId: 4 }],
  };
}

describe("rolesFor", () => {
  it("names the table's roles for the actions a refusal page explains", () => {
    expect(rolesFor("vote.manage")).toEqual(["committee", "admin"]);
    expect(rolesFor("community.manage")).toEqual(["admin"]);
    expect(rolesFor("vote.cast")).toEqual(["resident"]);
    expect(rolesFor("content.report")).toBe("verified");
    expect(rolesFor("community.read")).toBe("anyone");
  });

  // Agreement with `can`: the answer is read from the same table, never kept beside it.
  it.each(ACTIONS)("%s: exactly the named roles allow it, on their own", (action) => {
    const who = rolesFor(action);
    if (who === "anyone") {
      expect(can(null, action, COMMUNITY)).toBe(true);
    } else if (who === "verified") {
      expect(can(null, action, COMMUNITY)).toBe(false);
      expect(can(holding(null), action, COMMUNITY)).toBe(true);
    } else {
      expect(who.length).toBeGreaterThan(0);
      expect(can(holding(null), action, COMMUNITY)).toBe(false);
      for (const role of ROLES) {
        expect(can(holding(role), action, COMMUNITY), role).toBe(who.includes(role));
      }
    }
  });
});
