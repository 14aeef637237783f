/**
 * Versions of a proposal's text: frozen at every change of status, saved by an author under a name,
 * or made by restoring an older one (as a new edit: history is never rewritten).
 *
 * Owns `proposal_versions` (numbered 1, 2, 3 … per proposal, never deleted); audits restorations.
 */
import { and, count, desc, eq, sql } from "drizzle-orm";
import * as Y from "yjs";
import type { Database, Transaction } from "../../../db/client";
import { proposals, proposalVersions, users } from "../../../db/schema";
import type { ProposalStatus } from "~/domain/proposal-lifecycle";
import { paginate, type PageInfo, type PageRequest } from "~/domain/pagination";
import { mayRestoreVersion, maySaveVersion, type Actor } from "~/domain/policy";
import { renderRichText, replaceDocumentContent } from "~/domain/rich-text";
import type { LiveDocuments } from "~/lib/live-documents";
import { commitAct, type ActOutcome } from "../acts.server";
import { docNameOf, type ProposalRecord } from "./record.server";

/** Freezes the state given as the proposal's next version, inside the caller's transaction. */
export async function freezeVersion(
  tx: Transaction,
  record: ProposalRecord,
  state: Uint8Array,
  meta: {
    reason: "transition" | "saved" | "restored";
    status: ProposalStatus;
    name: string | null;
    by: string;
  },
): Promise<number> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const { html, text } = renderRichText(doc.getXmlFragment("default"));
  doc.destroy();
  // Versions of one proposal are numbered in order; the lock keeps two savers from taking one number.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`versions:${record.context.id}`}))`);
  const [last] = await tx
    .select({ n: sql<number>`coalesce(max(${proposalVersions.number}), 0)`.mapWith(Number) })
    .from(proposalVersions)
    .where(eq(proposalVersions.proposalId, record.context.id));
  const number = (last?.n ?? 0) + 1;
  const [current] = await tx
    .select({ title: proposals.title, summary: proposals.summary })
    .from(proposals)
    .where(eq(proposals.id, record.context.id));
  await tx.insert(proposalVersions).values({
    proposalId: record.context.id,
    number,
    reason: meta.reason,
    name: meta.name,
    status: meta.status,
    title: current?.title ?? record.row.title,
    summary: current?.summary ?? record.row.summary,
    state,
    html,
    text,
    createdBy: meta.by,
  });
  return number;
}

/** An author saves the text as it is now, under a name; the answer is the version's number. */
export async function saveVersion(
  db: Database,
  documents: LiveDocuments,
  record: ProposalRecord,
  actor: Actor,
  name: string,
): Promise<ActOutcome<number, "notAllowed">> {
  if (!maySaveVersion(actor, record.context)) return { ok: false, reason: "notAllowed" };
  const state = await documents.state(docNameOf(record.context.id));
  return commitAct(db, undefined, ({ tx }) =>
    freezeVersion(tx, record, state, {
      reason: "saved",
      status: record.context.status,
      name,
      by: actor.id,
    }),
  );
}

/**
 * Restores an old version as a new edit of the live document (history is never rewritten), and
 * freezes the result as a version of its own; the answer is that version's number.
 */
export async function restoreVersion(
  db: Database,
  documents: LiveDocuments,
  record: ProposalRecord,
  actor: Actor,
  number: number,
): Promise<ActOutcome<number, "notAllowed" | "notFound">> {
  if (!mayRestoreVersion(actor, record.context)) return { ok: false, reason: "notAllowed" };
  const [version] = await db
    .select({ state: proposalVersions.state })
    .from(proposalVersions)
    .where(
      and(eq(proposalVersions.proposalId, record.context.id), eq(proposalVersions.number, number)),
    );
  if (!version) return { ok: false, reason: "notFound" };
  const docName = docNameOf(record.context.id);
  await documents.transact(docName, (doc) => replaceDocumentContent(doc, version.state));
  const state = await documents.state(docName);
  return commitAct(db, undefined, async ({ tx, audit }) => {
    const restored = await freezeVersion(tx, record, state, {
      reason: "restored",
      status: record.context.status,
      name: String(number),
      by: actor.id,
    });
    await audit({
      actorId: actor.id,
      action: "proposal.versionRestored",
      communityId: record.context.communityId,
      targetType: "proposal",
      targetId: String(record.context.id),
      before: null,
      after: { restoredFrom: number, version: restored },
    });
    return restored;
  });
}

export interface VersionSummary {
  number: number;
  reason: string;
  name: string | null;
  status: ProposalStatus;
  createdAt: string;
  createdBy: string | null;
}

export async function listVersions(
  db: Database,
  proposalId: number,
  page: PageRequest,
): Promise<{ items: VersionSummary[]; pageInfo: PageInfo }> {
  const [total] = await db
    .select({ n: count() })
    .from(proposalVersions)
    .where(eq(proposalVersions.proposalId, proposalId));
  const pageInfo = paginate(page, total?.n ?? 0);
  const rows = await db
    .select({
      number: proposalVersions.number,
      reason: proposalVersions.reason,
      name: proposalVersions.name,
      status: proposalVersions.status,
      createdAt: proposalVersions.createdAt,
      createdBy: users.displayName,
    })
    .from(proposalVersions)
    .leftJoin(users, eq(users.id, proposalVersions.createdBy))
    .where(eq(proposalVersions.proposalId, proposalId))
    .orderBy(desc(proposalVersions.number))
    .limit(pageInfo.pageSize)
    .offset(pageInfo.offset);
  return {
    pageInfo,
    items: rows.map((row) => ({
      ...row,
      status: row.status as ProposalStatus,
      createdAt: row.createdAt.toISOString(),
    })),
  };
}

export async function getVersion(db: Database, proposalId: number, number: number) {
  if (!Number.isSafeInteger(number) || number <= 0 || number > 2_147_483_647) return null;
  const [row] = await db
    .select({
      number: proposalVersions.number,
      reason: proposalVersions.reason,
      name: proposalVersions.name,
      status: proposalVersions.status,
      title: proposalVersions.title,
      summary: proposalVersions.summary,
      html: proposalVersions.html,
      text: proposalVersions.text,
      createdAt: proposalVersions.createdAt,
      createdBy: users.displayName,
    })
    .from(proposalVersions)
    .leftJoin(users, eq(users.id, proposalVersions.createdBy))
    .where(and(eq(proposalVersions.proposalId, proposalId), eq(proposalVersions.number, number)));
  return row
    ? { ...row, status: row.status as ProposalStatus, createdAt: row.createdAt.toISOString() }
    : null;
}
