/**
 * Setting up a vote: a committee member (vote.manage at the community) names its method, settings,
 * options and times, on a proposal or not. Writes `votes` and `vote_options`, audits `vote.created`;
 * a vote whose opening time is now or past opens at once, in the same act (`./clock.server.ts`).
 */
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { voteOptions, votes, type Community } from "../../../db/schema";
import { mayManageVote, type Actor, type CommunityResource } from "~/domain/policy";
import {
  checkSetup,
  DESCRIPTION_LIMIT,
  normalizeSettings,
  OPTIONLESS_METHODS,
  type OptionInput,
  type VoteMethod,
  type VoteSettings,
} from "~/domain/vote-rules";
import type { LiveDocuments } from "~/lib/live-documents";
import { recordAudit } from "../audit.server";
import { countHearings } from "../proposals/index.server";
import { loadProposal } from "../proposals/index.server";
import { ensureOpened } from "./clock.server";
import { loadVote } from "./record.server";
import type { CreateVoteRefusal } from "./refusals.server";

/** Methods a vote on a proposal may use: those that adopt or reject it. */
export const PROPOSAL_VOTE_METHODS: readonly VoteMethod[] = ["majority", "consent"];

export interface NewVote {
  /** The vote's community (a proposal vote: the proposal's). */
  community: Community;
  resource: CommunityResource;
  actor: Actor;
  proposalId?: number | null;
  title: string;
  description?: string;
  method: VoteMethod;
  settings?: VoteSettings;
  secret: boolean;
  /** Running results while open; ignored (false) for a secret vote. */
  showRunning?: boolean;
  opensAt: Date;
  closesAt: Date;
  /** None for majority and consent; at least two otherwise; budget projects with a cost. */
  options?: OptionInput[];
}

/**
 * A committee member (vote.manage at the community) sets up a vote; it opens at once when its
 * opening time is now or past (in this same act), else when that time comes.
 */
export async function createVote(
  db: Database,
  documents: LiveDocuments,
  input: NewVote,
  now: Date = new Date(),
): Promise<{ ok: true; id: number } | { ok: false; reason: CreateVoteRefusal }> {
  if (!mayManageVote(input.actor, input)) return { ok: false, reason: "notAllowed" };
  const options = OPTIONLESS_METHODS.includes(input.method) ? [] : (input.options ?? []);
  const problem = checkSetup({
    method: input.method,
    title: input.title,
    options: input.options ?? [],
    opensAt: input.opensAt,
    closesAt: input.closesAt,
  });
  if (problem) return { ok: false, reason: problem };
  if (input.closesAt.getTime() <= now.getTime()) return { ok: false, reason: "pastClose" };
  const settings = normalizeSettings(input.method, input.settings ?? {}, options.length);
  if (!settings.ok) return { ok: false, reason: settings.problem };
  const description = (input.description ?? "").trim();
  if (description.length > DESCRIPTION_LIMIT) return { ok: false, reason: "badDescription" };

  const proposalId = input.proposalId ?? null;
  if (proposalId !== null) {
    const record = await loadProposal(db, proposalId);
    if (!record) return { ok: false, reason: "noSuchProposal" };
    if (record.context.communityId !== input.community.id)
      return { ok: false, reason: "wrongCommunity" };
    if (!PROPOSAL_VOTE_METHODS.includes(input.method))
      return { ok: false, reason: "methodNotForProposal" };
    if (record.context.status !== "deliberation") return { ok: false, reason: "proposalNotReady" };
    if ((await countHearings(db, proposalId)) === 0)
      return { ok: false, reason: "hearingRequired" };
    const [existing] = await db
      .select({ id: votes.id })
      .from(votes)
      .where(eq(votes.proposalId, proposalId));
    if (existing) return { ok: false, reason: "proposalHasVote" };
  }

  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(votes)
      .values({
        communityId: input.community.id,
        proposalId,
        title: input.title.trim(),
        description,
        method: input.method,
        settings: settings.settings,
        secret: input.secret,
        showRunning: !input.secret && (input.showRunning ?? false),
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        createdBy: input.actor.id,
      })
      .onConflictDoNothing()
      .returning({ id: votes.id });
    if (!row) return null;
    if (options.length > 0) {
      await tx.insert(voteOptions).values(
        options.map((option, position) => ({
          voteId: row.id,
          label: option.label.trim(),
          description: option.description?.trim() || null,
          cost: input.method === "budget" ? (option.cost ?? null) : null,
          position,
        })),
      );
    }
    await recordAudit(tx, {
      actorId: input.actor.id,
      action: "vote.created",
      communityId: input.community.id,
      targetType: "vote",
      targetId: String(row.id),
      before: null,
      after: {
        title: input.title.trim(),
        method: input.method,
        settings: settings.settings,
        secret: input.secret,
        opensAt: input.opensAt.toISOString(),
        closesAt: input.closesAt.toISOString(),
        proposalId,
        options: options.map((o) => o.label.trim()),
      },
    });
    return row.id;
  });
  if (id === null) return { ok: false, reason: "proposalHasVote" };
  if (input.opensAt.getTime() <= now.getTime()) {
    const vote = await loadVote(db, id, now);
    if (vote) await ensureOpened(db, documents, vote, now, input.actor.id);
  }
  return { ok: true, id };
}
