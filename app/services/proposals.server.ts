/**
 * Proposals: raising, reading, listing, status transitions, supports, authors and versions. The body is
 * the collaborative document `proposal:<id>` (served by server/collab); its sanitised rendering is kept
 * on the row so that pages and search never load the editor.
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
  ne,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import * as Y from "yjs";
import type { Database, Transaction } from "../../db/client";
import {
  collabSnapshots,
  communities,
  proposalAuthors,
  proposalFollowers,
  proposals,
  proposalSupports,
  proposalVersions,
  roleGrants,
  users,
  type Community,
} from "../../db/schema";
import {
  check,
  textEditable,
  type ProposalStatus,
  type TransitionContext,
  type TransitionName,
} from "~/domain/lifecycle/proposal";
import { can, effectiveRoles, type Actor, type CommunityResource } from "~/domain/policy";
import {
  resolveSupportThreshold,
  type ContentLanguage,
  type ProposalCategory,
  type ProposalListItem,
  type ProposalSort,
} from "~/domain/proposals";
import { paginate, type PageInfo, type PageRequest } from "~/domain/pagination";
import { renderRichText, replaceDocumentContent, textToDocumentUpdate } from "~/domain/rich-text";
import { searchQueryTokens, searchTokens } from "~/domain/search";
import type { Locale } from "~/i18n/locales";
import type { LiveDocuments } from "~/lib/live-documents";
import { loadActor } from "./actors.server";
import { recordAudit } from "./audit.server";
import { communityResource, localizedName, subtreeIds } from "./communities.server";
import { convertScript } from "./script.server";
import { countHearings } from "./hearings.server";
import { countVerifiedMembers } from "./membership/index.server";
import { mailAfterCommit, notify, type MailDelivery } from "./notifications.server";

type Writer = Database | Transaction;

export const docNameOf = (proposalId: number) => `proposal:${proposalId}`;

/** A proposal as the areas around it (comments, moderation, votes) need to know it. */
export interface ProposalContext {
  id: number;
  title: string;
  status: ProposalStatus;
  communityId: number;
  communitySlug: string;
  /** The proposal's community in the tree, for the permission policy. */
  resource: CommunityResource;
  /** Accepted authors (the one who raised it and co-authors who accepted). */
  authorIds: string[];
  hidden: boolean;
}

export interface ProposalRecord {
  row: typeof proposals.$inferSelect;
  community: Community;
  context: ProposalContext;
  /** Co-authors invited who have not answered yet. */
  invitedIds: string[];
}

/** Loads a proposal with its community and authors; null when there is none. */
export async function loadProposal(db: Database, id: number): Promise<ProposalRecord | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const [found] = await db
    .select({ row: proposals, community: communities })
    .from(proposals)
    .innerJoin(communities, eq(communities.id, proposals.communityId))
    .where(eq(proposals.id, id));
  if (!found) return null;
  const authorRows = await db
    .select({ userId: proposalAuthors.userId, acceptedAt: proposalAuthors.acceptedAt })
    .from(proposalAuthors)
    .where(eq(proposalAuthors.proposalId, id));
  const resource = await communityResource(db, found.community);
  return {
    row: found.row,
    community: found.community,
    invitedIds: authorRows.filter((a) => !a.acceptedAt).map((a) => a.userId),
    context: {
      id,
      title: found.row.title,
      status: found.row.status as ProposalStatus,
      communityId: found.community.id,
      communitySlug: found.community.slug,
      resource,
      authorIds: authorRows.filter((a) => a.acceptedAt).map((a) => a.userId),
      hidden: found.row.hiddenAt !== null,
    },
  };
}

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
export function mayView(record: ProposalRecord, actor: Actor | null): boolean {
  // A draft that was withdrawn without ever being published stays private.
  if (record.context.status !== "draft" && record.row.publishedAt !== null) return true;
  if (!actor) return false;
  return (
    record.context.authorIds.includes(actor.id) ||
    record.invitedIds.includes(actor.id) ||
    looksAfter(actor, record.context.resource)
  );
}

/** Whether the hidden text may be shown to this person (authors and moderators). */
export function mayReadHidden(record: ProposalRecord, actor: Actor | null): boolean {
  if (!actor) return false;
  return (
    record.context.authorIds.includes(actor.id) ||
    can(actor, "moderation.act", record.context.resource)
  );
}

/** Authors edit the text while it is editable (draft, open, deliberation) and not hidden. */
export function mayEditText(record: ProposalRecord, actor: Actor | null): boolean {
  return (
    actor !== null &&
    actor.emailVerified &&
    record.context.authorIds.includes(actor.id) &&
    textEditable(record.context.status) &&
    !record.context.hidden
  );
}

/**
 * The live document's access: authors edit while the text is editable; members of the community (any
 * role there) and invited co-authors follow it read-only; anyone else is refused at the upgrade.
 */
export function documentAccessFor(
  record: ProposalRecord,
  actor: Actor | null,
): "edit" | "read" | null {
  if (!actor || !mayView(record, actor)) return null;
  if (mayEditText(record, actor)) return "edit";
  if (record.context.hidden && !mayReadHidden(record, actor)) return null;
  const member =
    record.context.authorIds.includes(actor.id) ||
    record.invitedIds.includes(actor.id) ||
    can(actor, "comment.create", record.context.resource);
  return member ? "read" : null;
}

/** Who may do what with the document `proposal:<id>`: authors edit, members read; null otherwise. */
export function proposalDocumentAccess(
  db: Database,
): (user: { id: string; emailVerified: boolean }, id: string) => Promise<"edit" | "read" | null> {
  return async (user, id) => {
    if (!/^\d{1,10}$/.test(id)) return null;
    const record = await loadProposal(db, Number(id));
    if (!record) return null;
    return documentAccessFor(record, await loadActor(db, user));
  };
}

/**
 * What search indexes: the title, summary and text, and the same converted to the other Chinese script,
 * so that a reader finds a matter whichever script either of them writes in.
 */
function searchDocument(title: string, summary: string, text: string, language: string): string {
  const original = `${title}\n${summary}\n${text}`;
  const other = language === "zh-Hans" ? "zh-Hant" : language === "zh-Hant" ? "zh-Hans" : null;
  const converted = other
    ? convertScript(original, language as "zh-Hans" | "zh-Hant", other)
    : null;
  return searchTokens(converted && converted !== original ? `${original}\n${converted}` : original);
}

/** Stores the sanitised HTML, plain text and search vector of the document `proposal:<id>`. */
export async function storeRenderedBody(
  db: Database,
  proposalId: number,
  doc: Y.Doc,
): Promise<void> {
  const { html, text } = renderRichText(doc.getXmlFragment("default"));
  await db.transaction(async (tx) => {
    // Locked, so that a title changed meanwhile is not indexed with an older one.
    const [row] = await tx
      .select({
        title: proposals.title,
        summary: proposals.summary,
        html: proposals.bodyHtml,
        language: proposals.language,
      })
      .from(proposals)
      .where(eq(proposals.id, proposalId))
      .for("update");
    if (!row || row.html === html) return;
    await tx
      .update(proposals)
      .set({
        bodyHtml: html,
        bodyText: text,
        searchVector: sql`to_tsvector('simple', ${searchDocument(row.title, row.summary, text, row.language)})`,
        updatedAt: new Date(),
      })
      .where(eq(proposals.id, proposalId));
  });
}

// ---------------------------------------------------------------------------------------------------
// Raising a proposal

export interface NewProposal {
  community: Community;
  resource: CommunityResource;
  actor: Actor;
  title: string;
  summary: string;
  category: ProposalCategory;
  language: ContentLanguage;
  concernsId: number | null;
  body: string;
}

export type CreateRefusal = "notAllowed" | "notACommunity" | "badConcerns";

/** Raises a proposal as a draft, its author the one who raised it. */
export async function createProposal(
  db: Database,
  input: NewProposal,
): Promise<{ ok: true; id: number } | { ok: false; reason: CreateRefusal }> {
  if (input.community.level !== "community") return { ok: false, reason: "notACommunity" };
  if (!can(input.actor, "proposal.create", input.resource))
    return { ok: false, reason: "notAllowed" };
  if (input.concernsId !== null) {
    const below = await subtreeIds(db, input.community.id);
    const [concerned] = await db
      .select({ level: communities.level })
      .from(communities)
      .where(eq(communities.id, input.concernsId));
    if (
      !concerned ||
      !below.includes(input.concernsId) ||
      !["grid", "building"].includes(concerned.level)
    )
      return { ok: false, reason: "badConcerns" };
  }
  const state = textToDocumentUpdate(input.body);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const { html, text } = renderRichText(doc.getXmlFragment("default"));
  doc.destroy();
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(proposals)
      .values({
        communityId: input.community.id,
        concernsId: input.concernsId,
        title: input.title,
        summary: input.summary,
        category: input.category,
        language: input.language,
        createdBy: input.actor.id,
        bodyHtml: html,
        bodyText: text,
        searchVector: sql`to_tsvector('simple', ${searchDocument(input.title, input.summary, text, input.language)})`,
      })
      .returning({ id: proposals.id });
    const proposalId = row!.id;
    await tx
      .insert(proposalAuthors)
      .values({ proposalId, userId: input.actor.id, acceptedAt: new Date() });
    await tx.insert(proposalFollowers).values({ proposalId, userId: input.actor.id });
    // The body starts as the stored state of its document: the editor opens exactly this.
    await tx.insert(collabSnapshots).values({ docName: docNameOf(proposalId), state, upToId: 0 });
    await recordAudit(tx, {
      actorId: input.actor.id,
      action: "proposal.created",
      communityId: input.community.id,
      targetType: "proposal",
      targetId: String(proposalId),
      before: null,
      after: { title: input.title, category: input.category, status: "draft" },
    });
    return proposalId;
  });
  return { ok: true, id };
}

/** Authors change the title, summary and category while the text is editable. */
export async function updateProposalDetails(
  db: Database,
  record: ProposalRecord,
  actor: Actor,
  details: { title: string; summary: string; category: ProposalCategory },
): Promise<boolean> {
  if (!mayEditText(record, actor)) return false;
  await db.transaction(async (tx) => {
    // The body text as it is now (co-authors may be typing), not as the page saw it.
    const [current] = await tx
      .select({
        title: proposals.title,
        summary: proposals.summary,
        category: proposals.category,
        bodyText: proposals.bodyText,
      })
      .from(proposals)
      .where(eq(proposals.id, record.context.id))
      .for("update");
    if (!current) return;
    await tx
      .update(proposals)
      .set({
        ...details,
        searchVector: sql`to_tsvector('simple', ${searchDocument(details.title, details.summary, current.bodyText, record.row.language)})`,
        updatedAt: new Date(),
      })
      .where(eq(proposals.id, record.context.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "proposal.detailsChanged",
      communityId: record.context.communityId,
      targetType: "proposal",
      targetId: String(record.context.id),
      before: { title: current.title, summary: current.summary, category: current.category },
      after: details,
    });
  });
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Supports and the threshold

/** The number of supports the proposal's community requires now. */
export async function supportThreshold(db: Writer, community: Community): Promise<number> {
  const verifiedResidents =
    community.supportThresholdPercent === null ? 0 : await countVerifiedMembers(db, [community.id]);
  return resolveSupportThreshold({
    count: community.supportThresholdCount,
    percent: community.supportThresholdPercent,
    verifiedResidents,
  });
}

/** Supports are given while a proposal gathers support or is being deliberated. */
export const SUPPORTABLE: readonly ProposalStatus[] = ["open", "deliberation"];

/** Residents of the community support it; its authors' support goes without saying (not counted). */
export function maySupport(record: ProposalRecord, actor: Actor | null): boolean {
  return (
    SUPPORTABLE.includes(record.context.status) &&
    actor !== null &&
    !record.context.authorIds.includes(actor.id) &&
    !record.context.hidden &&
    can(actor, "proposal.support", record.context.resource)
  );
}

export async function hasSupported(db: Database, proposalId: number, userId: string) {
  const [row] = await db
    .select({ userId: proposalSupports.userId })
    .from(proposalSupports)
    .where(and(eq(proposalSupports.proposalId, proposalId), eq(proposalSupports.userId, userId)));
  return Boolean(row);
}

async function committeeOf(db: Writer, resource: CommunityResource): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: roleGrants.userId })
    .from(roleGrants)
    .where(
      and(
        inArray(roleGrants.communityId, [...resource.communityPath]),
        eq(roleGrants.role, "committee"),
        isNull(roleGrants.revokedAt),
      ),
    );
  return rows.map((row) => row.userId);
}

/**
 * Adds the person's support (at most once: the primary key refuses a second row, even under concurrent
 * submissions). When the threshold is reached for the first time, the committee is told.
 */
export async function supportProposal(
  db: Database,
  record: ProposalRecord,
  actor: Actor,
  mail?: MailDelivery,
): Promise<"supported" | "already" | "notAllowed"> {
  if (!maySupport(record, actor)) return "notAllowed";
  const threshold = await supportThreshold(db, record.community);
  const told: number[] = [];
  const result = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(proposalSupports)
      .values({ proposalId: record.context.id, userId: actor.id })
      .onConflictDoNothing()
      .returning({ userId: proposalSupports.userId });
    if (inserted.length === 0) return "already";
    const [row] = await tx
      .update(proposals)
      .set({ supportCount: sql`${proposals.supportCount} + 1` })
      .where(eq(proposals.id, record.context.id))
      .returning({ supports: proposals.supportCount, reachedAt: proposals.thresholdReachedAt });
    await tx
      .insert(proposalFollowers)
      .values({ proposalId: record.context.id, userId: actor.id })
      .onConflictDoNothing();
    if (row && row.supports >= threshold && row.reachedAt === null) {
      await tx
        .update(proposals)
        .set({ thresholdReachedAt: new Date() })
        .where(eq(proposals.id, record.context.id));
      told.push(
        ...(await notify(tx, await committeeOf(tx, record.context.resource), {
          kind: "proposal.threshold",
          values: { title: record.context.title, count: row.supports },
          link: `/proposals/${record.context.id}`,
        })),
      );
    }
    return "supported" as const;
  });
  await mailAfterCommit(db, mail, told);
  return result;
}

/** Takes one's support back while the proposal still gathers support. */
export async function withdrawSupport(
  db: Database,
  record: ProposalRecord,
  actor: Actor,
): Promise<boolean> {
  if (record.context.status !== "open") return false;
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(proposalSupports)
      .where(
        and(
          eq(proposalSupports.proposalId, record.context.id),
          eq(proposalSupports.userId, actor.id),
        ),
      )
      .returning({ userId: proposalSupports.userId });
    if (removed.length === 0) return false;
    await tx
      .update(proposals)
      .set({ supportCount: sql`${proposals.supportCount} - 1` })
      .where(eq(proposals.id, record.context.id));
    return true;
  });
}

// ---------------------------------------------------------------------------------------------------
// Status transitions

export async function transitionContext(
  db: Database,
  record: ProposalRecord,
  actor: Actor | null,
): Promise<TransitionContext> {
  return {
    actorIsAuthor: actor !== null && record.context.authorIds.includes(actor.id),
    actorRoles:
      actor?.emailVerified === true ? effectiveRoles(actor, record.context.resource) : new Set(),
    supports: record.row.supportCount,
    supportThreshold: await supportThreshold(db, record.community),
    // Hearings, votes and plans arrive with later issues; until then their requirements are unmet.
    hearingsHeld: await countHearings(db, record.context.id),
    voteClosed: false,
    outcome: (record.row.outcome as "adopted" | "rejected" | null) ?? null,
    hasImplementationPlan: false,
    openMilestones: 0,
  };
}

/** The transitions this issue implements (the rest arrive with meetings, votes and plans). */
export const IMPLEMENTED_TRANSITIONS: readonly TransitionName[] = [
  "publish",
  "startDeliberation",
  "withdraw",
];

export type TransitionResult = { ok: true; to: ProposalStatus } | { ok: false; reason: string };

/**
 * Makes a transition through the one state machine: checks it, changes the status (only if nobody
 * changed it meanwhile), freezes a version of the text, audits and tells the followers, all in one
 * transaction; then asks open editors to reconnect, since who may edit may have changed.
 */
export async function transitionProposal(
  db: Database,
  documents: LiveDocuments,
  record: ProposalRecord,
  actor: Actor,
  transition: TransitionName,
  mail?: MailDelivery,
): Promise<TransitionResult> {
  if (!IMPLEMENTED_TRANSITIONS.includes(transition)) return { ok: false, reason: "notImplemented" };
  const from = record.context.status;
  const verdict = check(from, transition, await transitionContext(db, record, actor));
  if (!verdict.ok) return verdict;
  const docName = docNameOf(record.context.id);
  const state = await documents.state(docName);
  const result = await db.transaction((tx) =>
    applyTransition(tx, record, state, {
      transition,
      from,
      to: verdict.to,
      actorId: actor.id,
      by: actor.id,
      now: new Date(),
      exceptUserId: actor.id,
    }),
  );
  if (!result) return { ok: false, reason: "wrongStatus" };
  await mailAfterCommit(db, mail, result);
  if (textEditable(from) !== textEditable(verdict.to)) documents.reauthorize(docName);
  return { ok: true, to: verdict.to };
}

/**
 * The act of a transition the machine allowed, inside the caller's transaction: the status changes
 * only if it is still `from`, a version is frozen, the act is audited and the followers told (all
 * but `exceptUserId`). Votes call it too, when they open and close. Returns the notifications made,
 * or null when somebody changed the status meanwhile (nothing was written).
 */
export async function applyTransition(
  tx: Transaction,
  record: ProposalRecord,
  state: Uint8Array,
  step: {
    transition: TransitionName;
    from: ProposalStatus;
    to: ProposalStatus;
    actorId: string | null;
    /** Who the frozen version is attributed to. */
    by: string;
    now: Date;
    outcome?: "adopted" | "rejected";
    /** More to record in the audit row (e.g. the vote that made the change). */
    audit?: Record<string, unknown>;
    exceptUserId?: string;
  },
): Promise<number[] | null> {
  const { transition, from, to, now } = step;
  const changed = await tx
    .update(proposals)
    .set({
      status: to,
      statusChangedAt: now,
      updatedAt: now,
      ...(transition === "publish" ? { publishedAt: now } : {}),
      ...(step.outcome ? { outcome: step.outcome } : {}),
    })
    .where(and(eq(proposals.id, record.context.id), eq(proposals.status, from)))
    .returning({ id: proposals.id });
  if (changed.length === 0) return null;
  await freezeVersion(tx, record, state, {
    reason: "transition",
    status: to,
    name: null,
    by: step.by,
  });
  await recordAudit(tx, {
    actorId: step.actorId,
    action: `proposal.${transition}`,
    communityId: record.context.communityId,
    targetType: "proposal",
    targetId: String(record.context.id),
    before: { status: from },
    after: { status: to, ...step.audit },
  });
  const followers = (await followersOf(tx, record.context.id)).filter(
    (id) => id !== step.exceptUserId,
  );
  return notify(tx, followers, {
    kind: "proposal.status",
    values: { title: record.context.title, status: to },
    link: `/proposals/${record.context.id}`,
  });
}

// ---------------------------------------------------------------------------------------------------
// Versions

async function freezeVersion(
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

/** An author saves the text as it is now, under a name. */
export async function saveVersion(
  db: Database,
  documents: LiveDocuments,
  record: ProposalRecord,
  actor: Actor,
  name: string,
): Promise<number | null> {
  if (!record.context.authorIds.includes(actor.id) || !actor.emailVerified) return null;
  const state = await documents.state(docNameOf(record.context.id));
  return db.transaction((tx) =>
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
 * freezes the result as a version of its own.
 */
export async function restoreVersion(
  db: Database,
  documents: LiveDocuments,
  record: ProposalRecord,
  actor: Actor,
  number: number,
): Promise<number | null> {
  if (!mayEditText(record, actor)) return null;
  const [version] = await db
    .select({ state: proposalVersions.state })
    .from(proposalVersions)
    .where(
      and(eq(proposalVersions.proposalId, record.context.id), eq(proposalVersions.number, number)),
    );
  if (!version) return null;
  const docName = docNameOf(record.context.id);
  await documents.transact(docName, (doc) => replaceDocumentContent(doc, version.state));
  const state = await documents.state(docName);
  return db.transaction(async (tx) => {
    const restored = await freezeVersion(tx, record, state, {
      reason: "restored",
      status: record.context.status,
      name: String(number),
      by: actor.id,
    });
    await recordAudit(tx, {
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

// ---------------------------------------------------------------------------------------------------
// Authors

export type InviteResult = "invited" | "notAllowed" | "notAMember" | "already";

/** An author invites a resident of the community, found by email, to co-author. */
export async function inviteCoauthor(
  db: Database,
  record: ProposalRecord,
  actor: Actor,
  inviterName: string,
  email: string,
  mail?: MailDelivery,
): Promise<InviteResult> {
  if (!record.context.authorIds.includes(actor.id) || !actor.emailVerified) return "notAllowed";
  const [invitee] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.deletedAt)));
  if (!invitee) return "notAMember";
  const inviteeActor = await loadActor(db, { id: invitee.id, emailVerified: true });
  if (!effectiveRoles(inviteeActor, record.context.resource).has("resident")) return "notAMember";
  const told: number[] = [];
  const result = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(proposalAuthors)
      .values({ proposalId: record.context.id, userId: invitee.id, invitedBy: actor.id })
      .onConflictDoNothing()
      .returning({ userId: proposalAuthors.userId });
    if (inserted.length === 0) return "already" as const;
    told.push(
      ...(await notify(tx, [invitee.id], {
        kind: "proposal.coauthorInvited",
        values: { name: inviterName, title: record.context.title },
        link: `/proposals/${record.context.id}`,
      })),
    );
    return "invited" as const;
  });
  await mailAfterCommit(db, mail, told);
  return result;
}

/** The invited person accepts (becomes an author and a follower) or declines. */
export async function answerInvitation(
  db: Database,
  record: ProposalRecord,
  actor: Actor,
  accept: boolean,
): Promise<boolean> {
  if (!record.invitedIds.includes(actor.id)) return false;
  await db.transaction(async (tx) => {
    const where = and(
      eq(proposalAuthors.proposalId, record.context.id),
      eq(proposalAuthors.userId, actor.id),
      isNull(proposalAuthors.acceptedAt),
    );
    if (accept) {
      await tx.update(proposalAuthors).set({ acceptedAt: new Date() }).where(where);
      await tx
        .insert(proposalFollowers)
        .values({ proposalId: record.context.id, userId: actor.id })
        .onConflictDoNothing();
    } else {
      await tx.delete(proposalAuthors).where(where);
    }
  });
  return true;
}

export interface AuthorSummary {
  id: string;
  name: string | null;
  accepted: boolean;
}

export async function listAuthors(db: Database, proposalId: number): Promise<AuthorSummary[]> {
  const rows = await db
    .select({
      id: proposalAuthors.userId,
      name: users.displayName,
      acceptedAt: proposalAuthors.acceptedAt,
    })
    .from(proposalAuthors)
    .innerJoin(users, eq(users.id, proposalAuthors.userId))
    .where(eq(proposalAuthors.proposalId, proposalId))
    .orderBy(asc(proposalAuthors.createdAt));
  return rows.map((row) => ({ id: row.id, name: row.name, accepted: row.acceptedAt !== null }));
}

// ---------------------------------------------------------------------------------------------------
// Followers

/** Makes these people followers (idempotent). */
export async function followProposal(
  db: Writer,
  proposalId: number,
  userIds: readonly string[],
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await db
    .insert(proposalFollowers)
    .values(unique.map((userId) => ({ proposalId, userId })))
    .onConflictDoNothing();
}

export async function unfollowProposal(db: Writer, proposalId: number, userId: string) {
  await db
    .delete(proposalFollowers)
    .where(and(eq(proposalFollowers.proposalId, proposalId), eq(proposalFollowers.userId, userId)));
}

export async function isFollowing(db: Writer, proposalId: number, userId: string) {
  const [row] = await db
    .select({ userId: proposalFollowers.userId })
    .from(proposalFollowers)
    .where(and(eq(proposalFollowers.proposalId, proposalId), eq(proposalFollowers.userId, userId)));
  return Boolean(row);
}

/** Everyone who follows the proposal, authors included. */
export async function followersOf(db: Writer, proposalId: number): Promise<string[]> {
  const rows = await db
    .select({ userId: proposalFollowers.userId })
    .from(proposalFollowers)
    .where(eq(proposalFollowers.proposalId, proposalId));
  return rows.map((row) => row.userId);
}

/** The accepted authors of a proposal. */
export async function authorsOf(db: Writer, proposalId: number): Promise<string[]> {
  const rows = await db
    .select({ userId: proposalAuthors.userId })
    .from(proposalAuthors)
    .where(and(eq(proposalAuthors.proposalId, proposalId), isNotNull(proposalAuthors.acceptedAt)));
  return rows.map((row) => row.userId);
}

// ---------------------------------------------------------------------------------------------------
// Lists and search

export interface ProposalFilter {
  /** The communities to cover (a subtree), or null for the whole tree. */
  communityIds: number[] | null;
  status: ProposalStatus | null;
  category: ProposalCategory | null;
  query: string;
  sort: ProposalSort;
}

/** Public proposals (not drafts, not hidden), filtered, searched, sorted and paginated. */
export async function listProposals(
  db: Database,
  filter: ProposalFilter,
  page: PageRequest,
  locale: Locale,
): Promise<{ items: ProposalListItem[]; pageInfo: PageInfo }> {
  const conditions: SQL[] = [
    ne(proposals.status, "draft"),
    isNotNull(proposals.publishedAt),
    isNull(proposals.hiddenAt),
  ];
  // A grid's or building's matters are those raised about it (concerns), below its community.
  if (filter.communityIds)
    conditions.push(
      or(
        inArray(proposals.communityId, filter.communityIds),
        inArray(proposals.concernsId, filter.communityIds),
      )!,
    );
  if (filter.status) conditions.push(eq(proposals.status, filter.status));
  if (filter.category) conditions.push(eq(proposals.category, filter.category));
  const tokens = searchQueryTokens(filter.query);
  if (tokens.length > 0) {
    // Each token is quoted as a lexeme (so none is read as an operator) and matched as a prefix, since
    // segmentation may split a longer word differently in the text (停车 finds 停车位).
    const query = tokens.map((token) => `'${token.replaceAll("'", "''")}':*`).join(" & ");
    conditions.push(sql`${proposals.searchVector} @@ to_tsquery('simple', ${query})`);
  }
  const where = and(...conditions);
  const [total] = await db.select({ n: count() }).from(proposals).where(where);
  const pageInfo = paginate(page, total?.n ?? 0);
  const order =
    filter.sort === "supported"
      ? [desc(proposals.supportCount), desc(proposals.id)]
      : filter.sort === "discussed"
        ? [desc(proposals.commentCount), desc(proposals.id)]
        : [
            desc(sql`coalesce(${proposals.publishedAt}, ${proposals.createdAt})`),
            desc(proposals.id),
          ];
  const rows = await db
    .select({ proposal: proposals, community: communities })
    .from(proposals)
    .innerJoin(communities, eq(communities.id, proposals.communityId))
    .where(where)
    .orderBy(...order)
    .limit(pageInfo.pageSize)
    .offset(pageInfo.offset);
  return {
    pageInfo,
    items: rows.map(({ proposal, community }) => ({
      id: proposal.id,
      title: proposal.title,
      summary: proposal.summary,
      status: proposal.status as ProposalStatus,
      category: proposal.category,
      language: proposal.language,
      communitySlug: community.slug,
      communityName: localizedName(community, locale),
      supportCount: proposal.supportCount,
      commentCount: proposal.commentCount,
      createdAt: (proposal.publishedAt ?? proposal.createdAt).toISOString(),
    })),
  };
}

/** The person's own drafts and invitations (so that a draft is never lost from sight). */
export async function listMyDrafts(db: Database, userId: string) {
  const rows = await db
    .select({ id: proposals.id, title: proposals.title, acceptedAt: proposalAuthors.acceptedAt })
    .from(proposalAuthors)
    .innerJoin(proposals, eq(proposals.id, proposalAuthors.proposalId))
    .where(and(eq(proposalAuthors.userId, userId), eq(proposals.status, "draft")))
    .orderBy(desc(proposals.updatedAt))
    .limit(50);
  return rows.map((row) => ({ id: row.id, title: row.title, invited: row.acceptedAt === null }));
}
