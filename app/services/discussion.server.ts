/**
 * Discussion: opinions with a stance on a proposal (two levels: comments and replies), reports about
 * comments and proposals, and the moderators' acts on them. The only writer of `comments` and
 * `reports`; it also keeps `proposals.comment_count` and the proposals' `hidden_*` columns, in the
 * transaction of the act that changes them.
 *
 * Rules decided here:
 * - Comments and replies are taken while a proposal is `open` or `deliberation` and not hidden. A draft
 *   is not public yet; from `voting` on, the opinions the decision answers are settled; a withdrawn
 *   matter takes none. Edits follow the same rule (and the 15-minute window); deleting one's own
 *   comment is always possible.
 * - Replies answer a comment: they are not new opinions on the proposal, so the stance chart counts
 *   top-level comments only (replies are stored as `neutral`, the column being required).
 * - `comment_count` counts what readers see: comments and replies neither deleted nor hidden.
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  lte,
  max,
  or,
  sql,
} from "drizzle-orm";
import type { Database, Transaction } from "../../db/client";
import { comments, communities, proposals, reports, users } from "../../db/schema";
import { paginate, DEFAULT_PAGE_SIZE, type PageInfo } from "~/domain/pagination";
import type { ProposalStatus } from "~/domain/proposal-lifecycle";
import { can, type Actor } from "~/domain/policy";
import { commentEditable, LIMITS, STANCES, type Stance } from "~/domain/proposals";
import { recordAudit } from "./audit.server";
import { communityResource } from "./communities.server";
import type { Mailer } from "./mail.server";
import { notify, sendPendingEmails } from "./notifications.server";
import { authorsOf, followersOf, followProposal, type ProposalContext } from "./proposals.server";

type Writer = Database | Transaction;

/** Top-level comments per page (each with all its replies). */
export const COMMENTS_PAGE_SIZE = DEFAULT_PAGE_SIZE;

/** Where notification emails go after the act has committed; without it, only in-app notices. */
export interface MailDelivery {
  mailer: Mailer;
  origin: string;
}

export type ReportKind = "comment" | "proposal";
export const REPORT_KINDS = ["comment", "proposal"] as const satisfies readonly ReportKind[];

/** Whether the proposal takes new comments, replies and edits now (whoever asks). */
export function commentsOpen(proposal: Pick<ProposalContext, "status" | "hidden">): boolean {
  return !proposal.hidden && (proposal.status === "open" || proposal.status === "deliberation");
}

/** Whether this person may comment on the proposal now: the policy, and the proposal being open. */
export function mayComment(actor: Actor | null, proposal: ProposalContext): boolean {
  return commentsOpen(proposal) && can(actor, "comment.create", proposal.resource);
}

/**
 * Whether this person may report content: any signed-in person with a verified email (abuse is seen by
 * every reader, not only by members). The policy has no action for it yet; see the report.
 */
export function mayReport(
  actor: Actor | null,
  proposal: Pick<ProposalContext, "resource">,
): boolean {
  return can(actor, "content.report", proposal.resource);
}

/** A refusal that rolls back the transaction it is thrown in. */
class Refused<R extends string> extends Error {
  constructor(readonly reason: R) {
    super(reason);
  }
}

async function refusable<T, R extends string>(
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; reason: R }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason as R };
    throw error;
  }
}

async function sendMail(db: Database, mail: MailDelivery | undefined, ids: number[]) {
  if (mail && ids.length > 0) await sendPendingEmails(db, mail.mailer, ids, mail.origin);
}

// ---------------------------------------------------------------------------------------------------
// Reading

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

// ---------------------------------------------------------------------------------------------------
// Writing comments

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
 * Posts a comment, or a reply to a top-level comment. In one transaction: the comment, the count, the
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
  const result = await refusable<{ id: number; path: string; notified: number[] }, CreateRefusal>(
    () =>
      db.transaction(async (tx) => {
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
        if (!current || !commentsOpen(current)) throw new Refused("closed");
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
          if (!parent || parent.deletedAt || parent.hiddenAt) throw new Refused("noSuchParent");
          if (parent.parentId !== null) throw new Refused("tooDeep");
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
        await followProposal(tx, proposal.id, [actor.id]);
        const path = commentPath(proposal.id, id, await pageOfComment(tx, proposal.id, id));
        const values = { name: input.authorName, title: proposal.title };
        const notified: number[] = [];
        if (parentAuthor !== null && parentAuthor !== actor.id) {
          notified.push(
            ...(await notify(tx, [parentAuthor], {
              kind: "proposal.reply",
              values,
              link: path,
              communitySlug: proposal.communitySlug,
            })),
          );
        }
        const followers = (await followersOf(tx, proposal.id)).filter(
          (userId) => userId !== actor.id && userId !== parentAuthor,
        );
        notified.push(
          ...(await notify(tx, followers, {
            kind: "proposal.comment",
            values,
            link: path,
            communitySlug: proposal.communitySlug,
          })),
        );
        return { id, path, notified };
      }),
  );
  if (!result.ok) return result;
  await sendMail(db, input.mail, result.value.notified);
  return { ok: true, id: result.value.id, path: result.value.path };
}

export type EditRefusal = "notFound" | "notYours" | "notEditable" | "closed";

/** Changes one's own comment: within the edit window, while comments are open, if not hidden. */
export async function editComment(
  db: Database,
  input: {
    proposal: ProposalContext;
    commentId: number;
    actorId: string;
    body: string;
    now?: Date;
  },
): Promise<{ ok: true; path: string } | { ok: false; reason: EditRefusal }> {
  const now = input.now ?? new Date();
  checkBody(input.body);
  const [comment] = await db
    .select()
    .from(comments)
    .where(and(eq(comments.id, input.commentId), eq(comments.proposalId, input.proposal.id)));
  if (!comment || comment.deletedAt) return { ok: false, reason: "notFound" };
  if (comment.authorId !== input.actorId) return { ok: false, reason: "notYours" };
  if (comment.hiddenAt || !commentEditable(comment.createdAt, now))
    return { ok: false, reason: "notEditable" };
  if (!commentsOpen(input.proposal)) return { ok: false, reason: "closed" };
  const updated = await db
    .update(comments)
    .set({ body: input.body, editedAt: now })
    .where(
      and(
        eq(comments.id, comment.id),
        eq(comments.authorId, input.actorId),
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
  input: { proposalId: number; commentId: number; actorId: string; now?: Date },
): Promise<{ ok: true; path: string } | { ok: false; reason: DeleteRefusal }> {
  const [comment] = await db
    .select({ authorId: comments.authorId, deletedAt: comments.deletedAt })
    .from(comments)
    .where(and(eq(comments.id, input.commentId), eq(comments.proposalId, input.proposalId)));
  if (!comment || comment.deletedAt) return { ok: false, reason: "notFound" };
  if (comment.authorId !== input.actorId) return { ok: false, reason: "notYours" };
  // Where it was on the page before it went (a deleted comment without replies leaves the list).
  const page = await pageOfComment(db, input.proposalId, input.commentId);
  const deleted = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(comments)
      .set({ deletedAt: input.now ?? new Date() })
      .where(
        and(
          eq(comments.id, input.commentId),
          eq(comments.authorId, input.actorId),
          isNull(comments.deletedAt),
        ),
      )
      .returning({ hiddenAt: comments.hiddenAt });
    if (!row) return false;
    // A hidden comment was already out of the count.
    if (!row.hiddenAt) await bumpCount(tx, input.proposalId, -1);
    return true;
  });
  if (!deleted) return { ok: false, reason: "notFound" };
  return {
    ok: true,
    path: `/proposals/${input.proposalId}${page > 1 ? `?page=${page}` : ""}#comments`,
  };
}

async function bumpCount(tx: Transaction, proposalId: number, by: 1 | -1) {
  await tx
    .update(proposals)
    .set({ commentCount: sql`greatest(0, ${proposals.commentCount} + ${by})` })
    .where(eq(proposals.id, proposalId));
}

// ---------------------------------------------------------------------------------------------------
// Reports

/**
 * Reports a comment or a proposal of this community to the moderators. Once per person and target
 * (the database's `reports_once_per_reporter`): a second report answers "already".
 */
export async function reportContent(
  db: Database,
  input: {
    kind: ReportKind;
    targetId: number;
    reporterId: string;
    reason: string;
    communityId: number;
  },
): Promise<"reported" | "already" | "notFound"> {
  const target =
    input.kind === "comment"
      ? await db
          .select({ id: comments.id })
          .from(comments)
          .innerJoin(proposals, eq(proposals.id, comments.proposalId))
          .where(
            and(
              eq(comments.id, input.targetId),
              eq(proposals.communityId, input.communityId),
              isNull(comments.deletedAt),
            ),
          )
      : await db
          .select({ id: proposals.id })
          .from(proposals)
          .where(
            and(eq(proposals.id, input.targetId), eq(proposals.communityId, input.communityId)),
          );
  if (target.length === 0) return "notFound";
  const inserted = await db
    .insert(reports)
    .values({
      targetKind: input.kind,
      targetId: input.targetId,
      communityId: input.communityId,
      reporterId: input.reporterId,
      reason: input.reason,
    })
    .onConflictDoNothing()
    .returning({ id: reports.id });
  return inserted.length > 0 ? "reported" : "already";
}

// ---------------------------------------------------------------------------------------------------
// Moderation

export type ReportFilter = "open" | "resolved" | "all";
export const REPORT_FILTERS = [
  "open",
  "resolved",
  "all",
] as const satisfies readonly ReportFilter[];

export interface ReportGroup {
  kind: ReportKind;
  targetId: number;
  /** Reports in this list (open ones for "open", resolved ones for "resolved", all for "all"). */
  reportCount: number;
  openCount: number;
  /** The reasons given, newest first (at most ten). */
  reasons: string[];
  firstReportedAt: string;
  lastReportedAt: string;
  /** How the latest resolved report of the target was resolved, if any. */
  resolution: "hidden" | "restored" | "dismissed" | null;
  target: {
    /** The proposal's title (for a comment: the proposal it was made on). */
    title: string;
    /** The comment's text or the proposal's summary, shortened. */
    excerpt: string | null;
    /** Null when the author's account was deleted. */
    authorName: string | null;
    link: string;
    state: CommentState | "gone";
    hiddenReason: string | null;
  };
}

const REASONS_SHOWN = 10;
const EXCERPT_LENGTH = 200;

function excerpt(text: string): string {
  const chars = [...text.trim()];
  return chars.length > EXCERPT_LENGTH
    ? `${chars.slice(0, EXCERPT_LENGTH).join("")}…`
    : text.trim();
}

/**
 * The moderators' queue for these communities (a node and its subtree: pass the ids), grouped by the
 * content reported. Open ones first, the longest waiting first; then the most recently resolved.
 */
export async function listReports(
  db: Database,
  communityIds: number[],
  filter: ReportFilter,
  page: number,
): Promise<{ items: ReportGroup[]; pageInfo: PageInfo }> {
  const ids = [...new Set(communityIds)];
  if (ids.length === 0)
    return { items: [], pageInfo: paginate({ page, pageSize: DEFAULT_PAGE_SIZE }, 0) };
  const where = and(
    inArray(reports.communityId, ids),
    filter === "open"
      ? isNull(reports.resolvedAt)
      : filter === "resolved"
        ? isNotNull(reports.resolvedAt)
        : undefined,
  );
  const grouped = db
    .select({ kind: reports.targetKind, targetId: reports.targetId })
    .from(reports)
    .where(where)
    .groupBy(reports.targetKind, reports.targetId)
    .as("grouped");
  const [total] = await db.select({ n: count() }).from(grouped);
  const pageInfo = paginate({ page, pageSize: DEFAULT_PAGE_SIZE }, total?.n ?? 0);
  const openCount = sql<number>`cast(count(*) filter (where ${reports.resolvedAt} is null) as integer)`;
  const groups = await db
    .select({
      kind: reports.targetKind,
      targetId: reports.targetId,
      reportCount: count(),
      openCount,
      first: sql<string>`min(${reports.createdAt})`.mapWith(reports.createdAt),
      last: max(reports.createdAt),
    })
    .from(reports)
    .where(where)
    .groupBy(reports.targetKind, reports.targetId)
    .orderBy(
      desc(sql`${openCount} > 0`),
      sql`min(${reports.createdAt}) filter (where ${reports.resolvedAt} is null) asc nulls last`,
      sql`max(${reports.resolvedAt}) desc nulls last`,
      asc(reports.targetKind),
      asc(reports.targetId),
    )
    .limit(pageInfo.pageSize)
    .offset(pageInfo.offset);
  if (groups.length === 0) return { items: [], pageInfo };

  const targetKey = (kind: string, id: number) => `${kind}:${id}`;
  const ofGroups = or(
    ...groups.map((g) => and(eq(reports.targetKind, g.kind), eq(reports.targetId, g.targetId))),
  );
  const reportRows = await db
    .select({
      kind: reports.targetKind,
      targetId: reports.targetId,
      reason: reports.reason,
      resolvedAt: reports.resolvedAt,
      resolution: reports.resolution,
    })
    .from(reports)
    .where(and(inArray(reports.communityId, ids), ofGroups))
    .orderBy(desc(reports.createdAt), desc(reports.id));
  const reasons = new Map<string, string[]>();
  const resolutions = new Map<string, { at: Date; resolution: string }>();
  for (const row of reportRows) {
    const key = targetKey(row.kind, row.targetId);
    const inList = filter === "all" || (filter === "open") === (row.resolvedAt === null);
    const list = reasons.get(key) ?? [];
    if (inList && list.length < REASONS_SHOWN) list.push(row.reason);
    reasons.set(key, list);
    const latest = resolutions.get(key);
    if (row.resolvedAt && row.resolution && (!latest || row.resolvedAt > latest.at))
      resolutions.set(key, { at: row.resolvedAt, resolution: row.resolution });
  }
  const targets = await describeTargets(
    db,
    groups.map((g) => ({ kind: g.kind as ReportKind, id: g.targetId })),
  );
  return {
    pageInfo,
    items: groups.map((g) => {
      const key = targetKey(g.kind, g.targetId);
      return {
        kind: g.kind as ReportKind,
        targetId: g.targetId,
        reportCount: g.reportCount,
        openCount: g.openCount,
        reasons: reasons.get(key) ?? [],
        firstReportedAt: new Date(g.first).toISOString(),
        lastReportedAt: (g.last ?? new Date(g.first)).toISOString(),
        resolution: (resolutions.get(key)?.resolution ?? null) as ReportGroup["resolution"],
        target: targets.get(key) ?? {
          title: "",
          excerpt: null,
          authorName: null,
          link: "",
          state: "gone",
          hiddenReason: null,
        },
      };
    }),
  };
}

async function describeTargets(
  db: Database,
  wanted: Array<{ kind: ReportKind; id: number }>,
): Promise<Map<string, ReportGroup["target"]>> {
  const out = new Map<string, ReportGroup["target"]>();
  const commentIds = wanted.filter((w) => w.kind === "comment").map((w) => w.id);
  const proposalIds = wanted.filter((w) => w.kind === "proposal").map((w) => w.id);
  if (commentIds.length > 0) {
    const rows = await db
      .select({
        id: comments.id,
        proposalId: comments.proposalId,
        body: comments.body,
        deletedAt: comments.deletedAt,
        hiddenAt: comments.hiddenAt,
        hiddenReason: comments.hiddenReason,
        authorName: users.displayName,
        title: proposals.title,
      })
      .from(comments)
      .innerJoin(proposals, eq(proposals.id, comments.proposalId))
      .leftJoin(users, eq(users.id, comments.authorId))
      .where(inArray(comments.id, commentIds));
    for (const row of rows) {
      const page = await pageOfComment(db, row.proposalId, row.id);
      out.set(`comment:${row.id}`, {
        title: row.title,
        // Moderators see what was reported, even after the author deleted it.
        excerpt: excerpt(row.body),
        authorName: row.authorName,
        link: commentPath(row.proposalId, row.id, page),
        state: row.deletedAt ? "deleted" : row.hiddenAt ? "hidden" : "visible",
        hiddenReason: row.hiddenReason,
      });
    }
  }
  if (proposalIds.length > 0) {
    const rows = await db
      .select({
        id: proposals.id,
        title: proposals.title,
        summary: proposals.summary,
        hiddenAt: proposals.hiddenAt,
        hiddenReason: proposals.hiddenReason,
        authorName: users.displayName,
      })
      .from(proposals)
      .leftJoin(users, eq(users.id, proposals.createdBy))
      .where(inArray(proposals.id, proposalIds));
    for (const row of rows) {
      out.set(`proposal:${row.id}`, {
        title: row.title,
        excerpt: excerpt(row.summary),
        authorName: row.authorName,
        link: `/proposals/${row.id}`,
        state: row.hiddenAt ? "hidden" : "visible",
        hiddenReason: row.hiddenReason,
      });
    }
  }
  return out;
}

/** What moderation needs to know of a reported comment or proposal. */
interface TargetFacts {
  communityId: number;
  communitySlug: string;
  proposalId: number;
  authorIds: string[];
  hidden: boolean;
  deleted: boolean;
  hiddenReason: string | null;
  link: string;
}

async function targetFacts(
  db: Database,
  kind: ReportKind,
  id: number,
): Promise<TargetFacts | null> {
  if (kind === "comment") {
    const [row] = await db
      .select({
        proposalId: comments.proposalId,
        authorId: comments.authorId,
        hiddenAt: comments.hiddenAt,
        hiddenReason: comments.hiddenReason,
        deletedAt: comments.deletedAt,
        communityId: proposals.communityId,
        communitySlug: communities.slug,
      })
      .from(comments)
      .innerJoin(proposals, eq(proposals.id, comments.proposalId))
      .innerJoin(communities, eq(communities.id, proposals.communityId))
      .where(eq(comments.id, id));
    if (!row) return null;
    return {
      communityId: row.communityId,
      communitySlug: row.communitySlug,
      proposalId: row.proposalId,
      authorIds: [row.authorId],
      hidden: row.hiddenAt !== null,
      deleted: row.deletedAt !== null,
      hiddenReason: row.hiddenReason,
      link: commentPath(row.proposalId, id, await pageOfComment(db, row.proposalId, id)),
    };
  }
  const [row] = await db
    .select({
      createdBy: proposals.createdBy,
      hiddenAt: proposals.hiddenAt,
      hiddenReason: proposals.hiddenReason,
      communityId: proposals.communityId,
      communitySlug: communities.slug,
    })
    .from(proposals)
    .innerJoin(communities, eq(communities.id, proposals.communityId))
    .where(eq(proposals.id, id));
  if (!row) return null;
  const authors = await authorsOf(db, id);
  return {
    communityId: row.communityId,
    communitySlug: row.communitySlug,
    proposalId: id,
    authorIds: authors.length > 0 ? authors : [row.createdBy],
    hidden: row.hiddenAt !== null,
    deleted: false,
    hiddenReason: row.hiddenReason,
    link: `/proposals/${id}`,
  };
}

/** May the actor moderate content of this community? (The one policy, at the content's community.) */
async function mayModerate(db: Database, actor: Actor | null, communityId: number) {
  const [community] = await db
    .select({ id: communities.id, parentId: communities.parentId, level: communities.level })
    .from(communities)
    .where(eq(communities.id, communityId));
  if (!community) return false;
  return can(actor, "moderation.act", await communityResource(db, community));
}

/** Marks the target's open reports resolved; returns how many there were. */
async function resolveReports(
  tx: Transaction,
  target: { kind: ReportKind; id: number },
  by: string,
  resolution: "hidden" | "restored" | "dismissed",
  at: Date,
): Promise<number> {
  const rows = await tx
    .update(reports)
    .set({ resolvedAt: at, resolvedBy: by, resolution })
    .where(
      and(
        eq(reports.targetKind, target.kind),
        eq(reports.targetId, target.id),
        isNull(reports.resolvedAt),
      ),
    )
    .returning({ id: reports.id });
  return rows.length;
}

export type ModerationRefusal = "notFound" | "forbidden" | "alreadyHidden" | "notHidden";

export interface ModerationInput {
  actor: Actor | null;
  kind: ReportKind;
  id: number;
  mail?: MailDelivery;
  now?: Date;
}

/**
 * Hides a comment or a proposal (moderators of its community and above): a placeholder with the
 * reason shows instead. In one transaction: the change, the count, the target's open reports resolved,
 * the author told why, and the audit row.
 */
export async function hideContent(
  db: Database,
  input: ModerationInput & { reason: string },
): Promise<{ ok: true; reportsResolved: number } | { ok: false; reason: ModerationRefusal }> {
  const reason = input.reason.trim();
  if (reason === "") throw new RangeError("hideContent: a reason is required");
  return moderate(db, input, "hide", reason);
}

/** Shows hidden content again; the reason is optional. Same transaction rules as hiding. */
export async function restoreContent(
  db: Database,
  input: ModerationInput & { reason?: string },
): Promise<{ ok: true; reportsResolved: number } | { ok: false; reason: ModerationRefusal }> {
  return moderate(db, input, "restore", input.reason?.trim() || null);
}

async function moderate(
  db: Database,
  input: ModerationInput,
  act: "hide" | "restore",
  reason: string | null,
): Promise<{ ok: true; reportsResolved: number } | { ok: false; reason: ModerationRefusal }> {
  const { actor, kind, id } = input;
  const target = await targetFacts(db, kind, id);
  if (!target) return { ok: false, reason: "notFound" };
  if (!actor || !(await mayModerate(db, actor, target.communityId)))
    return { ok: false, reason: "forbidden" };
  const now = input.now ?? new Date();
  const hide = act === "hide";
  const result = await refusable<{ resolved: number; notified: number[] }, ModerationRefusal>(() =>
    db.transaction(async (tx) => {
      const table = kind === "comment" ? comments : proposals;
      const changed = await tx
        .update(table)
        .set(
          hide
            ? { hiddenAt: now, hiddenReason: reason, hiddenBy: actor.id }
            : { hiddenAt: null, hiddenReason: null, hiddenBy: null },
        )
        .where(and(eq(table.id, id), hide ? isNull(table.hiddenAt) : isNotNull(table.hiddenAt)))
        .returning({ id: table.id });
      if (changed.length === 0) throw new Refused(hide ? "alreadyHidden" : "notHidden");
      if (kind === "comment") {
        // Read after the update holds the row: an author deleting it meanwhile is seen here.
        const [row] = await tx
          .select({ deletedAt: comments.deletedAt })
          .from(comments)
          .where(eq(comments.id, id));
        if (row && !row.deletedAt) await bumpCount(tx, target.proposalId, hide ? -1 : 1);
      }
      const resolved = await resolveReports(
        tx,
        { kind, id },
        actor.id,
        hide ? "hidden" : "restored",
        now,
      );
      const notified = await notify(
        tx,
        target.authorIds.filter((userId) => userId !== actor.id),
        {
          kind: hide ? "moderation.hidden" : "moderation.restored",
          values: hide ? { target: kind, reason: reason! } : { target: kind },
          link: target.link,
          communitySlug: target.communitySlug,
        },
      );
      await recordAudit(tx, {
        actorId: actor.id,
        action: `${kind}.${hide ? "hidden" : "restored"}`,
        communityId: target.communityId,
        targetType: kind,
        targetId: String(id),
        before: { hidden: !hide, reason: hide ? null : target.hiddenReason },
        after: { hidden: hide, reason, reportsResolved: resolved },
        occurredAt: now,
      });
      return { resolved, notified };
    }),
  );
  if (!result.ok) return result;
  await sendMail(db, input.mail, result.value.notified);
  return { ok: true, reportsResolved: result.value.resolved };
}

/**
 * Dismisses the open reports about a comment or proposal (nothing wrong with it), with the audit row
 * in the same transaction. The content stays as it is.
 */
export async function dismissReports(
  db: Database,
  input: ModerationInput & { reason?: string },
): Promise<{ ok: true; dismissed: number } | { ok: false; reason: "notFound" | "forbidden" }> {
  const { actor, kind, id } = input;
  const target = await targetFacts(db, kind, id);
  // A target that is gone (its proposal deleted) is judged at the community its reports name.
  const [reported] = target
    ? [{ communityId: target.communityId }]
    : await db
        .select({ communityId: reports.communityId })
        .from(reports)
        .where(and(eq(reports.targetKind, kind), eq(reports.targetId, id)))
        .limit(1);
  if (!reported) return { ok: false, reason: "notFound" };
  if (!actor || !(await mayModerate(db, actor, reported.communityId)))
    return { ok: false, reason: "forbidden" };
  const now = input.now ?? new Date();
  const dismissed = await db.transaction(async (tx) => {
    const n = await resolveReports(tx, { kind, id }, actor.id, "dismissed", now);
    if (n === 0) return 0;
    await recordAudit(tx, {
      actorId: actor.id,
      action: "report.dismissed",
      communityId: reported.communityId,
      targetType: kind,
      targetId: String(id),
      before: { openReports: n },
      after: { openReports: 0, reason: input.reason?.trim() || null },
      occurredAt: now,
    });
    return n;
  });
  return { ok: true, dismissed };
}
