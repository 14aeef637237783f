import { describe, expect, it } from "vitest";
import {
  availableTransitions,
  check,
  PROPOSAL_STATUSES,
  textEditable,
  TRANSITION_NAMES,
  type ProposalStatus,
  type TransitionContext,
  type TransitionName,
} from "~/domain/proposal-lifecycle";
import type { Role } from "~/domain/roles";

/** Every requirement met, so that a refusal below comes from the status or the actor. */
const READY: Omit<TransitionContext, "actorIsAuthor" | "actorRoles"> = {
  supports: 30,
  supportThreshold: 20,
  hearingsHeld: 1,
  voteClosed: true,
  outcome: "adopted",
  hasImplementationPlan: true,
  openMilestones: 0,
};

const ACTORS: Record<string, { actorIsAuthor: boolean; actorRoles: ReadonlySet<Role> }> = {
  author: { actorIsAuthor: true, actorRoles: new Set<Role>(["resident"]) },
  resident: { actorIsAuthor: false, actorRoles: new Set<Role>(["resident"]) },
  committee: { actorIsAuthor: false, actorRoles: new Set<Role>(["committee"]) },
  council: { actorIsAuthor: false, actorRoles: new Set<Role>(["council"]) },
  admin: { actorIsAuthor: false, actorRoles: new Set<Role>(["admin"]) },
  moderator: { actorIsAuthor: false, actorRoles: new Set<Role>(["moderator"]) },
};

// The allowed moves, written out by hand: [from, transition, to, actors who may].
const ALLOWED: Array<[ProposalStatus, TransitionName, ProposalStatus, string[]]> = [
  ["draft", "publish", "open", ["author"]],
  ["open", "startDeliberation", "deliberation", ["committee", "council", "admin"]],
  ["deliberation", "openVote", "voting", ["committee", "council", "admin"]],
  ["voting", "decide", "decided", ["committee", "council", "admin"]],
  ["decided", "startImplementation", "implementing", ["committee", "council", "admin"]],
  ["implementing", "complete", "completed", ["committee", "council", "admin"]],
  ["draft", "withdraw", "withdrawn", ["author", "committee", "council", "admin"]],
  ["open", "withdraw", "withdrawn", ["author", "committee", "council", "admin"]],
  ["deliberation", "withdraw", "withdrawn", ["author", "committee", "council", "admin"]],
];

const cases = PROPOSAL_STATUSES.flatMap((status) =>
  TRANSITION_NAMES.flatMap((transition) =>
    Object.keys(ACTORS).map((actor) => [status, transition, actor] as const),
  ),
);

describe("proposal lifecycle", () => {
  it.each(cases)("%s --%s--> by %s", (status, transition, actor) => {
    const rule = ALLOWED.find(([from, name]) => from === status && name === transition);
    const result = check(status, transition, { ...READY, ...ACTORS[actor]! });
    if (!rule) expect(result).toEqual({ ok: false, reason: "wrongStatus" });
    else if (!rule[3].includes(actor)) expect(result).toEqual({ ok: false, reason: "notAllowed" });
    else expect(result).toEqual({ ok: true, to: rule[2] });
  });

  it.each([
    ["open", "startDeliberation", { supports: 19 }, "thresholdReached"],
    ["deliberation", "openVote", { hearingsHeld: 0 }, "hearingHeld"],
    ["voting", "decide", { voteClosed: false }, "voteClosed"],
    ["decided", "startImplementation", { outcome: "rejected" }, "adopted"],
    ["decided", "startImplementation", { hasImplementationPlan: false }, "planExists"],
    ["implementing", "complete", { openMilestones: 2 }, "milestonesDone"],
  ] as const)("%s --%s--> refused when %j (%s)", (status, transition, facts, reason) => {
    expect(check(status, transition, { ...READY, ...ACTORS.committee!, ...facts })).toEqual({
      ok: false,
      reason,
    });
  });

  it("reaches the threshold exactly at the threshold", () => {
    expect(
      check("open", "startDeliberation", { ...READY, ...ACTORS.committee!, supports: 20 }).ok,
    ).toBe(true);
  });

  it("lists only the moves the actor can make now", () => {
    expect(availableTransitions("draft", { ...READY, ...ACTORS.author! })).toEqual([
      "publish",
      "withdraw",
    ]);
    expect(availableTransitions("open", { ...READY, ...ACTORS.resident! })).toEqual([]);
    expect(availableTransitions("open", { ...READY, ...ACTORS.committee!, supports: 0 })).toEqual([
      "withdraw",
    ]);
    expect(availableTransitions("completed", { ...READY, ...ACTORS.admin! })).toEqual([]);
  });

  it("freezes the text from the vote on", () => {
    expect(PROPOSAL_STATUSES.filter(textEditable)).toEqual(["draft", "open", "deliberation"]);
  });
});
