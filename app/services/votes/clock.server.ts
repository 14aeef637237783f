/**
 * The vote clock's work: what must happen once when a vote's opening or closing time passes. Pages
 * never do it (a page that reads never writes: they derive the status from the times and show a
 * result counted on the fly until the clock has stored it); the vote clock (server/vote-clock.ts)
 * runs `syncDueVotes` at start and at every tick. The one exception is an act that needs its vote
 * open in the same moment: setting up a vote that opens now, or a ballot cast in the seconds
 * between the opening time and the clock's next tick, opens it (`ensureOpened`) as the clock would.
 * Writes `votes` (openedAt, electorateSize, closedAt, outcome, attention), `vote_electorate` (frozen at the
 * opening) and `vote_ballots` (the secret box sealed in receipt order at the close), and through the
 * proposals service the proposal a vote decides (deliberation → voting → decided); audits
 * `vote.opened`, `vote.cancelled`, `vote.closed` and `vote.needsAttention` and tells the electorate.
 *
 * `ensureOpened` freezes the electorate (the residents of the vote's community and every community
 * below, as they stood AT `opensAt`, so a late freeze is still exact) and moves a proposal
 * deliberation → voting; `finalizeIfClosed` seals the box, records the outcome, audits the result
 * and moves a proposal voting → decided, or, when the ballots cannot be counted, records why on the
 * vote (`attention`) for the committee and leaves it. Both are conditional updates in one transaction each, so
 * concurrent callers do it once; the cast transaction holds a share lock on the vote row, and
 * finalisation an update lock, so no ballot slips in after the count.
 *
 * Proposal votes use majority or consent (they adopt or reject); other methods choose among options
 * and record the outcome "decided". A proposal withdrawn before its vote opened cancels the vote.
 */
import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import type { Database, Transaction } from "../../../db/client";
import {
  proposals,
  roleGrants,
  users,
  voteBallots,
  voteElectorate,
  votes,
} from "../../../db/schema";
import { check, type ProposalStatus, type TransitionName } from "~/domain/proposal-lifecycle";
import type { LiveDocuments } from "~/lib/live-documents";
import { recordAudit } from "../audit.server";
import { countHearings } from "../proposals/index.server";
import { notify } from "../notifications.server";
import {
  applyTransition,
  docNameOf,
  loadProposal,
  type ProposalRecord,
} from "../proposals/index.server";
import { attemptCount } from "./count.server";
import { electorateIds, loadVote, statusOf, type VoteRecord } from "./record.server";

/** How long the clock leaves a vote it could not count before trying again (unless it changes). */
export const ATTENTION_RETRY_MS = 15 * 60_000;

/**
 * Brings every vote whose opening or closing time has passed up to date, whether or not anyone has
 * looked at it: the electorate is frozen, the proposal moves, the result is counted and the
 * electorate told. The vote clock (server/vote-clock.ts) runs it at start (a vote that closed while
 * no server ran is counted then) and at every tick; several instances may run it at once (each step
 * happens once). `only.voteId` limits a pass to one vote (a test ticking the clock for it).
 *
 * Each vote is brought up to date on its own: a vote that cannot be counted is marked as needing
 * attention (`votes.attention`, audited `vote.needsAttention` once) and left for
 * `ATTENTION_RETRY_MS`, and a vote whose step fails otherwise is reported in `failed`; neither
 * stops the pass from closing the others on time.
 * Returns the ids this call opened, closed and marked, oldest deadline first, at most `limit` votes
 * a run, and the failures.
 */
export async function syncDueVotes(
  db: Database,
  documents: LiveDocuments,
  now: Date = new Date(),
  only: { voteId?: number; limit?: number } = {},
): Promise<{
  opened: number[];
  closed: number[];
  attention: number[];
  failed: Array<{ id: number; error: unknown }>;
}> {
  const at = now.toISOString();
  const retry = new Date(now.getTime() - ATTENTION_RETRY_MS).toISOString();
  const due = await db
    .select({ id: votes.id })
    .from(votes)
    .where(
      and(
        isNull(votes.closedAt),
        or(
          and(isNull(votes.openedAt), sql`${votes.opensAt} <= ${at}::timestamptz`),
          sql`${votes.closesAt} <= ${at}::timestamptz`,
        ),
        or(isNull(votes.attentionAt), sql`${votes.attentionAt} <= ${retry}::timestamptz`),
        only.voteId === undefined ? undefined : eq(votes.id, only.voteId),
      ),
    )
    .orderBy(asc(votes.closesAt), asc(votes.id))
    .limit(only.limit ?? 100);
  const opened: number[] = [];
  const closed: number[] = [];
  const attention: number[] = [];
  const failed: Array<{ id: number; error: unknown }> = [];
  for (const { id } of due) {
    try {
      const vote = await loadVote(db, id, now);
      if (!vote) continue;
      if (await ensureOpened(db, documents, vote, now)) opened.push(id);
      if (vote.status === "closed") {
        const fresh = (await loadVote(db, id, now)) ?? vote;
        const done = await finalize(db, documents, fresh, now);
        if (done === "closed") closed.push(id);
        else if (done === "attention") attention.push(id);
      }
    } catch (error) {
      failed.push({ id, error });
    }
  }
  return { opened, closed, attention, failed };
}

/** Notifies in slices (a city-wide electorate is large; one INSERT has a parameter limit). */
async function notifyMany(
  tx: Transaction,
  userIds: string[],
  payload: Parameters<typeof notify>[2],
): Promise<void> {
  for (let i = 0; i < userIds.length; i += 2000)
    await notify(tx, userIds.slice(i, i + 2000), payload);
}
// ---------------------------------------------------------------------------------------------------
// The proposal a vote decides

/**
 * Moves the proposal through the lifecycle machine inside the vote's transaction: `openVote` when
 * the vote opens, `decide` when it closes. The vote acts with the authority of the committee that
 * set it up (the machine's `who` is met by construction); the requirements are the machine's own
 * (a hearing held; the vote closed). Freezes a version, audits and tells the followers, as
 * `transitionProposal` does. False when the machine refuses (e.g. the proposal was withdrawn).
 */
async function moveProposal(
  tx: Transaction,
  record: ProposalRecord,
  state: Uint8Array,
  transition: TransitionName,
  meta: { actorId: string | null; by: string; voteId: number; outcome?: "adopted" | "rejected" },
  now: Date,
): Promise<boolean> {
  const [current] = await tx
    .select({ status: proposals.status, supports: proposals.supportCount })
    .from(proposals)
    .where(eq(proposals.id, record.context.id))
    .for("update");
  if (!current) return false;
  const from = current.status as ProposalStatus;
  const verdict = check(from, transition, {
    actorIsAuthor: false,
    actorRoles: new Set(["committee"]),
    supports: current.supports,
    supportThreshold: 0,
    hearingsHeld: await countHearings(tx, record.context.id),
    voteClosed: transition === "decide",
    outcome: meta.outcome ?? null,
    hasImplementationPlan: false,
    openMilestones: 0,
  });
  if (!verdict.ok) return false;
  const told = await applyTransition(tx, record, state, {
    transition,
    from,
    to: verdict.to,
    actorId: meta.actorId,
    by: meta.by,
    now,
    outcome: meta.outcome,
    audit: { voteId: meta.voteId, outcome: meta.outcome ?? null },
  });
  return told !== null;
}

// ---------------------------------------------------------------------------------------------------
// Opening

/**
 * Opens the vote if its time has come and nobody has yet: freezes the electorate (residents of the
 * community and below as they stood at `opensAt`), moves its proposal to voting, audits
 * `vote.opened` and tells the electorate. Idempotent (a conditional update decides who opens it).
 * `actorId`: who opened it, when it opens in their own act; null when it opens as time passes.
 * True when this call opened (or cancelled) it.
 */
export async function ensureOpened(
  db: Database,
  documents: LiveDocuments,
  vote: VoteRecord,
  now: Date = new Date(),
  actorId: string | null = null,
): Promise<boolean> {
  if (vote.row.openedAt || now.getTime() < vote.row.opensAt.getTime()) return false;
  const proposal = vote.proposal ? await loadProposal(db, vote.proposal.id) : null;
  const state = proposal ? await documents.state(docNameOf(proposal.context.id)) : null;
  const area = vote.area;
  const opensAt = vote.row.opensAt;
  const opened = await db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(votes)
      .set({ openedAt: now })
      .where(and(eq(votes.id, vote.row.id), isNull(votes.openedAt)))
      .returning({ id: votes.id });
    if (!claimed) return null;
    if (proposal && state) {
      const moved = await moveProposal(
        tx,
        proposal,
        state,
        "openVote",
        { actorId, by: vote.row.createdBy, voteId: vote.row.id },
        now,
      );
      if (!moved) {
        await tx
          .update(votes)
          .set({ closedAt: now, electorateSize: 0, outcome: "cancelled" })
          .where(eq(votes.id, vote.row.id));
        await recordAudit(tx, {
          actorId,
          action: "vote.cancelled",
          communityId: vote.row.communityId,
          targetType: "vote",
          targetId: String(vote.row.id),
          before: null,
          after: { proposalId: proposal.context.id, reason: "proposalNotInDeliberation" },
        });
        return "cancelled" as const;
      }
    }
    // The electorate as it stood at the opening time, whenever this runs.
    await tx.execute(sql`
      insert into ${voteElectorate} (vote_id, user_id)
      select distinct ${vote.row.id}::integer, g.user_id
        from ${roleGrants} g join ${users} u on u.id = g.user_id
       where g.role = 'resident'
         and g.community_id in (${sql.join(
           area.map((id) => sql`${id}`),
           sql`, `,
         )})
         and g.granted_at <= ${opensAt.toISOString()}::timestamptz
         and (g.revoked_at is null or g.revoked_at > ${opensAt.toISOString()}::timestamptz)
         and (u.deleted_at is null or u.deleted_at > ${opensAt.toISOString()}::timestamptz)
      on conflict do nothing`);
    const electorate = await electorateIds(tx, vote.row.id);
    await tx
      .update(votes)
      .set({ electorateSize: electorate.length })
      .where(eq(votes.id, vote.row.id));
    await recordAudit(tx, {
      actorId,
      action: "vote.opened",
      communityId: vote.row.communityId,
      targetType: "vote",
      targetId: String(vote.row.id),
      before: null,
      after: {
        title: vote.row.title,
        method: vote.row.method,
        secret: vote.row.secret,
        opensAt: vote.row.opensAt.toISOString(),
        closesAt: vote.row.closesAt.toISOString(),
        electorate: electorate.length,
        proposalId: vote.row.proposalId,
      },
    });
    await notifyMany(tx, electorate, {
      kind: "vote.opened",
      values: { title: vote.row.title },
      link: `/votes/${vote.row.id}`,
    });
    return "opened" as const;
  });
  if (opened === "opened" && proposal) documents.reauthorize(docNameOf(proposal.context.id));
  return opened !== null;
}

// ---------------------------------------------------------------------------------------------------
// Closing

/**
 * Finalises the vote once its closing time has passed: seals and (secret votes) rewrites the ballot
 * box in receipt order, counts, records the outcome, audits `vote.closed` with the result, tells the
 * electorate, and moves its proposal to decided with the outcome. Idempotent: the vote row is
 * locked and `closedAt` checked, so it happens once. True when this call finalised it.
 */
export async function finalizeIfClosed(
  db: Database,
  documents: LiveDocuments,
  vote: VoteRecord,
  now: Date = new Date(),
): Promise<boolean> {
  return (await finalize(db, documents, vote, now)) === "closed";
}

/**
 * `finalizeIfClosed`, saying what happened: "closed"; "attention" when the ballots cannot be
 * counted (the problem is recorded on the vote, audited the first time, and the vote stays
 * unfinalised); null when there was nothing to do.
 */
async function finalize(
  db: Database,
  documents: LiveDocuments,
  vote: VoteRecord,
  now: Date,
): Promise<"closed" | "attention" | null> {
  if (vote.row.closedAt || statusOf(vote.row, now) !== "closed") return null;
  let current = vote;
  if (!vote.row.openedAt) {
    await ensureOpened(db, documents, vote, now);
    const reloaded = await loadVote(db, vote.row.id, now);
    if (!reloaded || reloaded.row.closedAt) return reloaded ? "closed" : null;
    current = reloaded;
  }
  const proposal = current.proposal ? await loadProposal(db, current.proposal.id) : null;
  const state = proposal ? await documents.state(docNameOf(proposal.context.id)) : null;
  const voteId = current.row.id;
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({
        closedAt: votes.closedAt,
        electorateSize: votes.electorateSize,
        attention: votes.attention,
      })
      .from(votes)
      .where(eq(votes.id, voteId))
      .for("update");
    if (!locked || locked.closedAt) return null;
    const attempt = await attemptCount(tx, current, locked.electorateSize ?? 0);
    if (!attempt.ok) {
      await tx
        .update(votes)
        .set({ attention: attempt.problem, attentionAt: now })
        .where(eq(votes.id, voteId));
      if (locked.attention === null)
        await recordAudit(tx, {
          actorId: null,
          action: "vote.needsAttention",
          communityId: current.row.communityId,
          targetType: "vote",
          targetId: String(voteId),
          before: null,
          after: attempt.problem,
        });
      return "attention" as const;
    }
    const counted = attempt.count;
    if (current.row.secret) await rewriteBallotBox(tx, voteId);
    const outcome = current.row.proposalId ? (counted.proposalOutcome ?? "rejected") : "decided";
    await tx
      .update(votes)
      .set({ closedAt: now, outcome, attention: null, attentionAt: null })
      .where(eq(votes.id, voteId));
    await recordAudit(tx, {
      actorId: null,
      action: "vote.closed",
      communityId: current.row.communityId,
      targetType: "vote",
      targetId: String(voteId),
      before: null,
      after: {
        outcome,
        turnout: counted.turnout,
        quorumMet: counted.quorum.met,
        thresholdMet: counted.threshold?.met ?? null,
        winner: counted.tally?.winner ?? null,
        ranking: counted.tally?.ranking ?? counted.budget?.ranking ?? [],
        funded: counted.budget?.funded ?? null,
        batches: counted.batches.map((b) => ({ label: b.label, papers: b.papers })),
      },
    });
    await notifyMany(tx, await electorateIds(tx, voteId), {
      kind: "vote.closed",
      values: { title: current.row.title },
      link: `/votes/${voteId}`,
    });
    if (proposal && state && (outcome === "adopted" || outcome === "rejected")) {
      await moveProposal(
        tx,
        proposal,
        state,
        "decide",
        { actorId: null, by: current.row.createdBy, voteId, outcome },
        now,
      );
    }
    return "closed" as const;
  });
}

/**
 * Writes a secret ballot box again in receipt order, in one statement: afterwards neither the rows'
 * physical order nor their transaction ids (every row now has this transaction's) recall the order
 * of casting, which the voter roll's order could otherwise be matched against.
 */
async function rewriteBallotBox(tx: Transaction, voteId: number): Promise<void> {
  await tx.execute(sql`select set_config('yishi.rewrite_ballots', ${String(voteId)}, true)`);
  await tx.execute(sql`
    with sealed as (
      delete from ${voteBallots} where vote_id = ${voteId}
      returning id, vote_id, receipt, content, cast_on
    )
    insert into ${voteBallots} (id, vote_id, receipt, content, cast_on)
    select id, vote_id, receipt, content, cast_on from sealed order by receipt`);
  await tx.execute(sql`select set_config('yishi.rewrite_ballots', '', true)`);
}
