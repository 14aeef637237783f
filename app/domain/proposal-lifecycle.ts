/**
 * The life of a proposal as a pure state machine:
 *
 *   draft ─publish→ open ─startDeliberation→ deliberation ─openVote→ voting ─decide→ decided
 *     decided(adopted) ─startImplementation→ implementing ─complete→ completed
 *   draft | open | deliberation ─withdraw→ withdrawn
 *
 * Each transition says who may make it (a role in the proposal's community, or being an author) and
 * what it requires; `check` answers with the first reason it cannot happen. Time and counts are
 * arguments: nothing here reads the database or the clock.
 */
import type { Role } from "./roles";

export const PROPOSAL_STATUSES = [
  "draft",
  "open",
  "deliberation",
  "voting",
  "decided",
  "implementing",
  "completed",
  "withdrawn",
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export type Outcome = "adopted" | "rejected";

export const TRANSITION_NAMES = [
  "publish",
  "startDeliberation",
  "openVote",
  "decide",
  "startImplementation",
  "complete",
  "withdraw",
] as const;
export type TransitionName = (typeof TRANSITION_NAMES)[number];

/** What a transition is judged on: the actor, and the facts about the proposal now. */
export interface TransitionContext {
  actorIsAuthor: boolean;
  /** The actor's roles that hold at the proposal's community (see permissions.effectiveRoles). */
  actorRoles: ReadonlySet<Role>;
  supports: number;
  /** Supports needed before deliberation (the community's threshold, resolved to a number). */
  supportThreshold: number;
  hearingsHeld: number;
  voteClosed: boolean;
  outcome: Outcome | null;
  hasImplementationPlan: boolean;
  openMilestones: number;
}

export type Requirement =
  "thresholdReached" | "hearingHeld" | "voteClosed" | "adopted" | "planExists" | "milestonesDone";

type Who = "author" | "committee" | "authorOrCommittee";

interface Transition {
  from: readonly ProposalStatus[];
  to: ProposalStatus;
  who: Who;
  requires: readonly Requirement[];
}

/** The whole machine as data. Admins act as committee everywhere; council may decide and close. */
export const TRANSITIONS: Record<TransitionName, Transition> = {
  // An author makes the draft public, for support and comments.
  publish: { from: ["draft"], to: "open", who: "author", requires: [] },
  // The committee takes it up once enough residents support it.
  startDeliberation: {
    from: ["open"],
    to: "deliberation",
    who: "committee",
    requires: ["thresholdReached"],
  },
  // A vote only after at least one hearing or forum was held on it.
  openVote: { from: ["deliberation"], to: "voting", who: "committee", requires: ["hearingHeld"] },
  // The decision follows the closed vote.
  decide: { from: ["voting"], to: "decided", who: "committee", requires: ["voteClosed"] },
  // Only an adopted proposal is carried out, and only with a plan.
  startImplementation: {
    from: ["decided"],
    to: "implementing",
    who: "committee",
    requires: ["adopted", "planExists"],
  },
  complete: {
    from: ["implementing"],
    to: "completed",
    who: "committee",
    requires: ["milestonesDone"],
  },
  // Authors (or the committee, e.g. for a duplicate) withdraw it before a vote.
  withdraw: {
    from: ["draft", "open", "deliberation"],
    to: "withdrawn",
    who: "authorOrCommittee",
    requires: [],
  },
};

const COMMITTEE_ROLES: readonly Role[] = ["committee", "council", "admin"];

function allowed(who: Who, ctx: TransitionContext): boolean {
  const committee = COMMITTEE_ROLES.some((role) => ctx.actorRoles.has(role));
  if (who === "author") return ctx.actorIsAuthor;
  if (who === "committee") return committee;
  return ctx.actorIsAuthor || committee;
}

const MET: Record<Requirement, (ctx: TransitionContext) => boolean> = {
  thresholdReached: (ctx) => ctx.supports >= ctx.supportThreshold,
  hearingHeld: (ctx) => ctx.hearingsHeld > 0,
  voteClosed: (ctx) => ctx.voteClosed,
  adopted: (ctx) => ctx.outcome === "adopted",
  planExists: (ctx) => ctx.hasImplementationPlan,
  milestonesDone: (ctx) => ctx.openMilestones === 0,
};

export type TransitionCheck =
  | { ok: true; to: ProposalStatus }
  | { ok: false; reason: "wrongStatus" | "notAllowed" | Requirement };

/** Whether `transition` may happen now, and to which status; else the first reason it may not. */
export function check(
  status: ProposalStatus,
  transition: TransitionName,
  ctx: TransitionContext,
): TransitionCheck {
  const rule = TRANSITIONS[transition];
  if (!rule.from.includes(status)) return { ok: false, reason: "wrongStatus" };
  if (!allowed(rule.who, ctx)) return { ok: false, reason: "notAllowed" };
  const unmet = rule.requires.find((requirement) => !MET[requirement](ctx));
  if (unmet) return { ok: false, reason: unmet };
  return { ok: true, to: rule.to };
}

/** The transitions the actor could make now (for showing only the buttons that work). */
export function availableTransitions(
  status: ProposalStatus,
  ctx: TransitionContext,
): TransitionName[] {
  return TRANSITION_NAMES.filter((name) => check(status, name, ctx).ok);
}

/**
 * Whether the text may change: while a draft, while it gathers support (its authors improve it as the
 * comments come in; every published step is kept as a version), and during deliberation (as
 * amendments). Frozen from the vote on, so that everyone sees the exact text that was voted on and
 * carried out. See docs/decisions/0009-proposal-text-editable-while-open.md.
 */
export function textEditable(status: ProposalStatus): boolean {
  return status === "draft" || status === "open" || status === "deliberation";
}
