/**
 * The moderators' acts on reported (or noticed) content: hiding a comment or a proposal with a
 * reason, showing it again, and dismissing the reports about it. Each in one act with the count, the
 * target's reports resolved, the author told, and the audit row.
 *
 * Writes the `hidden_*` columns of `comments` and `proposals` and `proposals.comment_count`, and
 * resolves `reports`; audits; notifies.
 */
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Database, Transaction } from "../../../db/client";
import { comments, communities, proposals, reports } from "../../../db/schema";
import { mayModerate, type Actor, type CommunityResource } from "~/domain/policy";
import { commitAct } from "../acts.server";
import { communityResource } from "../communities.server";
import type { MailDelivery } from "../notifications.server";
import { authorsOf } from "../proposals/index.server";
import { commentPath, pageOfComment } from "./comments.server";
import { bumpCount } from "./commenting.server";
import type { ReportKind } from "./reports.server";

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

/** The community in the tree, for the policy (moderators there and above may act). */
async function resourceOf(db: Database, communityId: number): Promise<CommunityResource | null> {
  const [community] = await db
    .select({ id: communities.id, parentId: communities.parentId, level: communities.level })
    .from(communities)
    .where(eq(communities.id, communityId));
  return community ? communityResource(db, community) : null;
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
  const resource = await resourceOf(db, target.communityId);
  if (!actor || !resource || !mayModerate(actor, resource))
    return { ok: false, reason: "forbidden" };
  const now = input.now ?? new Date();
  const hide = act === "hide";
  const result = await commitAct<number, ModerationRefusal>(
    db,
    input.mail,
    async ({ tx, notify, audit, refuse }) => {
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
      if (changed.length === 0) return refuse(hide ? "alreadyHidden" : "notHidden");
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
      await notify(
        target.authorIds.filter((userId) => userId !== actor.id),
        {
          kind: hide ? "moderation.hidden" : "moderation.restored",
          values: hide ? { target: kind, reason: reason! } : { target: kind },
          link: target.link,
          communitySlug: target.communitySlug,
        },
      );
      await audit({
        actorId: actor.id,
        action: `${kind}.${hide ? "hidden" : "restored"}`,
        communityId: target.communityId,
        targetType: kind,
        targetId: String(id),
        before: { hidden: !hide, reason: hide ? null : target.hiddenReason },
        after: { hidden: hide, reason, reportsResolved: resolved },
        occurredAt: now,
      });
      return resolved;
    },
  );
  if (!result.ok) return result;
  return { ok: true, reportsResolved: result.value };
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
  const resource = await resourceOf(db, reported.communityId);
  if (!actor || !resource || !mayModerate(actor, resource))
    return { ok: false, reason: "forbidden" };
  const now = input.now ?? new Date();
  const dismissed = await commitAct(db, undefined, async ({ tx, audit }) => {
    const n = await resolveReports(tx, { kind, id }, actor.id, "dismissed", now);
    if (n === 0) return 0;
    await audit({
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
  return dismissed.ok ? { ok: true, dismissed: dismissed.value } : dismissed;
}
