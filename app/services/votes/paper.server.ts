/**
 * Paper ballots: a committee member enters a labelled batch (counts per option for majority and
 * approval, or a list of ballots for any method) and ANOTHER committee member confirms it (a CHECK
 * constraint); only confirmed batches count. Batches are entered and confirmed while the vote is
 * open: the result is fixed at the close. A paper station checks the roll before handing out a
 * ballot, as the paper roll of any polling station does (paper voters are not on the online roll);
 * still, a batch that would bring the ballots (online, proxy and confirmed paper) above the frozen
 * electorate is refused, when entered and when confirmed, saying by how many (`exceedsElectorate`).
 * Writes `vote_paper_batches`; audits `vote.paperEntered` and `vote.paperConfirmed`.
 */
import { and, asc, count, eq, isNotNull, sql } from "drizzle-orm";
import type { Database, Transaction } from "../../../db/client";
import { users, votePaperBatches, votes, voteVoters } from "../../../db/schema";
import { mayManageVote, type Actor } from "~/domain/policy";
import { checkPaperCounts, validateBallot, type BallotContent } from "~/domain/vote-rules";
import { recordAudit } from "../audit.server";
import { rulesOf, statusOf, type VoteRecord, type Writer } from "./record.server";
import type { ConfirmRefusal, PaperRefusal } from "./refusals.server";

/** A label for a paper batch: "Room, 3 May", "Building 3 box". */
export const BATCH_LABEL_LIMIT = 100;

export type PaperBatchInput =
  | { label: string; kind: "counts"; counts: Record<string, number> }
  | { label: string; kind: "ballots"; ballots: unknown[] };

export interface PaperBatch {
  id: number;
  label: string;
  kind: "counts" | "ballots";
  /** The ballot papers it stands for. */
  papers: number;
  counts: Record<string, number> | null;
  ballots: BallotContent[] | null;
  enteredBy: string;
  enteredByName: string | null;
  enteredAt: Date;
  confirmedBy: string | null;
  confirmedByName: string | null;
  confirmedAt: Date | null;
}

/**
 * A committee member enters a batch of paper ballots (counts for majority and approval, or the
 * ballots one by one); it counts once another committee member confirms it. `index` names the first
 * bad ballot (0-based) of a list.
 */
export async function enterPaperBatch(
  db: Database,
  vote: VoteRecord,
  actor: Actor | null,
  input: PaperBatchInput,
  now: Date = new Date(),
): Promise<
  { ok: true; id: number } | { ok: false; reason: PaperRefusal; index?: number; over?: number }
> {
  if (!actor || !mayManageVote(actor, vote)) return { ok: false, reason: "notAllowed" };
  const status = statusOf(vote.row, now);
  if (status === "scheduled") return { ok: false, reason: "notOpenYet" };
  if (status === "closed") return { ok: false, reason: "closed" };
  const label = input.label.trim();
  if (label.length === 0 || label.length > BATCH_LABEL_LIMIT)
    return { ok: false, reason: "badLabel" };
  const rules = rulesOf(vote);
  let counts: Record<string, number> | null = null;
  let ballots: BallotContent[] | null = null;
  let papers: number;
  if (input.kind === "counts") {
    const checked = checkPaperCounts(input.counts, rules);
    if (!checked.ok) return { ok: false, reason: checked.problem };
    counts = checked.counts;
    papers = checked.papers;
  } else {
    if (!Array.isArray(input.ballots) || input.ballots.length === 0)
      return { ok: false, reason: "emptyBatch" };
    if (input.ballots.length > 100_000) return { ok: false, reason: "badBallot" };
    ballots = [];
    for (const [index, ballot] of input.ballots.entries()) {
      const checked = validateBallot(ballot, rules);
      if (!checked.ok) return { ok: false, reason: "badBallot", index };
      ballots.push(checked.content);
    }
    papers = ballots.length;
  }
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ closedAt: votes.closedAt })
      .from(votes)
      .where(eq(votes.id, vote.row.id))
      .for("share");
    if (!current || current.closedAt) return { ok: false as const, reason: "closed" as const };
    const over = await beyondRoll(tx, vote.row.id, papers);
    if (over !== 0) return over;
    const [row] = await tx
      .insert(votePaperBatches)
      .values({
        voteId: vote.row.id,
        label,
        kind: input.kind,
        counts,
        ballots,
        papers,
        enteredBy: actor.id,
        enteredAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: votePaperBatches.id });
    if (!row) return { ok: false as const, reason: "labelTaken" as const };
    await recordAudit(tx, {
      actorId: actor.id,
      action: "vote.paperEntered",
      communityId: vote.row.communityId,
      targetType: "vote",
      targetId: String(vote.row.id),
      before: null,
      after: { batchId: row.id, label, kind: input.kind, papers, counts },
    });
    return { ok: true as const, id: row.id };
  });
}

/** Another committee member confirms a batch (the one who entered it cannot). */
export async function confirmPaperBatch(
  db: Database,
  vote: VoteRecord,
  actor: Actor | null,
  batchId: number,
  now: Date = new Date(),
): Promise<{ ok: true } | { ok: false; reason: ConfirmRefusal; over?: number }> {
  if (!actor || !mayManageVote(actor, vote)) return { ok: false, reason: "notAllowed" };
  const status = statusOf(vote.row, now);
  if (status === "scheduled") return { ok: false, reason: "notOpenYet" };
  if (status === "closed") return { ok: false, reason: "closed" };
  if (!Number.isSafeInteger(batchId) || batchId <= 0 || batchId > 2_147_483_647)
    return { ok: false, reason: "noSuchBatch" };
  return db.transaction(async (tx) => {
    // An update lock: two confirmations of the same vote are checked against the roll in turn.
    const [current] = await tx
      .select({ closedAt: votes.closedAt })
      .from(votes)
      .where(eq(votes.id, vote.row.id))
      .for("update");
    if (!current || current.closedAt) return { ok: false as const, reason: "closed" as const };
    const [batch] = await tx
      .select()
      .from(votePaperBatches)
      .where(and(eq(votePaperBatches.id, batchId), eq(votePaperBatches.voteId, vote.row.id)))
      .for("update");
    if (!batch) return { ok: false as const, reason: "noSuchBatch" as const };
    if (batch.confirmedBy) return { ok: false as const, reason: "alreadyConfirmed" as const };
    if (batch.enteredBy === actor.id) return { ok: false as const, reason: "sameMember" as const };
    const over = await beyondRoll(tx, vote.row.id, batch.papers);
    if (over !== 0) return over;
    await tx
      .update(votePaperBatches)
      .set({ confirmedBy: actor.id, confirmedAt: now })
      .where(eq(votePaperBatches.id, batchId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "vote.paperConfirmed",
      communityId: vote.row.communityId,
      targetType: "vote",
      targetId: String(vote.row.id),
      before: { batchId, label: batch.label, enteredBy: batch.enteredBy },
      after: { batchId, label: batch.label, papers: batch.papers, confirmedBy: actor.id },
    });
    return { ok: true as const };
  });
}

/**
 * Whether `papers` more ballot papers fit on the frozen electorate, besides the ballots on the roll
 * (in person and by proxy) and the confirmed batches: 0 when they do, else the refusal (by how many
 * they exceed it; `notOpenYet` while the electorate is not frozen, the seconds before the clock
 * opens a vote nobody has cast in).
 */
async function beyondRoll(
  tx: Transaction,
  voteId: number,
  papers: number,
): Promise<0 | { ok: false; reason: "exceedsElectorate" | "notOpenYet"; over?: number }> {
  const [vote] = await tx
    .select({ electorate: votes.electorateSize })
    .from(votes)
    .where(eq(votes.id, voteId));
  if (vote?.electorate == null) return { ok: false, reason: "notOpenYet" };
  const [roll] = await tx
    .select({ n: count() })
    .from(voteVoters)
    .where(eq(voteVoters.voteId, voteId));
  const [paper] = await tx
    .select({ n: sql<number>`coalesce(sum(${votePaperBatches.papers}), 0)`.mapWith(Number) })
    .from(votePaperBatches)
    .where(and(eq(votePaperBatches.voteId, voteId), isNotNull(votePaperBatches.confirmedBy)));
  const over = (roll?.n ?? 0) + (paper?.n ?? 0) + papers - vote.electorate;
  return over > 0 ? { ok: false, reason: "exceedsElectorate", over } : 0;
}

/** The paper batches of a vote, in the order they were entered (confirmed or not). */
export async function listPaperBatches(db: Writer, vote: VoteRecord): Promise<PaperBatch[]> {
  const enterer = sql<
    string | null
  >`(select display_name from ${users} where id = ${votePaperBatches.enteredBy})`;
  const confirmer = sql<
    string | null
  >`(select display_name from ${users} where id = ${votePaperBatches.confirmedBy})`;
  const rows = await db
    .select({ batch: votePaperBatches, enteredByName: enterer, confirmedByName: confirmer })
    .from(votePaperBatches)
    .where(eq(votePaperBatches.voteId, vote.row.id))
    .orderBy(asc(votePaperBatches.id));
  return rows.map(({ batch, enteredByName, confirmedByName }) => ({
    id: batch.id,
    label: batch.label,
    kind: batch.kind as "counts" | "ballots",
    papers: batch.papers,
    counts: batch.counts as Record<string, number> | null,
    ballots: batch.ballots as BallotContent[] | null,
    enteredBy: batch.enteredBy,
    enteredByName,
    enteredAt: batch.enteredAt,
    confirmedBy: batch.confirmedBy,
    confirmedByName,
    confirmedAt: batch.confirmedAt,
  }));
}
