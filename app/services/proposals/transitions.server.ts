/**
 * Changes of a proposal's status, through the one state machine (~/domain/lifecycle/proposal): who
 * may make which transition and what it requires are the machine's; this makes the act (the status,
 * a frozen version, the audit row, the followers told) in one transaction.
 *
 * Writes `proposals` (status, status_changed_at, published_at, outcome); versions through
 * versions.server; audits; notifies.
 */
import { and, eq } from "drizzle-orm";
import type { Database, Transaction } from "../../../db/client";
import { proposals } from "../../../db/schema";
import {
  check,
  textEditable,
  type ProposalStatus,
  type TransitionContext,
  type TransitionName,
} from "~/domain/proposal-lifecycle";
import { effectiveRoles, type Actor } from "~/domain/policy";
import type { LiveDocuments } from "~/lib/live-documents";
import { recordAudit } from "../audit.server";
import { commitAct } from "../acts.server";
import { notify, type MailDelivery } from "../notifications.server";
import { followersOf } from "./followers.server";
import { countHearings } from "./hearings.server";
import { docNameOf, type ProposalRecord } from "./record.server";
import { supportThreshold } from "./supports.server";
import { freezeVersion } from "./versions.server";

/** What the state machine needs to know to decide this actor's transitions of the proposal. */
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
    // Votes and plans arrive with later issues; until then their requirements are unmet.
    hearingsHeld: await countHearings(db, record.context.id),
    voteClosed: false,
    outcome: (record.row.outcome as "adopted" | "rejected" | null) ?? null,
    hasImplementationPlan: false,
    openMilestones: 0,
  };
}

/** The transitions a person makes on the proposal's page (votes make `openVote` and `decide`). */
export const IMPLEMENTED_TRANSITIONS: readonly TransitionName[] = [
  "publish",
  "startDeliberation",
  "withdraw",
];

export type TransitionResult = { ok: true; to: ProposalStatus } | { ok: false; reason: string };

/**
 * Makes a transition through the one state machine: checks it (the machine refuses those who may
 * not make it: `notAllowed`), changes the status (only if nobody changed it meanwhile), freezes a
 * version of the text, audits and tells the followers, all in one act; then asks open editors to
 * reconnect, since who may edit may have changed.
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
  const result = await commitAct<void, "wrongStatus">(db, mail, async (act) => {
    const told = await applyTransition(act.tx, record, state, {
      transition,
      from,
      to: verdict.to,
      actorId: actor.id,
      by: actor.id,
      now: new Date(),
      exceptUserId: actor.id,
    });
    if (!told) return act.refuse("wrongStatus");
    act.mailAlso(told);
  });
  if (!result.ok) return result;
  if (textEditable(from) !== textEditable(verdict.to)) documents.reauthorize(docName);
  return { ok: true, to: verdict.to };
}

/**
 * The act of a transition the machine allowed, inside the caller's transaction: the status changes
 * only if it is still `from`, a version is frozen, the act is audited and the followers told (all
 * but `exceptUserId`). Votes call it too, when they open and close, having asked the machine
 * themselves. Returns the notifications made, or null when somebody changed the status meanwhile
 * (nothing was written).
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
