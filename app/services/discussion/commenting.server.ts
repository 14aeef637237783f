/**
 * Writing in a proposal's discussion: posting a comment or a reply, editing and deleting one's own.
 * Comments and replies are taken while the proposal takes them (~/domain/policy `commentsOpen`); edits
 * follow the same rule and the 15-minute window; deleting one's own comment is always possible.
 * `comment_count` counts what readers see: comments and replies neither deleted nor hidden.
 *
 * Owns `comments`; keeps `proposals.comment_count` in the act that changes it; writes
 * `proposal_followers` through the proposals' followers; notifies.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database, Transaction } from "../../../db/client";
import { comments, proposals } from "../../../db/schema";
import type { ProposalStatus } from "~/domain/proposal-lifecycle";
import {
  can,
  commentDeleteRefusal,
  commentEditRefusal,
  commentsOpen,
  type Actor,
  type CommentEditRefusal,
} from "~/domain/policy";
import { LIMITS, type Stance } from "~/domain/proposals";
import { commitAct } from "../acts.server";
import type { MailDelivery } from "../notifications.server";
import { addFollowers } from "../proposals/followers.server";
import { followersOf, type ProposalContext } from "../proposals/index.server";
import { commentPath, pageOfComment } from "./comments.server";

export type CreateRefusal = "forbidden" | "closed" | "noSuchParent" | "tooDeep";

export interface NewComment {
  proposal: ProposalContext;
  actor: Actor | null;
  /** The commenter's display name, for the notifications. */
  authorName: string;
  stance: Stance;
  body: string;
  /** A top-level comment of the same proposal, for a reply. */
  parentId?: number | null;
  mail?: MailDelivery;
  now?: Date;
}

function checkBody(body: string) {
  if (body.trim() === "" || body.length > LIMITS.comment)
    throw new RangeError(`comment body must be 1–${LIMITS.comment} characters`);
}

/**
 * Posts a comment, or a reply to a top-level comment. In one act: the comment, the count, the
 * commenter following the proposal, and notifications: a reply's parent author hears "replied to you";
 * every other follower "new comment"; nobody twice, and never the commenter.
 */
export async function createComment(
  db: Database,
  input: NewComment,
): Promise<{ ok: true; id: number; path: string } | { ok: false; reason: CreateRefusal }> {
  const { proposal, actor } = input;
  if (!actor || !can(actor, "comment.create", proposal.resource))
    return { ok: false, reason: "forbidden" };
  if (!commentsOpen(proposal)) return { ok: false, reason: "closed" };
  checkBody(input.body);
  const parentId = input.parentId ?? null;
  const result = await commitAct<{ id: number; path: string }, CreateRefusal>(
    db,
    input.mail,
    async ({ tx, notify, refuse }) => {
      // Counting first re-reads the status under a row lock: a vote opened meanwhile closes comments.
      const [counted] = await tx
        .update(proposals)
        .set({ commentCount: sql`${proposals.commentCount} + 1` })
        .where(eq(proposals.id, proposal.id))
        .returning({ status: proposals.status, hiddenAt: proposals.hiddenAt });
      const current = counted && {
        status: counted.status as ProposalStatus,
        hidden: !!counted.hiddenAt,
      };
      if (!current || !commentsOpen(current)) return refuse("closed");
      let parentAuthor: string | null = null;
      if (parentId !== null) {
        const [parent] = await tx
          .select({
            parentId: comments.parentId,
            authorId: comments.authorId,
            deletedAt: comments.deletedAt,
            hiddenAt: comments.hiddenAt,
          })
          .from(comments)
          .where(and(eq(comments.id, parentId), eq(comments.proposalId, proposal.id)));
        if (!parent || parent.deletedAt || parent.hiddenAt) return refuse("noSuchParent");
        if (parent.parentId !== null) return refuse("tooDeep");
        parentAuthor = parent.authorId;
      }
      const [row] = await tx
        .insert(comments)
        .values({
          proposalId: proposal.id,
          parentId,
          authorId: actor.id,
          stance: parentId === null ? input.stance : "neutral",
          body: input.body,
          createdAt: input.now ?? new Date(),
        })
        .returning({ id: comments.id });
      const id = row!.id;
      await addFollowers(tx, proposal.id, [actor.id]);
      const path = commentPath(proposal.id, id, await pageOfComment(tx, proposal.id, id));
      const values = { name: input.authorName, title: proposal.title };
      if (parentAuthor !== null && parentAuthor !== actor.id) {
        await notify([parentAuthor], {
          kind: "proposal.reply",
          values,
          link: path,
          communitySlug: proposal.communitySlug,
        });
      }
      const followers = (await followersOf(tx, proposal.id)).filter(
        (userId) => userId !== actor.id && userId !== parentAuthor,
      );
      await notify(followers, {
        kind: "proposal.comment",
        values,
        link: path,
        communitySlug: proposal.communitySlug,
      });
      return { id, path };
    },
  );
  return result.ok ? { ok: true, ...result.value } : result;
}

export type EditRefusal = CommentEditRefusal;

/** Changes one's own comment: within the edit window, while comments are open, if not hidden. */
export async function editComment(
  db: Database,
  input: {
    proposal: ProposalContext;
    commentId: number;
    actor: Actor | null;
    body: string;
    now?: Date;
  },
): Promise<{ ok: true; path: string } | { ok: false; reason: EditRefusal }> {
  const { actor } = input;
  const now = input.now ?? new Date();
  checkBody(input.body);
  const [comment] = await db
    .select()
    .from(comments)
    .where(and(eq(comments.id, input.commentId), eq(comments.proposalId, input.proposal.id)));
  if (!comment) return { ok: false, reason: "notFound" };
  const refusal = commentEditRefusal(actor, factsOf(comment), input.proposal, now);
  if (refusal !== null || !actor) return { ok: false, reason: refusal ?? "notYours" };
  const updated = await db
    .update(comments)
    .set({ body: input.body, editedAt: now })
    .where(
      and(
        eq(comments.id, comment.id),
        eq(comments.authorId, actor.id),
        isNull(comments.deletedAt),
        isNull(comments.hiddenAt),
      ),
    )
    .returning({ id: comments.id });
  if (updated.length === 0) return { ok: false, reason: "notEditable" };
  const page = await pageOfComment(db, input.proposal.id, comment.id);
  return { ok: true, path: commentPath(input.proposal.id, comment.id, page) };
}

export type DeleteRefusal = "notFound" | "notYours";

/**
 * Deletes one's own comment: the row stays (its replies keep their context) and shows as "deleted by
 * its author"; the text is no longer shown to anyone.
 */
export async function deleteComment(
  db: Database,
  input: { proposalId: number; commentId: number; actor: Actor | null; now?: Date },
): Promise<{ ok: true; path: string } | { ok: false; reason: DeleteRefusal }> {
  const { actor } = input;
  const [comment] = await db
    .select({ authorId: comments.authorId, deletedAt: comments.deletedAt })
    .from(comments)
    .where(and(eq(comments.id, input.commentId), eq(comments.proposalId, input.proposalId)));
  if (!comment) return { ok: false, reason: "notFound" };
  const refusal = commentDeleteRefusal(actor, { ...comment, deleted: comment.deletedAt !== null });
  if (refusal !== null || !actor) return { ok: false, reason: refusal ?? "notYours" };
  // Where it was on the page before it went (a deleted comment without replies leaves the list).
  const page = await pageOfComment(db, input.proposalId, input.commentId);
  const deleted = await commitAct<void, "notFound">(db, undefined, async ({ tx, refuse }) => {
    const [row] = await tx
      .update(comments)
      .set({ deletedAt: input.now ?? new Date() })
      .where(
        and(
          eq(comments.id, input.commentId),
          eq(comments.authorId, actor.id),
          isNull(comments.deletedAt),
        ),
      )
      .returning({ hiddenAt: comments.hiddenAt });
    if (!row) return refuse("notFound");
    // A hidden comment was already out of the count.
    if (!row.hiddenAt) await bumpCount(tx, input.proposalId, -1);
  });
  if (!deleted.ok) return deleted;
  return {
    ok: true,
    path: `/proposals/${input.proposalId}${page > 1 ? `?page=${page}` : ""}#comments`,
  };
}

function factsOf(comment: typeof comments.$inferSelect) {
  return {
    authorId: comment.authorId,
    deleted: comment.deletedAt !== null,
    hidden: comment.hiddenAt !== null,
    createdAt: comment.createdAt,
  };
}

/** Moves the proposal's count of visible comments, inside the act that shows or hides one. */
export async function bumpCount(tx: Transaction, proposalId: number, by: 1 | -1) {
  await tx
    .update(proposals)
    .set({ commentCount: sql`greatest(0, ${proposals.commentCount} + ${by})` })
    .where(eq(proposals.id, proposalId));
}
