/**
 * Who may run a vote and who may cast for someone else: pure functions of facts the votes service
 * gathers (the vote's node and the communities below it, where a resident lives). Casting for
 * oneself is decided by the frozen electorate (a fact about the vote, checked where the ballot is
 * recorded), and `vote.cast` in `can`.
 */
import type { Role } from "../roles";
import { can, type Actor, type CommunityResource } from "./can";

/** What the policy needs to know of a vote: its node, and its area (the node and every node below). */
export interface VoteFacts {
  resource: CommunityResource;
  /** Ids of the vote's community and of every community below it. */
  area: readonly number[];
}

/**
 * The roles that hold `vote.proxy` (the table in `can.ts`): a holding of one of them anywhere in a
 * vote's area lets its holder act for the residents there. A unit test keeps the two in step.
 */
export const PROXY_ROLES: readonly Role[] = ["grid_worker", "committee", "admin"];

/** Who may run a vote (open it, paper batches, the electorate list): committee and admin at its node. */
export function mayManageVote(actor: Actor | null, vote: Pick<VoteFacts, "resource">): boolean {
  return can(actor, "vote.manage", vote.resource);
}

/**
 * May the actor record ballots by proxy somewhere in the vote's area (and so see the proxy page):
 * `vote.proxy` at the vote's node, or a proxy role held at a community below it (a grid worker of
 * one grid acts for the residents of that grid).
 */
export function mayProxy(actor: Actor | null, vote: VoteFacts): boolean {
  if (!actor?.emailVerified) return false;
  if (can(actor, "vote.proxy", vote.resource)) return true;
  const area = new Set(vote.area);
  return actor.roles.some((h) => PROXY_ROLES.includes(h.role) && area.has(h.communityId));
}

/**
 * May the actor record this resident's ballot: `vote.proxy` at the vote's node or at a community the
 * resident lives in (`voterHomes`: the nodes of their current resident roles).
 */
export function mayProxyFor(
  actor: Actor | null,
  facts: { vote: Pick<VoteFacts, "resource">; voterHomes: readonly CommunityResource[] },
): boolean {
  if (can(actor, "vote.proxy", facts.vote.resource)) return true;
  return facts.voterHomes.some((home) => can(actor, "vote.proxy", home));
}
