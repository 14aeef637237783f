/**
 * Reading a proposal's discussion: opinions with a stance (two levels: comments and replies), one page
 * of top-level comments at a time, each with all its replies, the stance chart, and where a comment
 * is shown.
 *
 * - Replies answer a comment: they are not new opinions on the proposal, so the stance chart counts
 *   top-level comments only (replies are stored as `neutral`, the column being required).
 * - A deleted comment that was answered stays, as a placeholder, so the replies keep their context.
 *
 * Owns no table: reads `comments` and `users` (commenting.server is the writer of `comments`).
 */
import { and, asc, count, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Database, Transaction } from "../../../db/client";
import { comments, users } from "../../../db/schema";
import { paginate, DEFAULT_PAGE_SIZE, type PageInfo } from "~/domain/pagination";
import { mayComment, mayReport, type Actor } from "~/domain/policy";
import { commentEditable, STANCES, type Stance } from "~/domain/proposals";
import type { ProposalContext } from "../proposals/index.server";

type Writer = Database | Transaction;

/** Top-level comments per page (each with all its replies). */
export const COMMENTS_PAGE_SIZE = DEFAULT_PAGE_SIZE;

export type CommentState = "visible" | "hidden" | "deleted";

export interface CommentView {
  id: number;
  parentId: number | null;
  /** Null when the author's account was deleted ("former resident"), and for a deleted comment. */
  authorName: string | null;
  stance: Stance;
  /** The text: null for a deleted comment, and for a hidden one unless the reader wrote it. */
  body: string | null;
  state: CommentState;
  /** The moderator's reason, for a hidden comment. */
  hiddenReason: string | null;
  createdAt: string;
  editedAt: string | null;
  /** The reader wrote it (and it is not deleted). */
  mine: boolean;
  /** The reader may still edit it: theirs, visible, within the edit window. */
  editable: boolean;
}

export interface CommentThread extends CommentView {
  parentId: null;
  replies: CommentView[];
}

export interface CommentPage {
  items: CommentThread[];
  pageInfo: PageInfo;
}

/**
 * The top-level comments a reader sees: all but those deleted by their author with no live reply
 * (a deleted comment that was answered stays, as a placeholder, so the replies keep their context).
 */
function listedTopLevel(proposalId: number) {
  return and(
    eq(comments.proposalId, proposalId),
    isNull(comments.parentId),
    or(
      isNull(comments.deletedAt),
      sql`exists (select 1 from ${comments} as r where r.parent_id = ${comments.id} and r.deleted_at is null)`,
    ),
  );
}

const commentColumns = {
  id: comments.id,
  parentId: comments.parentId,
  authorId: comments.authorId,
  authorName: users.displayName,
  stance: comments.stance,
  body: comments.body,
  createdAt: comments.createdAt,
  editedAt: comments.editedAt,
  deletedAt: comments.deletedAt,
  hiddenAt: comments.hiddenAt,
  hiddenReason: comments.hiddenReason,
};

type CommentRow = {
  [K in keyof typeof commentColumns]: (typeof commentColumns)[K]["_"]["notNull"] extends true
    ? (typeof commentColumns)[K]["_"]["data"]
    : (typeof commentColumns)[K]["_"]["data"] | null;
};

function toView(row: CommentRow, viewerId: string | null, now: Date): CommentView {
  const deleted = row.deletedAt !== null;
  const hidden = !deleted && row.hiddenAt !== null;
  const mine = !deleted && viewerId !== null && row.authorId === viewerId;
  return {
    id: row.id,
    parentId: row.parentId,
    authorName: deleted ? null : row.authorName,
    stance: row.stance as Stance,
    body: deleted || (hidden && !mine) ? null : row.body,
    state: deleted ? "deleted" : hidden ? "hidden" : "visible",
    hiddenReason: hidden ? row.hiddenReason : null,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    mine,
    editable: mine && !hidden && commentEditable(row.createdAt, now),
  };
}

/** One page of a proposal's comments, oldest first, each with all its replies (oldest first). */
export async function listComments(
  db: Database,
  proposalId: number,
  viewer: { id: string } | null,
  page: number,
  now: Date = new Date(),
): Promise<CommentPage> {
  const where = listedTopLevel(proposalId);
  const [total] = await db.select({ n: count() }).from(comments).where(where);
  const pageInfo = paginate({ page, pageSize: COMMENTS_PAGE_SIZE }, total?.n ?? 0);
  const top = await db
    .select(commentColumns)
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(where)
    .orderBy(asc(comments.id))
    .limit(pageInfo.pageSize)
    .offset(pageInfo.offset);
  const replies =
    top.length === 0
      ? []
      : await db
          .select(commentColumns)
          .from(comments)
          .leftJoin(users, eq(users.id, comments.authorId))
          .where(
            and(
              eq(comments.proposalId, proposalId),
              inArray(
                comments.parentId,
                top.map((row) => row.id),
              ),
            ),
          )
          .orderBy(asc(comments.id));
  const viewerId = viewer?.id ?? null;
  const byParent = new Map<number, CommentView[]>();
  for (const row of replies) {
    const list = byParent.get(row.parentId!) ?? [];
    list.push(toView(row, viewerId, now));
    byParent.set(row.parentId!, list);
  }
  return {
    pageInfo,
    items: top.map((row) => ({
      ...toView(row, viewerId, now),
      parentId: null,
      replies: byParent.get(row.id) ?? [],
    })),
  };
}

export type StanceCounts = Record<Stance, number>;

/** How many top-level comments take each stance (neither hidden nor deleted). */
export async function stanceCounts(db: Database, proposalId: number): Promise<StanceCounts> {
  const rows = await db
    .select({ stance: comments.stance, n: count() })
    .from(comments)
    .where(
      and(
        eq(comments.proposalId, proposalId),
        isNull(comments.parentId),
        isNull(comments.deletedAt),
        isNull(comments.hiddenAt),
      ),
    )
    .groupBy(comments.stance);
  const counts = Object.fromEntries(STANCES.map((s) => [s, 0])) as StanceCounts;
  for (const row of rows) counts[row.stance as Stance] = row.n;
  return counts;
}

/** Everything the proposal page needs to show its discussion to this reader. */
export interface DiscussionView {
  comments: CommentThread[];
  counts: StanceCounts;
  pageInfo: PageInfo;
  canComment: boolean;
  canReport: boolean;
  signedIn: boolean;
  /** When this was read (ISO): the component writes recent times relative to it. */
  now: string;
}

/** The discussion of a proposal as one reader sees it (one page of comments). */
export async function loadDiscussion(
  db: Database,
  proposal: ProposalContext,
  actor: Actor | null,
  page: number,
  now: Date = new Date(),
): Promise<DiscussionView> {
  const [list, counts] = await Promise.all([
    listComments(db, proposal.id, actor, page, now),
    stanceCounts(db, proposal.id),
  ]);
  return {
    comments: list.items,
    counts,
    pageInfo: list.pageInfo,
    canComment: mayComment(actor, proposal),
    canReport: mayReport(actor, proposal),
    signedIn: actor !== null,
    now: now.toISOString(),
  };
}

/** The page of the proposal's comments on which a comment (or the thread of a reply) is shown. */
export async function pageOfComment(
  db: Writer,
  proposalId: number,
  commentId: number,
): Promise<number> {
  const [comment] = await db
    .select({ id: comments.id, parentId: comments.parentId })
    .from(comments)
    .where(and(eq(comments.id, commentId), eq(comments.proposalId, proposalId)));
  if (!comment) return 1;
  const topId = comment.parentId ?? comment.id;
  const [row] = await db
    .select({ n: count() })
    .from(comments)
    .where(and(listedTopLevel(proposalId), lte(comments.id, topId)));
  return Math.max(1, Math.ceil((row?.n ?? 0) / COMMENTS_PAGE_SIZE));
}

/** A path to a comment on its proposal's page (with the page of comments it is on). */
export function commentPath(proposalId: number, commentId: number, page: number): string {
  return `/proposals/${proposalId}${page > 1 ? `?page=${page}` : ""}#comment-${commentId}`;
}
