import { describe, expect, it } from "vitest";
import {
  can,
  mayManageVote,
  mayProxy,
  mayProxyFor,
  PROXY_ROLES,
  type Actor,
  type CommunityResource,
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
  3: { communityPath: [1, 2, 3], level: "street" },
  4: { communityPath: [1, 2, 3, 4], level: "community" },
  5: { communityPath: [1, 2, 3, 4, 5], level: "grid" },
  6: { communityPath: [1, 2, 3, 4, 5, 6], level: "building" },
  7: { communityPath: [1, 2, 3, 7], level: "community" },
};
/** A vote of community 4: its area is 4 and everything below it. */
const VOTE = { resource: NODE[4]!, area: [4, 5, 6] };

const person = (roles: readonly RoleHolding[], emailVerified = true): Actor => ({
  id: "p",
  emailVerified,
  roles,
});
const holds = (role: Role, communityId: number) => person([{ role, communityId }]);

describe("mayManageVote", () => {
  it.each<[string, Actor | null, boolean]>([
    ["committee at the vote's node", holds("committee", 4), true],
    ["committee above it", holds("committee", 3), true],
    ["admin at the root", holds("admin", 1), true],
    ["committee of a grid below", holds("committee", 5), false],
    ["committee of a sibling", holds("committee", 7), false],
    ["a resident", holds("resident", 4), false],
    ["a grid worker", holds("grid_worker", 4), false],
    [
      "committee, email not verified",
      person([{ role: "committee", communityId: 4 }], false),
      false,
    ],
    ["nobody signed in", null, false],
  ])("%s → %s", (_, actor, expected) => {
    expect(mayManageVote(actor, VOTE)).toBe(expected);
  });
});

describe("mayProxy", () => {
  it.each<[string, Actor | null, boolean]>([
    ["a grid worker at the vote's node", holds("grid_worker", 4), true],
    ["a grid worker of a grid below", holds("grid_worker", 5), true],
    ["a grid worker of a building further below", holds("grid_worker", 6), true],
    ["a committee member above", holds("committee", 3), true],
    ["an admin at the root", holds("admin", 1), true],
    ["a grid worker of a sibling community", holds("grid_worker", 7), false],
    ["a resident of the vote's node", holds("resident", 4), false],
    ["a moderator", holds("moderator", 4), false],
    ["a council member", holds("council", 4), false],
    [
      "a grid worker below, email not verified",
      person([{ role: "grid_worker", communityId: 5 }], false),
      false,
    ],
    ["nobody signed in", null, false],
  ])("%s → %s", (_, actor, expected) => {
    expect(mayProxy(actor, VOTE)).toBe(expected);
  });

  it("names exactly the roles that hold vote.proxy in can()", () => {
    for (const role of ROLES)
      expect([role, can(holds(role, 4), "vote.proxy", NODE[4]!)]).toEqual([
        role,
        PROXY_ROLES.includes(role),
      ]);
  });
});

describe("mayProxyFor", () => {
  const gridResident = { vote: VOTE, voterHomes: [NODE[5]!] };
  it.each<[string, Actor | null, { vote: typeof VOTE; voterHomes: CommunityResource[] }, boolean]>([
    ["a grid worker of the resident's grid", holds("grid_worker", 5), gridResident, true],
    [
      "a grid worker at the vote's node, for anyone",
      holds("grid_worker", 4),
      { vote: VOTE, voterHomes: [] },
      true,
    ],
    ["a grid worker of another grid", holds("grid_worker", 6), gridResident, false],
    [
      "a grid worker of a grid, for a resident of the community itself",
      holds("grid_worker", 5),
      { vote: VOTE, voterHomes: [NODE[4]!] },
      false,
    ],
    [
      "a grid worker of a grid, for a resident with no home",
      holds("grid_worker", 5),
      { vote: VOTE, voterHomes: [] },
      false,
    ],
    ["a resident of the same grid", holds("resident", 5), gridResident, false],
    [
      "a grid worker, email not verified",
      person([{ role: "grid_worker", communityId: 5 }], false),
      gridResident,
      false,
    ],
    ["nobody signed in", null, gridResident, false],
  ])("%s → %s", (_, actor, facts, expected) => {
    expect(mayProxyFor(actor, facts)).toBe(expected);
  });
});
