/**
 * Changing when an open vote closes: the committee closes it early or extends it, always with a
 * reason, audited (`vote.closedEarly`, `vote.extended`) and announced to the electorate (one
 * notification, `vote.rescheduled`, naming the new close and the reason). Closing early sets the
 * close to now and then has the clock's own finalisation count it in the same request; extending
 * moves the close later and clears a problem the clock recorded (`attention`), so that it counts
 * again at the new close. Writes `votes` (closesAt, attention).
 */
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { votes } from "../../../db/schema";
import { mayManageVote, type Actor } from "~/domain/policy";
import type { LiveDocuments } from "~/lib/live-documents";
import { commitAct, type Act } from "../acts.server";
import type { MailDelivery } from "../notifications.server";
import { syncDueVotes } from "./clock.server";
import { electorateIds, statusOf, type VoteRecord } from "./record.server";
import type { ScheduleRefusal } from "./refusals.server";

/** A reason given for changing a vote's close. */
export const SCHEDULE_REASON_LIMIT = 500;

const reasonSchema = z.string().trim().min(1).max(SCHEDULE_REASON_LIMIT);

/** "2026-05-12 18:00" in the community's time zone: the new close, as every reader can read it. */
function closeText(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone, dateStyle: "short", timeStyle: "short" })
    .format(at)
    .replace(",", "");
}

/**
 * Moves the close of an open vote, in one act: checks under the row lock that it is still open
 * (not finalised, its close still ahead), writes the new close, audits and tells the electorate.
 */
async function reschedule(
  db: Database,
  mail: MailDelivery | undefined,
  vote: VoteRecord,
  actor: Actor | null,
  change: { action: "vote.closedEarly" | "vote.extended"; closesAt: Date; reason: unknown },
  now: Date,
): Promise<{ ok: true } | { ok: false; reason: ScheduleRefusal }> {
  if (!actor || !mayManageVote(actor, vote)) return { ok: false, reason: "notAllowed" };
  if (statusOf(vote.row, now) !== "open") return { ok: false, reason: "notOpen" };
  const reason = reasonSchema.safeParse(change.reason);
  if (!reason.success) return { ok: false, reason: "badReason" };
  const voteId = vote.row.id;
  const done = await commitAct<null, ScheduleRefusal>(
    db,
    mail,
    async (act: Act<ScheduleRefusal>) => {
      const [locked] = await act.tx
        .select({ closesAt: votes.closesAt, closedAt: votes.closedAt })
        .from(votes)
        .where(eq(votes.id, voteId))
        .for("update");
      if (!locked || locked.closedAt || locked.closesAt.getTime() <= now.getTime())
        act.refuse("notOpen");
      if (
        change.action === "vote.extended" &&
        change.closesAt.getTime() <= locked.closesAt.getTime()
      )
        act.refuse("badClose");
      await act.tx
        .update(votes)
        .set({ closesAt: change.closesAt, attention: null, attentionAt: null })
        .where(and(eq(votes.id, voteId), isNull(votes.closedAt)));
      await act.audit({
        actorId: actor.id,
        action: change.action,
        communityId: vote.row.communityId,
        targetType: "vote",
        targetId: String(voteId),
        before: { closesAt: locked.closesAt.toISOString() },
        after: { closesAt: change.closesAt.toISOString(), reason: reason.data },
      });
      const electorate = await electorateIds(act.tx, voteId);
      for (let i = 0; i < electorate.length; i += 2000)
        await act.notify(electorate.slice(i, i + 2000), {
          kind: "vote.rescheduled",
          values: {
            title: vote.row.title,
            closes: closeText(change.closesAt, vote.community.timeZone),
            reason: reason.data,
          },
          link: `/votes/${voteId}`,
        });
      return null;
    },
  );
  return done.ok ? { ok: true } : done;
}

/**
 * The committee closes an open vote now, with a reason: the close becomes now, and the vote is
 * finalised at once as the clock would (counted, sealed, the proposal decided, the electorate told).
 */
export async function closeVoteEarly(
  db: Database,
  documents: LiveDocuments,
  mail: MailDelivery | undefined,
  vote: VoteRecord,
  actor: Actor | null,
  reason: unknown,
  now: Date = new Date(),
): Promise<{ ok: true } | { ok: false; reason: ScheduleRefusal }> {
  const done = await reschedule(
    db,
    mail,
    vote,
    actor,
    { action: "vote.closedEarly", closesAt: now, reason },
    now,
  );
  if (done.ok) await syncDueVotes(db, documents, now, { voteId: vote.row.id });
  return done;
}

/** The committee extends an open vote to a later close, with a reason. */
export async function extendVote(
  db: Database,
  mail: MailDelivery | undefined,
  vote: VoteRecord,
  actor: Actor | null,
  input: { closesAt: Date; reason: unknown },
  now: Date = new Date(),
): Promise<{ ok: true } | { ok: false; reason: ScheduleRefusal }> {
  if (Number.isNaN(input.closesAt.getTime()) || input.closesAt.getTime() <= now.getTime())
    return { ok: false, reason: "badClose" };
  return reschedule(
    db,
    mail,
    vote,
    actor,
    { action: "vote.extended", closesAt: input.closesAt, reason: input.reason },
    now,
  );
}
