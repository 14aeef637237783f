/**
 * Casting a ballot, for oneself or (through `./proxy.server.ts`) for a listed resident. Writes
 * `vote_voters` (the roll), `vote_ballots` (the secret box) and `vote_open_ballots`; audits
 * `vote.proxyCast` for a ballot cast by proxy (never its content).
 *
 * Eligible = in the frozen electorate (and, casting for oneself, a verified email). The voter roll's
 * primary key (vote, voter) makes a second ballot impossible, also under concurrent submissions
 * (INSERT … ON CONFLICT DO NOTHING decides who was first). The cast transaction holds a share lock
 * on the vote row, and finalisation an update lock, so no ballot slips in after the count.
 * - Open votes: `vote_open_ballots` (vote, voter) is upserted: the last ballot counts.
 * - Secret votes: the roll row and a ballot with a random UUID, no voter, the day only, and a fresh
 *   receipt code (80 random bits), returned once. To change the ballot the voter presents that
 *   receipt: its content is replaced in the transaction that finds them on the roll. The server has
 *   no link from voter to ballot, so a lost receipt cannot be replaced (the ballot still counts).
 *   Why the secret ballot is built this way: docs/decisions/0010-secret-ballots.md.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  voteBallots,
  voteElectorate,
  voteOpenBallots,
  votes,
  voteVoters,
} from "../../../db/schema";
import type { Actor } from "~/domain/policy";
import { ballotDay, newReceiptCode, normalizeReceipt, validateBallot } from "~/domain/vote-rules";
import type { LiveDocuments } from "~/lib/live-documents";
import { recordAudit } from "../audit.server";
import { ensureOpened } from "./clock.server";
import { rulesOf, statusOf, type VoteRecord } from "./record.server";
import type { CastRefusal } from "./refusals.server";

/**
 * `receipt`: a secret vote's receipt code, given once, on the first cast (null otherwise: on a
 * replacement, the voter already holds it). `replaced`: whether an earlier ballot was replaced.
 */
export type CastResult =
  { ok: true; receipt: string | null; replaced: boolean } | { ok: false; reason: CastRefusal };

/** Who casts: the voter, or a proxy for them with the consent noted. */
export interface Caster {
  voterId: string;
  castBy: string | null;
  consentNote: string | null;
}

/** Records a ballot for `caster.voterId` (the checks of who may cast are the caller's). */
export async function cast(
  db: Database,
  documents: LiveDocuments,
  vote: VoteRecord,
  caster: Caster,
  input: { content: unknown; receipt?: string | null },
  now: Date,
): Promise<CastResult> {
  const status = statusOf(vote.row, now);
  if (status === "scheduled") return { ok: false, reason: "notOpenYet" };
  // Closing is the clock's; a ballot in the seconds before its tick after the opening opens the vote.
  if (status === "closed") return { ok: false, reason: "closed" };
  if (!vote.row.openedAt) await ensureOpened(db, documents, vote, now);
  const checked = validateBallot(input.content, rulesOf(vote));
  if (!checked.ok) return { ok: false, reason: checked.problem };
  const typed = input.receipt?.trim() ? input.receipt : null;
  const receipt = typed ? normalizeReceipt(typed) : null;
  if (typed && !receipt) return { ok: false, reason: "badReceipt" };
  const day = ballotDay(now, vote.community.timeZone);
  const voteId = vote.row.id;

  return db.transaction(async (tx): Promise<CastResult> => {
    // A share lock: many cast at once; finalisation (an update lock) waits for them, then they wait.
    const [current] = await tx
      .select({ openedAt: votes.openedAt, closedAt: votes.closedAt })
      .from(votes)
      .where(eq(votes.id, voteId))
      .for("share");
    if (!current?.openedAt) return { ok: false, reason: "notOpenYet" };
    if (current.closedAt) return { ok: false, reason: "closed" };
    const [listed] = await tx
      .select({ userId: voteElectorate.userId })
      .from(voteElectorate)
      .where(and(eq(voteElectorate.voteId, voteId), eq(voteElectorate.userId, caster.voterId)));
    if (!listed) return { ok: false, reason: "notEligible" };
    const first = await tx
      .insert(voteVoters)
      .values({
        voteId,
        userId: caster.voterId,
        votedOn: day,
        castBy: caster.castBy,
        consentNote: caster.consentNote,
      })
      .onConflictDoNothing()
      .returning({ userId: voteVoters.userId });
    const replaced = first.length === 0;
    let issued: string | null = null;
    if (vote.row.secret) {
      if (!replaced) {
        issued = newReceiptCode();
        await tx.insert(voteBallots).values({
          id: randomUUID(),
          voteId,
          receipt: issued,
          content: checked.content,
          castOn: day,
        });
      } else {
        if (!receipt) return { ok: false, reason: "receiptRequired" };
        const changed = await tx
          .update(voteBallots)
          .set({ content: checked.content })
          .where(and(eq(voteBallots.voteId, voteId), eq(voteBallots.receipt, receipt)))
          .returning({ id: voteBallots.id });
        if (changed.length === 0) return { ok: false, reason: "badReceipt" };
      }
    } else {
      await tx
        .insert(voteOpenBallots)
        .values({ voteId, userId: caster.voterId, content: checked.content, castAt: now })
        .onConflictDoUpdate({
          target: [voteOpenBallots.voteId, voteOpenBallots.userId],
          set: { content: checked.content, castAt: now },
        });
    }
    if (caster.castBy) {
      await recordAudit(tx, {
        actorId: caster.castBy,
        action: "vote.proxyCast",
        communityId: vote.row.communityId,
        targetType: "vote",
        targetId: String(voteId),
        before: null,
        after: { voterId: caster.voterId, consentNote: caster.consentNote, replaced },
      });
    }
    return { ok: true, receipt: issued, replaced };
  });
}

/**
 * A resident casts (or changes) their own ballot. A secret vote's first cast returns the receipt;
 * changing it needs that receipt.
 */
export async function castBallot(
  db: Database,
  documents: LiveDocuments,
  vote: VoteRecord,
  actor: Actor | null,
  input: { content: unknown; receipt?: string | null },
  now: Date = new Date(),
): Promise<CastResult> {
  if (!actor) return { ok: false, reason: "notSignedIn" };
  if (!actor.emailVerified) return { ok: false, reason: "emailNotVerified" };
  return cast(
    db,
    documents,
    vote,
    { voterId: actor.id, castBy: null, consentNote: null },
    input,
    now,
  );
}
