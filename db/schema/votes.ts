import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { HEARING_FORMATS, VOTE_METHODS } from "../../app/domain/vote-rules.ts";
import { communities } from "./communities";
import { proposals } from "./proposals";
import { users } from "./users";

const methodList = sql.raw(VOTE_METHODS.map((m) => `'${m}'`).join(", "));
const formatList = sql.raw(HEARING_FORMATS.map((f) => `'${f}'`).join(", "));

/**
 * A vote in a community: on a proposal (deciding it) or on a set of options or projects. Opening and
 * closing are derived from the times (see app/services/votes/): `openedAt` is set when the
 * electorate was frozen, `closedAt` when the result was finalised, both lazily and exactly once.
 */
export const votes = pgTable(
  "votes",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "restrict" }),
    proposalId: integer("proposal_id").references(() => proposals.id, { onDelete: "restrict" }),
    title: text().notNull(),
    description: text().notNull().default(""),
    method: text().notNull(),
    /** The method's settings (app/domain/vote-rules.ts `VoteSettings`), defaults filled in. */
    settings: jsonb().notNull().default({}),
    secret: boolean().notNull(),
    /** Running results while open (never for a secret vote). */
    showRunning: boolean("show_running").notNull().default(false),
    opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** The size of the frozen electorate, set when it was frozen. */
    electorateSize: integer("electorate_size"),
    /** Set when finalised: adopted / rejected (a proposal vote), decided, or cancelled. */
    outcome: text(),
    /**
     * Why the clock could not finalise the vote (`VoteProblem` of app/domain/vote-rules.ts: a count
     * that failed), for the committee; null when nothing is wrong. Cleared when the vote's schedule
     * is changed.
     */
    attention: jsonb(),
    /** When the clock last failed to finalise it (it retries after a back-off). */
    attentionAt: timestamp("attention_at", { withTimezone: true }),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("votes_community_idx").on(t.communityId, t.closesAt),
    uniqueIndex("votes_one_per_proposal")
      .on(t.proposalId)
      .where(sql`${t.proposalId} is not null`),
    check("votes_method_known", sql`${t.method} in (${methodList})`),
    check("votes_closes_after_opening", sql`${t.closesAt} > ${t.opensAt}`),
    check("votes_secret_not_running", sql`not (${t.secret} and ${t.showRunning})`),
    check(
      "votes_outcome_known",
      sql`${t.outcome} is null or ${t.outcome} in ('adopted', 'rejected', 'decided', 'cancelled')`,
    ),
  ],
);

/** The options (candidates, projects) of a vote; ballots name them by id. */
export const voteOptions = pgTable(
  "vote_options",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    voteId: integer("vote_id")
      .notNull()
      .references(() => votes.id, { onDelete: "restrict" }),
    label: text().notNull(),
    description: text(),
    /** A budget project's cost. */
    cost: numeric({ precision: 14, scale: 2, mode: "number" }),
    position: integer().notNull(),
  },
  (t) => [
    unique("vote_options_position_unique").on(t.voteId, t.position),
    check("vote_options_cost_positive", sql`${t.cost} is null or ${t.cost} > 0`),
  ],
);

/** Who may vote: frozen when the vote opens (residents of the community and below then). */
export const voteElectorate = pgTable(
  "vote_electorate",
  {
    voteId: integer("vote_id")
      .notNull()
      .references(() => votes.id, { onDelete: "restrict" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.userId] })],
);

/**
 * The voter roll: who voted (one row per voter and vote: the primary key is what makes a second
 * ballot impossible). For a secret vote nothing here links to the ballot box: the day only, no
 * sequence. `castBy` and `consentNote` when a grid worker recorded it for the resident.
 */
export const voteVoters = pgTable(
  "vote_voters",
  {
    voteId: integer("vote_id")
      .notNull()
      .references(() => votes.id, { onDelete: "restrict" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    votedOn: date("voted_on", { mode: "string" }).notNull(),
    castBy: text("cast_by").references(() => users.id, { onDelete: "restrict" }),
    consentNote: text("consent_note"),
  },
  (t) => [
    primaryKey({ columns: [t.voteId, t.userId] }),
    check(
      "vote_voters_proxy_with_consent",
      sql`(${t.castBy} is null) = (${t.consentNote} is null)`,
    ),
  ],
);

/**
 * The ballot box of a secret vote: no voter, no time finer than a day, a random primary key made by
 * the app, and a receipt code (the voter's capability to find and replace their ballot). Published
 * with the result, in receipt order.
 */
export const voteBallots = pgTable(
  "vote_ballots",
  {
    id: uuid().primaryKey(),
    voteId: integer("vote_id")
      .notNull()
      .references(() => votes.id, { onDelete: "restrict" }),
    receipt: text().notNull(),
    content: jsonb().notNull(),
    castOn: date("cast_on", { mode: "string" }).notNull(),
  },
  (t) => [unique("vote_ballots_receipt_unique").on(t.voteId, t.receipt)],
);

/** The ballots of an open (not secret) vote: one per voter, the last one counts. */
export const voteOpenBallots = pgTable(
  "vote_open_ballots",
  {
    voteId: integer("vote_id")
      .notNull()
      .references(() => votes.id, { onDelete: "restrict" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    content: jsonb().notNull(),
    castAt: timestamp("cast_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.userId] })],
);

/**
 * Paper ballots entered by one committee member and confirmed by another; only confirmed batches
 * count. `counts` (per option) or `ballots` (a list), and `papers`, the ballot papers it stands for.
 */
export const votePaperBatches = pgTable(
  "vote_paper_batches",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    voteId: integer("vote_id")
      .notNull()
      .references(() => votes.id, { onDelete: "restrict" }),
    label: text().notNull(),
    kind: text().notNull(),
    counts: jsonb(),
    ballots: jsonb(),
    papers: integer().notNull(),
    enteredBy: text("entered_by")
      .notNull()
      .references(() => users.id),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull(),
    confirmedBy: text("confirmed_by").references(() => users.id),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  },
  (t) => [
    unique("vote_paper_batches_label_unique").on(t.voteId, t.label),
    check("vote_paper_batches_kind", sql`${t.kind} in ('counts', 'ballots')`),
    check(
      "vote_paper_batches_content",
      sql`(${t.kind} = 'counts' and ${t.counts} is not null and ${t.ballots} is null) or (${t.kind} = 'ballots' and ${t.ballots} is not null and ${t.counts} is null)`,
    ),
    check("vote_paper_batches_papers", sql`${t.papers} > 0`),
    check("vote_paper_batches_two_people", sql`${t.confirmedBy} <> ${t.enteredBy}`),
    check(
      "vote_paper_batches_confirmed_together",
      sql`(${t.confirmedBy} is null) = (${t.confirmedAt} is null)`,
    ),
  ],
);

/**
 * A hearing (or forum, expert review, dialogue, courtyard meeting) held offline on a proposal: the
 * minimal record the lifecycle needs before a vote, until meetings have their own area.
 */
export const proposalHearings = pgTable(
  "proposal_hearings",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    proposalId: integer("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "restrict" }),
    format: text().notNull(),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    summary: text().notNull(),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("proposal_hearings_proposal_idx").on(t.proposalId, t.heldOn),
    check("proposal_hearings_format_known", sql`${t.format} in (${formatList})`),
  ],
);

export type Vote = typeof votes.$inferSelect;
export type VoteOption = typeof voteOptions.$inferSelect;
export type ProposalHearing = typeof proposalHearings.$inferSelect;
