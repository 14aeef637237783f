/**
 * Votes: creating them, opening and closing them as time passes, casting (in person, by proxy, on
 * paper), results, the published ballot box and receipts. Owns `votes`, `vote_options`,
 * `vote_electorate`, `vote_voters`, `vote_ballots`, `vote_open_ballots` and `vote_paper_batches`.
 * Counting is the library's (`~/domain/voting`); ballot forms, statuses and receipts are
 * `~/domain/votes`. Why the secret ballot is built this way: docs/decisions/0010-secret-ballots.md.
 *
 * Time. Nothing is scheduled: a vote is `scheduled` before `opensAt`, `open` until `closesAt`, then
 * `closed`, whatever ran meanwhile. What must happen once at those moments happens lazily and
 * exactly once, on the first read or cast after them: `ensureOpened` freezes the electorate (the
 * residents of the vote's community and every community below, as they stood AT `opensAt`, so a
 * late freeze is still exact) and moves a proposal deliberation → voting; `finalizeIfClosed` seals
 * the box, records the outcome, audits the result and moves a proposal voting → decided. Both are
 * conditional updates in one transaction each, so concurrent callers do it once. `getVote` loads a
 * vote and does both as due: loaders call it, and every other function here expects its record.
 * Every function takes `now` (default: the clock) so that tests can move time.
 *
 * Casting. Eligible = in the frozen electorate (and, casting for oneself, a verified email). The
 * voter roll's primary key (vote, voter) makes a second ballot impossible, also under concurrent
 * submissions (INSERT … ON CONFLICT DO NOTHING decides who was first). The cast transaction holds a
 * share lock on the vote row, and finalisation an update lock, so no ballot slips in after the count.
 * - Open votes: `vote_open_ballots` (vote, voter) is upserted: the last ballot counts.
 * - Secret votes: the roll row and a ballot with a random UUID, no voter, the day only, and a fresh
 *   receipt code (80 random bits), returned once. To change the ballot the voter presents that
 *   receipt: its content is replaced in the transaction that finds them on the roll. The server has
 *   no link from voter to ballot, so a lost receipt cannot be replaced (the ballot still counts).
 * - By proxy (`vote.proxy`, at the resident's community): a grid worker records a listed resident's
 *   ballot with the resident's consent; the roll keeps who cast it and the consent note, the audit
 *   log records the act (never the content). The receipt goes to the resident on paper.
 * - On paper: a committee member enters a labelled batch (counts per option for majority and
 *   approval, or a list of ballots for any method) and ANOTHER committee member confirms it (a CHECK
 *   constraint); only confirmed batches count. Batches are entered and confirmed while the vote is
 *   open: the result is fixed at the close. A paper station checks the roll before handing out a
 *   ballot, as the paper roll of any polling station does (paper voters are not on the online roll).
 *
 * Results: null while scheduled, and while open unless the vote shows running results (never a
 * secret one). After the close: turnout against the electorate, quorum and threshold, the library's
 * result (or the budget's), the proposal outcome, and the batches counted. The published ballot box
 * (receipts and contents in receipt order, which is random) plus the confirmed batches recount to
 * exactly this result.
 *
 * Proposal votes use majority or consent (they adopt or reject); other methods choose among options
 * and record the outcome "decided". A proposal withdrawn before its vote opened cancels the vote.
 */
import { randomUUID } from "node:crypto";
import {
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import type { Database, Transaction } from "../../db/client";
import {
  communities,
  proposals,
  roleGrants,
  users,
  voteBallots,
  voteElectorate,
  voteOpenBallots,
  voteOptions,
  votePaperBatches,
  votes,
  voteVoters,
  type Community,
  type Vote,
} from "../../db/schema";
import { check, type ProposalStatus, type TransitionName } from "~/domain/proposal-lifecycle";
import { paginate, type PageInfo, type PageRequest } from "~/domain/pagination";
import { can, type Actor, type CommunityResource } from "~/domain/policy";
import {
  ballotDay,
  checkPaperCounts,
  checkSetup,
  DESCRIPTION_LIMIT,
  expandPaperCounts,
  libraryThreshold,
  newReceiptCode,
  normalizeReceipt,
  normalizeSettings,
  OPTIONLESS_METHODS,
  proposalOutcome,
  quorumNeeded,
  validateBallot,
  voteStatus,
  type BallotContent,
  type BallotProblem,
  type BallotRules,
  type OptionInput,
  type PaperProblem,
  type SetupProblem,
  type VoteMethod,
  type VoteSettings,
  type VoteStatus,
} from "~/domain/votes";
import { tally, type TallyResult, type TallySettings } from "~/domain/voting";
import { countBudget, type BudgetResult } from "~/domain/voting/budget";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import type { LiveDocuments } from "~/lib/live-documents";
import { recordAudit } from "./audit.server";
import { communityResource, subtreeIds } from "./communities.server";
import { countHearings } from "./hearings.server";
import { notify } from "./notifications.server";
import { docNameOf, applyTransition, loadProposal, type ProposalRecord } from "./proposals.server";

export type { BallotContent, VoteMethod, VoteSettings, VoteStatus };

type Writer = Database | Transaction;

/** Methods a vote on a proposal may use: those that adopt or reject it. */
export const PROPOSAL_VOTE_METHODS: readonly VoteMethod[] = ["majority", "consent"];

/** A label for a paper batch: "Room, 3 May", "Building 3 box". */
export const BATCH_LABEL_LIMIT = 100;
export const CONSENT_NOTE_LIMIT = 1000;

export interface VoteRow {
  id: number;
  communityId: number;
  proposalId: number | null;
  title: string;
  description: string;
  method: VoteMethod;
  settings: VoteSettings;
  secret: boolean;
  showRunning: boolean;
  opensAt: Date;
  closesAt: Date;
  /** When the electorate was frozen (null until then). */
  openedAt: Date | null;
  /** When the result was finalised (null until then). */
  closedAt: Date | null;
  electorateSize: number | null;
  /** "adopted" | "rejected" (proposal votes), "decided", "cancelled"; null until finalised. */
  outcome: string | null;
  createdBy: string;
  createdAt: Date;
}

export interface VoteOptionRow {
  /** The id ballots name the option by, as a string ("12"). */
  id: string;
  label: string;
  description: string | null;
  cost: number | null;
  position: number;
}

export interface VoteRecord {
  row: VoteRow;
  /** In their order on the ballot. */
  options: VoteOptionRow[];
  community: Community;
  resource: CommunityResource;
  proposal: { id: number; title: string; status: ProposalStatus } | null;
  /** Derived from the times and the `now` it was loaded with. */
  status: VoteStatus;
}

/** Every reason a vote action is refused; its message is `voteError.<reason>` (`voteErrorKey`). */
export type VoteErrorReason =
  | CreateVoteRefusal
  | CastRefusal
  | PaperRefusal
  | ConfirmRefusal
  | "wrongStatus"
  | "badFormat"
  | "badDate"
  | "badSummary";

/** The message of a refusal (values: `badBallot` takes `{ number }`). */
export function voteErrorKey(reason: VoteErrorReason): MessageKey {
  return `voteError.${reason}` as MessageKey;
}

// ---------------------------------------------------------------------------------------------------
// Loading

function toRow(row: Vote): VoteRow {
  return {
    id: row.id,
    communityId: row.communityId,
    proposalId: row.proposalId,
    title: row.title,
    description: row.description,
    method: row.method as VoteMethod,
    settings: row.settings as VoteSettings,
    secret: row.secret,
    showRunning: row.showRunning,
    opensAt: row.opensAt,
    closesAt: row.closesAt,
    openedAt: row.openedAt,
    closedAt: row.closedAt,
    electorateSize: row.electorateSize,
    outcome: row.outcome,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

const statusOf = (row: VoteRow, now: Date) =>
  voteStatus(row.opensAt, row.closesAt, row.closedAt, now);

/** Loads a vote as it is stored (no opening or closing done): null when there is none. */
export async function loadVote(
  db: Database,
  id: number,
  now: Date = new Date(),
): Promise<VoteRecord | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const [found] = await db
    .select({ vote: votes, community: communities })
    .from(votes)
    .innerJoin(communities, eq(communities.id, votes.communityId))
    .where(eq(votes.id, id));
  if (!found) return null;
  const optionRows = await db
    .select()
    .from(voteOptions)
    .where(eq(voteOptions.voteId, id))
    .orderBy(asc(voteOptions.position));
  const [proposal] = found.vote.proposalId
    ? await db
        .select({ id: proposals.id, title: proposals.title, status: proposals.status })
        .from(proposals)
        .where(eq(proposals.id, found.vote.proposalId))
    : [];
  const row = toRow(found.vote);
  return {
    row,
    options: optionRows.map((o) => ({
      id: String(o.id),
      label: o.label,
      description: o.description,
      cost: o.cost,
      position: o.position,
    })),
    community: found.community,
    resource: await communityResource(db, found.community),
    proposal: proposal ? { ...proposal, status: proposal.status as ProposalStatus } : null,
    status: statusOf(row, now),
  };
}

/**
 * Loads a vote and brings it up to date with the clock: opens it (freezing the electorate) once its
 * opening time has passed, and finalises it once its closing time has. What loaders call.
 */
export async function getVote(
  db: Database,
  documents: LiveDocuments,
  id: number,
  now: Date = new Date(),
): Promise<VoteRecord | null> {
  const vote = await loadVote(db, id, now);
  if (!vote) return null;
  const opening = vote.status !== "scheduled" && !vote.row.openedAt;
  const closing = vote.status === "closed" && !vote.row.closedAt;
  if (opening) await ensureOpened(db, documents, vote, now);
  if (closing) await finalizeIfClosed(db, documents, vote, now);
  // Reloaded whoever did it (this call or a concurrent one): the record shows the vote as it is.
  return opening || closing ? loadVote(db, id, now) : vote;
}

/**
 * Brings every vote whose opening or closing time has passed up to date, whether or not anyone has
 * looked at it: the electorate is frozen, the proposal moves, the result is counted and the
 * electorate told. The server runs it at start (a vote that closed while no server ran is counted
 * then) and every half minute; several instances may run it at once (each step happens once).
 * A proposal's page does the same for the votes on it (`only.proposalId`) before it shows its state.
 * Returns the ids this call opened and closed, oldest deadline first, at most `limit` votes a run.
 */
export async function syncDueVotes(
  db: Database,
  documents: LiveDocuments,
  now: Date = new Date(),
  only: { proposalId?: number; limit?: number } = {},
): Promise<{ opened: number[]; closed: number[] }> {
  const at = now.toISOString();
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
        only.proposalId === undefined ? undefined : eq(votes.proposalId, only.proposalId),
      ),
    )
    .orderBy(asc(votes.closesAt), asc(votes.id))
    .limit(only.limit ?? 100);
  const opened: number[] = [];
  const closed: number[] = [];
  for (const { id } of due) {
    const vote = await loadVote(db, id, now);
    if (!vote) continue;
    if (await ensureOpened(db, documents, vote, now)) opened.push(id);
    if (vote.status === "closed") {
      const fresh = (await loadVote(db, id, now)) ?? vote;
      if (await finalizeIfClosed(db, documents, fresh, now)) closed.push(id);
    }
  }
  return { opened, closed };
}

function rulesOf(vote: VoteRecord): BallotRules {
  const costs: Record<string, number> = {};
  for (const option of vote.options) if (option.cost !== null) costs[option.id] = option.cost;
  return {
    method: vote.row.method,
    settings: vote.row.settings,
    optionIds: vote.options.map((o) => o.id),
    costs,
  };
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

async function electorateIds(db: Writer, voteId: number): Promise<string[]> {
  const rows = await db
    .select({ userId: voteElectorate.userId })
    .from(voteElectorate)
    .where(eq(voteElectorate.voteId, voteId));
  return rows.map((row) => row.userId);
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
  const area = await subtreeIds(db, vote.row.communityId);
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
// Creating

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

export type CreateVoteRefusal =
  | SetupProblem
  | "notAllowed"
  | "noSuchProposal"
  | "wrongCommunity"
  | "methodNotForProposal"
  | "proposalNotReady"
  | "hearingRequired"
  | "proposalHasVote"
  | "badDescription"
  | "pastClose";

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
  if (!can(input.actor, "vote.manage", input.resource)) return { ok: false, reason: "notAllowed" };
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

// ---------------------------------------------------------------------------------------------------
// Casting

export type CastRefusal =
  | BallotProblem
  | "notSignedIn"
  | "emailNotVerified"
  | "notOpenYet"
  | "closed"
  | "notEligible"
  | "receiptRequired"
  | "badReceipt"
  | "notAllowed"
  | "consentRequired"
  | "selfProxy";

/**
 * `receipt`: a secret vote's receipt code, given once, on the first cast (null otherwise: on a
 * replacement, the voter already holds it). `replaced`: whether an earlier ballot was replaced.
 */
export type CastResult =
  { ok: true; receipt: string | null; replaced: boolean } | { ok: false; reason: CastRefusal };

interface Caster {
  voterId: string;
  castBy: string | null;
  consentNote: string | null;
}

async function cast(
  db: Database,
  documents: LiveDocuments,
  vote: VoteRecord,
  caster: Caster,
  input: { content: unknown; receipt?: string | null },
  now: Date,
): Promise<CastResult> {
  const status = statusOf(vote.row, now);
  if (status === "scheduled") return { ok: false, reason: "notOpenYet" };
  if (status === "closed") {
    await finalizeIfClosed(db, documents, vote, now);
    return { ok: false, reason: "closed" };
  }
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

/** Whether the actor may record ballots by proxy somewhere in the vote's area (to show the page). */
export async function mayProxy(
  db: Database,
  actor: Actor | null,
  vote: VoteRecord,
): Promise<boolean> {
  if (!actor?.emailVerified) return false;
  if (can(actor, "vote.proxy", vote.resource)) return true;
  const area = new Set(await subtreeIds(db, vote.row.communityId));
  return actor.roles.some(
    (h) => ["grid_worker", "committee", "admin"].includes(h.role) && area.has(h.communityId),
  );
}

/** May the actor act for this resident: `vote.proxy` where the resident lives (or at the vote's node)? */
async function mayProxyFor(
  db: Database,
  actor: Actor,
  vote: VoteRecord,
  voterId: string,
): Promise<boolean> {
  if (can(actor, "vote.proxy", vote.resource)) return true;
  const homes = await db
    .select({ community: communities })
    .from(roleGrants)
    .innerJoin(communities, eq(communities.id, roleGrants.communityId))
    .where(
      and(
        eq(roleGrants.userId, voterId),
        eq(roleGrants.role, "resident"),
        isNull(roleGrants.revokedAt),
      ),
    );
  for (const home of homes) {
    if (can(actor, "vote.proxy", await communityResource(db, home.community))) return true;
  }
  return false;
}

/**
 * A grid worker (or committee member) records the ballot of a listed resident who cannot use the
 * site, with the resident's consent noted. A secret vote's receipt is returned for the resident.
 */
export async function castByProxy(
  db: Database,
  documents: LiveDocuments,
  vote: VoteRecord,
  actor: Actor | null,
  input: { voterId: string; content: unknown; consentNote: string; receipt?: string | null },
  now: Date = new Date(),
): Promise<CastResult> {
  if (!actor) return { ok: false, reason: "notSignedIn" };
  if (!actor.emailVerified) return { ok: false, reason: "emailNotVerified" };
  if (input.voterId === actor.id) return { ok: false, reason: "selfProxy" };
  if (!(await mayProxyFor(db, actor, vote, input.voterId)))
    return { ok: false, reason: "notAllowed" };
  const note = input.consentNote.trim();
  if (note.length === 0 || note.length > CONSENT_NOTE_LIMIT)
    return { ok: false, reason: "consentRequired" };
  return cast(
    db,
    documents,
    vote,
    { voterId: input.voterId, castBy: actor.id, consentNote: note },
    input,
    now,
  );
}

// ---------------------------------------------------------------------------------------------------
// Paper ballots

export type PaperBatchInput =
  | { label: string; kind: "counts"; counts: Record<string, number> }
  | { label: string; kind: "ballots"; ballots: unknown[] };

export type PaperRefusal =
  PaperProblem | "notAllowed" | "notOpenYet" | "closed" | "badLabel" | "labelTaken";

export type ConfirmRefusal =
  "notAllowed" | "notOpenYet" | "noSuchBatch" | "sameMember" | "alreadyConfirmed" | "closed";

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
): Promise<{ ok: true; id: number } | { ok: false; reason: PaperRefusal; index?: number }> {
  if (!can(actor, "vote.manage", vote.resource) || !actor)
    return { ok: false, reason: "notAllowed" };
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
): Promise<{ ok: true } | { ok: false; reason: ConfirmRefusal }> {
  if (!can(actor, "vote.manage", vote.resource) || !actor)
    return { ok: false, reason: "notAllowed" };
  const status = statusOf(vote.row, now);
  if (status === "scheduled") return { ok: false, reason: "notOpenYet" };
  if (status === "closed") return { ok: false, reason: "closed" };
  if (!Number.isSafeInteger(batchId) || batchId <= 0 || batchId > 2_147_483_647)
    return { ok: false, reason: "noSuchBatch" };
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ closedAt: votes.closedAt })
      .from(votes)
      .where(eq(votes.id, vote.row.id))
      .for("share");
    if (!current || current.closedAt) return { ok: false as const, reason: "closed" as const };
    const [batch] = await tx
      .select()
      .from(votePaperBatches)
      .where(and(eq(votePaperBatches.id, batchId), eq(votePaperBatches.voteId, vote.row.id)))
      .for("update");
    if (!batch) return { ok: false as const, reason: "noSuchBatch" as const };
    if (batch.confirmedBy) return { ok: false as const, reason: "alreadyConfirmed" as const };
    if (batch.enteredBy === actor.id) return { ok: false as const, reason: "sameMember" as const };
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

// ---------------------------------------------------------------------------------------------------
// Counting

export interface VoteResults {
  status: VoteStatus;
  /** True for running results of a vote still open. */
  running: boolean;
  turnout: {
    /** The frozen electorate. */
    electorate: number;
    /** Residents who voted on the site themselves, by proxy, and ballot papers counted. */
    online: number;
    proxy: number;
    paper: number;
    total: number;
  };
  quorum: { percent: number; needed: number; met: boolean };
  /** Majority: the threshold rule and whether it was reached; null for other methods. */
  threshold: { rule: string; needed: number; met: boolean } | null;
  /** The counting library's result (every method but budget). */
  tally: TallyResult | null;
  /** Budget votes: projects funded, spent, and the rule's steps. */
  budget: (BudgetResult & { budget: number; rule: "greedy" | "mes" }) | null;
  /** What it decided: adopted / rejected (proposal votes), decided, cancelled; null while open. */
  outcome: string | null;
  /** Confirmed paper batches counted in. */
  batches: Array<{ id: number; label: string; kind: "counts" | "ballots"; papers: number }>;
  /** Option id → label. */
  names: Record<string, string>;
}

export interface Count {
  turnout: VoteResults["turnout"];
  quorum: VoteResults["quorum"];
  threshold: VoteResults["threshold"];
  tally: TallyResult | null;
  budget: VoteResults["budget"];
  proposalOutcome: "adopted" | "rejected" | null;
  batches: VoteResults["batches"];
}

/** What the library is told, from a vote's method and settings. */
export function tallySettings(
  method: VoteMethod,
  s: VoteSettings,
  electorate: number,
): TallySettings {
  const seed = s.seed ?? 0;
  switch (method) {
    case "majority":
      return {
        method,
        eligible: electorate,
        quorum: { numerator: Math.round((s.quorumPercent ?? 0) * 100), denominator: 10_000 },
        threshold: libraryThreshold(s.threshold),
      };
    case "consent":
      return {
        method,
        minParticipants: Math.max(1, quorumNeeded(electorate, s.quorumPercent ?? 0)),
      };
    case "approval":
      return { method, seed, ...(s.maxApprovals != null ? { maxApprovals: s.maxApprovals } : {}) };
    case "score":
      return { method, seed, by: s.scoreBy ?? "mean", minRatings: s.minRatings ?? 1 };
    case "stv":
      return { method, seed, seats: s.seats ?? 1 };
    case "irv":
    case "schulze":
      return { method, seed };
    case "budget":
      throw new Error("budget is counted by countBudget");
  }
}

/**
 * Counts a vote from its ballots: the ones given (a published box) or the stored ones, plus the
 * confirmed paper batches. Pure apart from reading; the same function checks a recount.
 */
export function countVote(
  vote: Pick<VoteRecord, "row" | "options">,
  input: {
    electorate: number;
    ballots: readonly BallotContent[];
    online: number;
    proxy: number;
    batches: ReadonlyArray<
      Pick<PaperBatch, "id" | "label" | "kind" | "papers" | "counts" | "ballots">
    >;
  },
): Count {
  const { method, settings } = vote.row;
  const all: unknown[] = [...input.ballots];
  let paper = 0;
  for (const batch of input.batches) {
    paper += batch.papers;
    if (batch.kind === "counts" && batch.counts)
      all.push(...expandPaperCounts(method, batch.counts));
    else if (batch.ballots) all.push(...batch.ballots);
  }
  const total = input.online + input.proxy + paper;
  const percent = settings.quorumPercent ?? 0;
  const needed = quorumNeeded(input.electorate, percent);
  const optionIds = vote.options.map((o) => o.id);
  let result: TallyResult | null = null;
  let budget: Count["budget"] = null;
  if (method === "budget") {
    const amount = settings.budget ?? 0;
    const rule = settings.rule ?? "greedy";
    budget = {
      ...countBudget({
        budget: amount,
        rule,
        projects: vote.options.map((o) => ({ id: o.id, cost: o.cost ?? 0, name: o.label })),
        ballots: all.map((b) => ({ approvals: [...(b as { approvals: string[] }).approvals] })),
      }),
      budget: amount,
      rule,
    };
  } else {
    result = tally(
      { options: optionIds, ballots: all },
      tallySettings(method, settings, input.electorate),
    );
  }
  const quorumMet = result?.method === "majority" ? result.quorum.met : total >= needed;
  return {
    turnout: {
      electorate: input.electorate,
      online: input.online,
      proxy: input.proxy,
      paper,
      total,
    },
    quorum: { percent, needed, met: quorumMet },
    threshold:
      result?.method === "majority"
        ? {
            rule: settings.threshold ?? "majorityCast",
            needed: result.threshold.needed,
            met: result.threshold.met,
          }
        : null,
    tally: result,
    budget,
    proposalOutcome: proposalOutcome(result, quorumMet),
    batches: input.batches.map((b) => ({
      id: b.id,
      label: b.label,
      kind: b.kind,
      papers: b.papers,
    })),
  };
}

async function storedBallots(db: Writer, vote: VoteRecord): Promise<BallotContent[]> {
  if (vote.row.secret) {
    const rows = await db
      .select({ content: voteBallots.content })
      .from(voteBallots)
      .where(eq(voteBallots.voteId, vote.row.id))
      .orderBy(asc(voteBallots.receipt));
    return rows.map((r) => r.content as BallotContent);
  }
  const rows = await db
    .select({ content: voteOpenBallots.content })
    .from(voteOpenBallots)
    .where(eq(voteOpenBallots.voteId, vote.row.id))
    .orderBy(asc(voteOpenBallots.userId));
  return rows.map((r) => r.content as BallotContent);
}

async function countStored(db: Writer, vote: VoteRecord, electorate: number): Promise<Count> {
  const [roll] = await db
    .select({
      online: sql<number>`count(*) filter (where ${voteVoters.castBy} is null)`.mapWith(Number),
      proxy: sql<number>`count(*) filter (where ${voteVoters.castBy} is not null)`.mapWith(Number),
    })
    .from(voteVoters)
    .where(eq(voteVoters.voteId, vote.row.id));
  const batches = (await listPaperBatches(db, vote)).filter((b) => b.confirmedBy !== null);
  return countVote(vote, {
    electorate,
    ballots: await storedBallots(db, vote),
    online: roll?.online ?? 0,
    proxy: roll?.proxy ?? 0,
    batches,
  });
}

async function electorateSize(db: Writer, vote: VoteRecord): Promise<number> {
  if (vote.row.electorateSize !== null) return vote.row.electorateSize;
  const [row] = await db
    .select({ n: count() })
    .from(voteElectorate)
    .where(eq(voteElectorate.voteId, vote.row.id));
  return row?.n ?? 0;
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
  if (vote.row.closedAt || statusOf(vote.row, now) !== "closed") return false;
  let current = vote;
  if (!vote.row.openedAt) {
    await ensureOpened(db, documents, vote, now);
    const reloaded = await loadVote(db, vote.row.id, now);
    if (!reloaded || reloaded.row.closedAt) return reloaded !== null;
    current = reloaded;
  }
  const proposal = current.proposal ? await loadProposal(db, current.proposal.id) : null;
  const state = proposal ? await documents.state(docNameOf(proposal.context.id)) : null;
  const voteId = current.row.id;
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ closedAt: votes.closedAt, electorateSize: votes.electorateSize })
      .from(votes)
      .where(eq(votes.id, voteId))
      .for("update");
    if (!locked || locked.closedAt) return false;
    if (current.row.secret) await rewriteBallotBox(tx, voteId);
    const counted = await countStored(tx, current, locked.electorateSize ?? 0);
    const outcome = current.row.proposalId ? (counted.proposalOutcome ?? "rejected") : "decided";
    await tx.update(votes).set({ closedAt: now, outcome }).where(eq(votes.id, voteId));
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
    return true;
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

// ---------------------------------------------------------------------------------------------------
// Reading results

/**
 * The result: null while scheduled, while open unless running results are shown (never for a secret
 * vote), and for a cancelled vote. Pass a record from `getVote` (finalised when due).
 */
export async function voteResults(
  db: Database,
  vote: VoteRecord,
  now: Date = new Date(),
): Promise<VoteResults | null> {
  const status = statusOf(vote.row, now);
  if (status === "scheduled" || vote.row.outcome === "cancelled") return null;
  const running = status === "open";
  if (running && (!vote.row.showRunning || vote.row.secret)) return null;
  const counted = await countStored(db, vote, await electorateSize(db, vote));
  const outcome = running
    ? null
    : (vote.row.outcome ??
      (vote.row.proposalId ? (counted.proposalOutcome ?? "rejected") : "decided"));
  return {
    status,
    running,
    turnout: counted.turnout,
    quorum: counted.quorum,
    threshold: counted.threshold,
    tally: counted.tally,
    budget: counted.budget,
    outcome,
    batches: counted.batches,
    names: Object.fromEntries(vote.options.map((o) => [o.id, o.label])),
  };
}

export interface PublishedBallot {
  /** Secret votes: the receipt; open votes: null (their ballots are listed without names). */
  receipt: string | null;
  content: BallotContent;
  /** The day it was cast, in the community's time zone. */
  castOn: string;
}

/**
 * The ballot box, published once the vote has closed (null before): receipts and contents in
 * receipt order, which is random. With the confirmed paper batches (`listPaperBatches`) it recounts
 * to the published result (`countVote`).
 */
export async function publishedBallots(
  db: Database,
  vote: VoteRecord,
  page: PageRequest,
  now: Date = new Date(),
): Promise<{ items: PublishedBallot[]; page: PageInfo } | null> {
  if (statusOf(vote.row, now) !== "closed" || vote.row.outcome === "cancelled") return null;
  if (vote.row.secret) {
    const [total] = await db
      .select({ n: count() })
      .from(voteBallots)
      .where(eq(voteBallots.voteId, vote.row.id));
    const info = paginate(page, total?.n ?? 0);
    const rows = await db
      .select({
        receipt: voteBallots.receipt,
        content: voteBallots.content,
        castOn: voteBallots.castOn,
      })
      .from(voteBallots)
      .where(eq(voteBallots.voteId, vote.row.id))
      .orderBy(asc(voteBallots.receipt))
      .limit(info.pageSize)
      .offset(info.offset);
    return {
      items: rows.map((r) => ({ ...r, content: r.content as BallotContent })),
      page: info,
    };
  }
  const [total] = await db
    .select({ n: count() })
    .from(voteOpenBallots)
    .where(eq(voteOpenBallots.voteId, vote.row.id));
  const info = paginate(page, total?.n ?? 0);
  const rows = await db
    .select({ content: voteOpenBallots.content, castAt: voteOpenBallots.castAt })
    .from(voteOpenBallots)
    .where(eq(voteOpenBallots.voteId, vote.row.id))
    // A stable order that is not the voters' (nor the order of casting).
    .orderBy(sql`md5(${voteOpenBallots.voteId}::text || ':' || ${voteOpenBallots.userId})`)
    .limit(info.pageSize)
    .offset(info.offset);
  return {
    items: rows.map((r) => ({
      receipt: null,
      content: r.content as BallotContent,
      castOn: ballotDay(r.castAt, vote.community.timeZone),
    })),
    page: info,
  };
}

/**
 * Finds the ballot with this receipt (typed loosely: case, spaces and dashes do not matter). The
 * receipt is its holder's: it shows the ballot at any time, so a voter sees theirs was recorded.
 */
export async function checkReceipt(
  db: Database,
  vote: VoteRecord,
  receipt: string,
): Promise<
  { found: false } | { found: true; receipt: string; content: BallotContent; castOn: string }
> {
  const normal = normalizeReceipt(receipt);
  if (!normal || !vote.row.secret) return { found: false };
  const [row] = await db
    .select({ content: voteBallots.content, castOn: voteBallots.castOn })
    .from(voteBallots)
    .where(and(eq(voteBallots.voteId, vote.row.id), eq(voteBallots.receipt, normal)));
  return row
    ? { found: true, receipt: normal, content: row.content as BallotContent, castOn: row.castOn }
    : { found: false };
}

export interface MyVote {
  /** On the frozen electorate (before the opening: a resident of the area now, so likely to be). */
  eligible: boolean;
  voted: boolean;
  /** "proxy" when a grid worker recorded it for them. */
  castBy: "self" | "proxy" | null;
  votedOn: string | null;
  /** Open votes only: the ballot that counts now (a secret vote's is known only by its receipt). */
  content: BallotContent | null;
}

/** What a person's own part in a vote is. */
export async function myVote(db: Database, vote: VoteRecord, userId: string): Promise<MyVote> {
  let eligible: boolean;
  if (vote.row.openedAt) {
    const [row] = await db
      .select({ userId: voteElectorate.userId })
      .from(voteElectorate)
      .where(and(eq(voteElectorate.voteId, vote.row.id), eq(voteElectorate.userId, userId)));
    eligible = row !== undefined;
  } else {
    const area = await subtreeIds(db, vote.row.communityId);
    const [row] = await db
      .select({ id: roleGrants.id })
      .from(roleGrants)
      .where(
        and(
          eq(roleGrants.userId, userId),
          eq(roleGrants.role, "resident"),
          isNull(roleGrants.revokedAt),
          inArray(roleGrants.communityId, area),
        ),
      )
      .limit(1);
    eligible = row !== undefined;
  }
  const [roll] = await db
    .select({ castBy: voteVoters.castBy, votedOn: voteVoters.votedOn })
    .from(voteVoters)
    .where(and(eq(voteVoters.voteId, vote.row.id), eq(voteVoters.userId, userId)));
  let content: BallotContent | null = null;
  if (roll && !vote.row.secret) {
    const [ballot] = await db
      .select({ content: voteOpenBallots.content })
      .from(voteOpenBallots)
      .where(and(eq(voteOpenBallots.voteId, vote.row.id), eq(voteOpenBallots.userId, userId)));
    content = (ballot?.content as BallotContent | undefined) ?? null;
  }
  return {
    eligible,
    voted: roll !== undefined,
    castBy: roll ? (roll.castBy ? "proxy" : "self") : null,
    votedOn: roll?.votedOn ?? null,
    content,
  };
}

export interface ElectorItem {
  userId: string;
  displayName: string | null;
  voted: boolean;
}

/**
 * The frozen electorate with who has voted (the roll), for those who record proxy ballots and run
 * the vote (a polling station's register); `query` filters by name.
 */
export async function listElectorate(
  db: Database,
  vote: VoteRecord,
  page: PageRequest,
  query = "",
): Promise<{ items: ElectorItem[]; page: PageInfo }> {
  const conditions: SQL[] = [eq(voteElectorate.voteId, vote.row.id)];
  const q = query.trim();
  if (q) conditions.push(sql`${users.displayName} ilike ${`%${q.replace(/[\\%_]/g, "\\$&")}%`}`);
  const where = and(...conditions);
  const [total] = await db
    .select({ n: count() })
    .from(voteElectorate)
    .innerJoin(users, eq(users.id, voteElectorate.userId))
    .where(where);
  const info = paginate(page, total?.n ?? 0);
  const rows = await db
    .select({
      userId: voteElectorate.userId,
      displayName: users.displayName,
      voted: sql<boolean>`exists (select 1 from ${voteVoters} where ${voteVoters.voteId} = ${vote.row.id} and ${voteVoters.userId} = ${voteElectorate.userId})`,
    })
    .from(voteElectorate)
    .innerJoin(users, eq(users.id, voteElectorate.userId))
    .where(where)
    .orderBy(asc(users.displayName), asc(voteElectorate.userId))
    .limit(info.pageSize)
    .offset(info.offset);
  return { items: rows.map((r) => ({ ...r, voted: Boolean(r.voted) })), page: info };
}

// ---------------------------------------------------------------------------------------------------
// Lists

export interface VoteListItem {
  id: number;
  title: string;
  method: VoteMethod;
  status: VoteStatus;
  secret: boolean;
  opensAt: Date;
  closesAt: Date;
  communityId: number;
  proposalId: number | null;
  outcome: string | null;
  /** Ballots cast (roll and confirmed paper), when they may be shown: closed, or open with running results. */
  turnout: number | null;
  electorate: number | null;
}

/** The condition for a status at `now`, as `voteStatus` decides it. */
function statusCondition(status: VoteStatus, now: Date): SQL | undefined {
  const at = now.toISOString();
  if (status === "scheduled")
    return and(isNull(votes.closedAt), sql`${votes.opensAt} > ${at}::timestamptz`);
  if (status === "open")
    return and(
      isNull(votes.closedAt),
      sql`${votes.opensAt} <= ${at}::timestamptz`,
      sql`${votes.closesAt} > ${at}::timestamptz`,
    );
  return or(isNotNull(votes.closedAt), sql`${votes.closesAt} <= ${at}::timestamptz`);
}

/**
 * Votes of these communities (pass a subtree for "here and below", or null for the whole tree),
 * optionally of one status at `now`, on one proposal, or awaiting one person's ballot (open, they are
 * in its electorate and have not voted): open ones closing soonest first, then the others, latest
 * first.
 */
export async function listVotes(
  db: Database,
  filter: {
    communityIds: number[] | null;
    status?: VoteStatus;
    proposalId?: number;
    awaitingUserId?: string;
  },
  page: PageRequest,
  now: Date = new Date(),
): Promise<{ items: VoteListItem[]; page: PageInfo }> {
  if (filter.communityIds?.length === 0) return { items: [], page: paginate(page, 0) };
  const conditions: (SQL | undefined)[] = [
    filter.communityIds ? inArray(votes.communityId, filter.communityIds) : undefined,
  ];
  if (filter.status) conditions.push(statusCondition(filter.status, now));
  if (filter.proposalId !== undefined) conditions.push(eq(votes.proposalId, filter.proposalId));
  if (filter.awaitingUserId !== undefined) {
    const userId = filter.awaitingUserId;
    conditions.push(
      statusCondition("open", now),
      sql`exists (select 1 from ${voteElectorate} where ${voteElectorate.voteId} = ${votes.id} and ${voteElectorate.userId} = ${userId})`,
      sql`not exists (select 1 from ${voteVoters} where ${voteVoters.voteId} = ${votes.id} and ${voteVoters.userId} = ${userId})`,
    );
  }
  const where = and(...conditions);
  const [total] = await db.select({ n: count() }).from(votes).where(where);
  const info = paginate(page, total?.n ?? 0);
  const openNow = statusCondition("open", now)!;
  const rows = await db
    .select({
      vote: votes,
      roll: sql<number>`(select count(*) from ${voteVoters} where ${voteVoters.voteId} = ${votes.id})`.mapWith(
        Number,
      ),
      paper:
        sql<number>`(select coalesce(sum(papers), 0) from ${votePaperBatches} where ${votePaperBatches.voteId} = ${votes.id} and ${votePaperBatches.confirmedBy} is not null)`.mapWith(
          Number,
        ),
    })
    .from(votes)
    .where(where)
    .orderBy(
      desc(sql`case when ${openNow} then 1 else 0 end`),
      sql`case when ${openNow} then ${votes.closesAt} end asc`,
      desc(votes.opensAt),
      desc(votes.id),
    )
    .limit(info.pageSize)
    .offset(info.offset);
  return {
    items: rows.map(({ vote, roll, paper }) => {
      const row = toRow(vote);
      const status = statusOf(row, now);
      const shown =
        row.outcome !== "cancelled" &&
        (status === "closed" || (status === "open" && row.showRunning && !row.secret));
      return {
        id: row.id,
        title: row.title,
        method: row.method,
        status,
        secret: row.secret,
        opensAt: row.opensAt,
        closesAt: row.closesAt,
        communityId: row.communityId,
        proposalId: row.proposalId,
        outcome: row.outcome,
        turnout: shown ? roll + paper : null,
        electorate: row.electorateSize,
      };
    }),
    page: info,
  };
}

/** Who may run this vote (paper batches, the electorate list): committee and admin at its community. */
export function mayManageVote(actor: Actor | null, vote: VoteRecord): boolean {
  return can(actor, "vote.manage", vote.resource);
}
