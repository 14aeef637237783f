/**
 * Reports: anyone signed in with a verified email reports a comment or a proposal to the moderators
 * (once per person and target), and the moderators' queue of what was reported, grouped by content.
 *
 * Owns `reports` (writes the reports; moderation.server resolves them); reads `comments`,
 * `proposals` and `users` to describe what was reported.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, max, or, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { comments, proposals, reports, users } from "../../../db/schema";
import { paginate, DEFAULT_PAGE_SIZE, type PageInfo } from "~/domain/pagination";
import { mayReport, type Actor, type CommunityResource } from "~/domain/policy";
import { commentPath, pageOfComment, type CommentState } from "./comments.server";
import type { ReportFilter, ReportKind } from "~/domain/reports";
export type { ReportFilter, ReportKind };

/**
 * Reports a comment or a proposal of this proposal's community to the moderators. Once per person
 * and target (the database's `reports_once_per_reporter`): a second report answers "already".
 */
export async function reportContent(
  db: Database,
  input: {
    kind: ReportKind;
    targetId: number;
    actor: Actor | null;
    reason: string;
    /** The proposal the report is made on (a comment of it, or itself). */
    proposal: { communityId: number; resource: CommunityResource };
  },
): Promise<"reported" | "already" | "notFound" | "forbidden"> {
  const { actor } = input;
  if (!actor || !mayReport(actor, input.proposal)) return "forbidden";
  const communityId = input.proposal.communityId;
  const target =
    input.kind === "comment"
      ? await db
          .select({ id: comments.id })
          .from(comments)
          .innerJoin(proposals, eq(proposals.id, comments.proposalId))
          .where(
            and(
              eq(comments.id, input.targetId),
              eq(proposals.communityId, communityId),
              isNull(comments.deletedAt),
            ),
          )
      : await db
          .select({ id: proposals.id })
          .from(proposals)
          .where(and(eq(proposals.id, input.targetId), eq(proposals.communityId, communityId)));
  if (target.length === 0) return "notFound";
  const inserted = await db
    .insert(reports)
    .values({
      targetKind: input.kind,
      targetId: input.targetId,
      communityId,
      reporterId: actor.id,
      reason: input.reason,
    })
    .onConflictDoNothing()
    .returning({ id: reports.id });
  return inserted.length > 0 ? "reported" : "already";
}

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
