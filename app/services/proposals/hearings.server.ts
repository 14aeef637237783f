/**
 * Hearings held on a proposal: the minimal record of an offline hearing, forum, expert review,
 * dialogue or courtyard meeting, which the lifecycle requires before a vote (`openVote` needs
 * `hearingHeld`). The committee records what was held, when, and a summary; the meetings area will
 * later record meetings in full: a fact about the proposal, which its transitions read.
 *
 * Owns `proposal_hearings` (append-only: a trigger refuses changes); audits.
 */
import { asc, count, eq } from "drizzle-orm";
import type { Database, Transaction } from "../../../db/client";
import { proposalHearings, users } from "../../../db/schema";
import { HEARING_STATUSES, mayRecordHearing, type Actor } from "~/domain/policy";
import { ballotDay, HEARING_FORMATS, type HearingFormat } from "~/domain/vote-rules";
import { commitAct, type ActOutcome } from "../acts.server";
import type { ProposalRecord } from "./record.server";

export { HEARING_FORMATS, type HearingFormat };

export const HEARING_SUMMARY_LIMIT = 5000;

export interface HearingInput {
  format: HearingFormat;
  /** The day it was held, "YYYY-MM-DD" (not in the future). */
  heldOn: string;
  summary: string;
}

export interface Hearing {
  id: number;
  format: HearingFormat;
  heldOn: string;
  summary: string;
  recordedBy: string;
  recordedByName: string | null;
  createdAt: Date;
}

export type HearingRefusal = "notAllowed" | "wrongStatus" | "badFormat" | "badDate" | "badSummary";

function validDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The committee (vote.manage at the proposal's community) records a hearing that was held. */
export async function recordHearing(
  db: Database,
  record: ProposalRecord,
  actor: Actor | null,
  input: HearingInput,
  now: Date = new Date(),
): Promise<{ ok: true; id: number } | { ok: false; reason: HearingRefusal }> {
  if (!actor || !mayRecordHearing(actor, record.context))
    return { ok: false, reason: "notAllowed" };
  if (!HEARING_STATUSES.includes(record.context.status))
    return { ok: false, reason: "wrongStatus" };
  if (!HEARING_FORMATS.includes(input.format)) return { ok: false, reason: "badFormat" };
  // Dates compare as strings in this form; "today" is the community's today.
  if (!validDay(input.heldOn) || input.heldOn > ballotDay(now, record.community.timeZone))
    return { ok: false, reason: "badDate" };
  const summary = input.summary.trim();
  if (summary.length === 0 || summary.length > HEARING_SUMMARY_LIMIT)
    return { ok: false, reason: "badSummary" };
  const recorded: ActOutcome<number, never> = await commitAct(
    db,
    undefined,
    async ({ tx, audit }) => {
      const [row] = await tx
        .insert(proposalHearings)
        .values({
          proposalId: record.context.id,
          format: input.format,
          heldOn: input.heldOn,
          summary,
          recordedBy: actor.id,
        })
        .returning({ id: proposalHearings.id });
      await audit({
        actorId: actor.id,
        action: "proposal.hearing",
        communityId: record.context.communityId,
        targetType: "proposal",
        targetId: String(record.context.id),
        before: null,
        after: { hearingId: row!.id, format: input.format, heldOn: input.heldOn },
      });
      return row!.id;
    },
  );
  return recorded.ok ? { ok: true, id: recorded.value } : recorded;
}

/** How many hearings were held on the proposal (for the lifecycle's `hearingHeld`). */
export async function countHearings(
  db: Database | Transaction,
  proposalId: number,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(proposalHearings)
    .where(eq(proposalHearings.proposalId, proposalId));
  return row?.n ?? 0;
}

/** The hearings held on the proposal, oldest first. */
export async function listHearings(db: Database, proposalId: number): Promise<Hearing[]> {
  const rows = await db
    .select({
      id: proposalHearings.id,
      format: proposalHearings.format,
      heldOn: proposalHearings.heldOn,
      summary: proposalHearings.summary,
      recordedBy: proposalHearings.recordedBy,
      recordedByName: users.displayName,
      createdAt: proposalHearings.createdAt,
    })
    .from(proposalHearings)
    .leftJoin(users, eq(users.id, proposalHearings.recordedBy))
    .where(eq(proposalHearings.proposalId, proposalId))
    .orderBy(asc(proposalHearings.heldOn), asc(proposalHearings.id));
  return rows.map((row) => ({ ...row, format: row.format as HearingFormat }));
}
