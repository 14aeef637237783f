/**
 * Who may take part in a proposal's discussion, and who may moderate it: pure functions of the facts
 * (the proposal's status, community and whether it is hidden; the comment's author and state; the
 * actor; the time). The discussion service and the routes ask here.
 */
import type { ProposalStatus } from "../proposal-lifecycle";
import { commentEditable } from "../proposals";
import { can, type Actor, type CommunityResource } from "./can";

/**
 * Whether the proposal takes new comments, replies and edits now (whoever asks): while it is `open`
 * or in `deliberation` and not hidden. A draft is not public yet; from `voting` on, the opinions the
 * decision answers are settled; a withdrawn matter takes none.
 */
export function commentsOpen(proposal: { status: ProposalStatus; hidden: boolean }): boolean {
  return !proposal.hidden && (proposal.status === "open" || proposal.status === "deliberation");
}

/** Whether this person may comment on the proposal now: the policy, and the proposal being open. */
export function mayComment(
  actor: Actor | null,
  proposal: { status: ProposalStatus; hidden: boolean; resource: CommunityResource },
): boolean {
  return commentsOpen(proposal) && can(actor, "comment.create", proposal.resource);
}

/**
 * Whether this person may report content: any signed-in person with a verified email (abuse is seen by
 * every reader, not only by members).
 */
export function mayReport(actor: Actor | null, proposal: { resource: CommunityResource }): boolean {
  return can(actor, "content.report", proposal.resource);
}

/** Moderators (and admins) of the content's community and above hide, restore and dismiss. */
export function mayModerate(actor: Actor | null, resource: CommunityResource): boolean {
  return can(actor, "moderation.act", resource);
}

/** What the policy needs to know of a comment. */
export interface CommentFacts {
  authorId: string;
  deleted: boolean;
  hidden: boolean;
  createdAt: Date;
}

export type CommentEditRefusal = "notFound" | "notYours" | "notEditable" | "closed";

/**
 * Why this person may not change the comment now, or null when they may: only its author, while it is
 * neither deleted nor hidden, within the edit window, and while the proposal takes comments.
 */
export function commentEditRefusal(
  actor: Actor | null,
  comment: CommentFacts,
  proposal: { status: ProposalStatus; hidden: boolean },
  now: Date,
): CommentEditRefusal | null {
  if (comment.deleted) return "notFound";
  if (actor === null || comment.authorId !== actor.id) return "notYours";
  if (comment.hidden || !commentEditable(comment.createdAt, now)) return "notEditable";
  if (!commentsOpen(proposal)) return "closed";
  return null;
}

/** Why this person may not delete the comment, or null: its author may, at any time. */
export function commentDeleteRefusal(
  actor: Actor | null,
  comment: Pick<CommentFacts, "authorId" | "deleted">,
): "notFound" | "notYours" | null {
  if (comment.deleted) return "notFound";
  if (actor === null || comment.authorId !== actor.id) return "notYours";
  return null;
}
