/**
 * Who may do what with a proposal: pure functions of the facts a decision needs (the proposal's
 * status, community, authors and invited co-authors, whether it is hidden or was ever published, and
 * the actor). The proposals service, the routes and the live document's authorizer all ask here.
 */
import type { ProposalStatus } from "../proposal-lifecycle";
import { textEditable } from "../proposal-lifecycle";
import { can, effectiveRoles, type Actor, type CommunityResource } from "./can";

/** What the policy needs to know of a proposal. */
export interface ProposalFacts {
  status: ProposalStatus;
  /** The proposal's community in the tree. */
  resource: CommunityResource;
  /** Accepted authors (the one who raised it and co-authors who accepted). */
  authorIds: readonly string[];
  /** Co-authors invited who have not answered yet. */
  invitedIds: readonly string[];
  hidden: boolean;
  /** Whether it was ever published (a draft withdrawn before publication stays private). */
  published: boolean;
}

const isAuthor = (actor: Actor | null, proposal: Pick<ProposalFacts, "authorIds">) =>
  actor !== null && proposal.authorIds.includes(actor.id);

/** An accepted author whose email is verified: the one who speaks for the proposal. */
const isVerifiedAuthor = (actor: Actor | null, proposal: Pick<ProposalFacts, "authorIds">) =>
  actor !== null && actor.emailVerified && isAuthor(actor, proposal);

/** Committee, council and admin look after a community's matters (drafts included). */
function looksAfter(actor: Actor | null, resource: CommunityResource): boolean {
  const roles = effectiveRoles(actor, resource);
  return (
    actor?.emailVerified === true &&
    (["committee", "council", "admin"] as const).some((r) => roles.has(r))
  );
}

/**
 * Who may see a proposal at all: drafts only their authors (and invited co-authors) and those who look
 * after the community; everything else is public, as a resident's right to know. A hidden proposal is
 * still found (the page shows why it was hidden); its text only to its authors and moderators.
 */
export function mayView(actor: Actor | null, proposal: ProposalFacts): boolean {
  // A draft that was withdrawn without ever being published stays private.
  if (proposal.status !== "draft" && proposal.published) return true;
  if (!actor) return false;
  return (
    proposal.authorIds.includes(actor.id) ||
    proposal.invitedIds.includes(actor.id) ||
    looksAfter(actor, proposal.resource)
  );
}

/** Whether the hidden text may be shown to this person (authors and moderators). */
export function mayReadHidden(
  actor: Actor | null,
  proposal: Pick<ProposalFacts, "authorIds" | "resource">,
): boolean {
  if (!actor) return false;
  return isAuthor(actor, proposal) || can(actor, "moderation.act", proposal.resource);
}

/** Authors edit the text (and title, summary, category) while it is editable and not hidden. */
export function mayEditText(
  actor: Actor | null,
  proposal: Pick<ProposalFacts, "authorIds" | "status" | "hidden">,
): boolean {
  return isVerifiedAuthor(actor, proposal) && textEditable(proposal.status) && !proposal.hidden;
}

/**
 * The live document's access: authors edit while the text is editable; members of the community (any
 * role there) and invited co-authors follow it read-only; anyone else is refused at the upgrade.
 */
export function documentAccessFor(
  actor: Actor | null,
  proposal: ProposalFacts,
): "edit" | "read" | null {
  if (!actor || !mayView(actor, proposal)) return null;
  if (mayEditText(actor, proposal)) return "edit";
  if (proposal.hidden && !mayReadHidden(actor, proposal)) return null;
  const member =
    proposal.authorIds.includes(actor.id) ||
    proposal.invitedIds.includes(actor.id) ||
    can(actor, "comment.create", proposal.resource);
  return member ? "read" : null;
}

/** Supports are given while a proposal gathers support or is being deliberated. */
export const SUPPORTABLE: readonly ProposalStatus[] = ["open", "deliberation"];

/** Residents of the community support it; its authors' support goes without saying (not counted). */
export function maySupport(
  actor: Actor | null,
  proposal: Pick<ProposalFacts, "authorIds" | "status" | "hidden" | "resource">,
): boolean {
  return (
    SUPPORTABLE.includes(proposal.status) &&
    actor !== null &&
    !proposal.authorIds.includes(actor.id) &&
    !proposal.hidden &&
    can(actor, "proposal.support", proposal.resource)
  );
}

/** One's support is taken back only while the proposal still gathers support. */
export function mayWithdrawSupport(
  actor: Actor | null,
  proposal: Pick<ProposalFacts, "status">,
): boolean {
  return actor !== null && proposal.status === "open";
}

/** Authors invite co-authors. */
export function mayInviteCoauthor(
  actor: Actor | null,
  proposal: Pick<ProposalFacts, "authorIds">,
): boolean {
  return isVerifiedAuthor(actor, proposal);
}

/** The invited person, and only they, answers the invitation. */
export function mayAnswerInvitation(
  actor: Actor | null,
  proposal: Pick<ProposalFacts, "invitedIds">,
): boolean {
  return actor !== null && proposal.invitedIds.includes(actor.id);
}

/** Authors save the text as it is now under a name (at any status: it only records). */
export function maySaveVersion(
  actor: Actor | null,
  proposal: Pick<ProposalFacts, "authorIds">,
): boolean {
  return isVerifiedAuthor(actor, proposal);
}

/** Restoring an old version is an edit of the text. */
export const mayRestoreVersion = mayEditText;

/** A draft is followed only by its authors; a published proposal by anyone signed in. */
export function mayFollow(
  actor: Actor | null,
  proposal: Pick<ProposalFacts, "authorIds" | "status">,
): boolean {
  return actor !== null && (proposal.status !== "draft" || isAuthor(actor, proposal));
}

/** A hearing is recorded on a proposal being taken up: open or in deliberation. */
export const HEARING_STATUSES: readonly ProposalStatus[] = ["open", "deliberation"];

/** The committee (vote.manage at the proposal's community) records a hearing that was held. */
export function mayRecordHearing(
  actor: Actor | null,
  proposal: Pick<ProposalFacts, "resource">,
): boolean {
  return can(actor, "vote.manage", proposal.resource);
}

/** Only a resident of the proposal's community (there or above) may be invited to co-author it. */
export function mayCoauthor(invitee: Actor, proposal: Pick<ProposalFacts, "resource">): boolean {
  return effectiveRoles(invitee, proposal.resource).has("resident");
}
