import { sql } from "drizzle-orm";
import {
  check,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { PROPOSAL_STATUSES } from "../../app/domain/proposal-lifecycle.ts";
import { STANCES } from "../../app/domain/proposals.ts";
import { bytea } from "./collab";
import { communities } from "./communities";
import { users } from "./users";

/** A full-text vector; written with `to_tsvector('simple', <segmented text>)`. */
export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

const statusList = sql.raw(PROPOSAL_STATUSES.map((s) => `'${s}'`).join(", "));
const stanceList = sql.raw(STANCES.map((s) => `'${s}'`).join(", "));

/**
 * A matter raised in a community. Its body is the collaborative document `proposal:<id>`; `bodyHtml`
 * and `bodyText` are its rendering (sanitised), kept current by the collaboration server, so pages and
 * search never load the editor.
 */
export const proposals = pgTable(
  "proposals",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "restrict" }),
    /** The grid or building it concerns, below the community. */
    concernsId: integer("concerns_id").references(() => communities.id, { onDelete: "set null" }),
    title: text().notNull(),
    summary: text().notNull(),
    category: text().notNull(),
    /** The script it is written in (zh-Hans, zh-Hant, en): readers of the other script get it converted. */
    language: text().notNull(),
    status: text().notNull().default("draft"),
    outcome: text(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    bodyHtml: text("body_html").notNull().default(""),
    bodyText: text("body_text").notNull().default(""),
    searchVector: tsvector("search_vector"),
    supportCount: integer("support_count").notNull().default(0),
    commentCount: integer("comment_count").notNull().default(0),
    /** Set when the threshold was first reached (the committee is told once). */
    thresholdReachedAt: timestamp("threshold_reached_at", { withTimezone: true }),
    hiddenAt: timestamp("hidden_at", { withTimezone: true }),
    hiddenReason: text("hidden_reason"),
    hiddenBy: text("hidden_by").references(() => users.id),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("proposals_community_idx").on(t.communityId, t.createdAt),
    index("proposals_status_idx").on(t.status, t.createdAt),
    index("proposals_search_idx").using("gin", t.searchVector),
    check("proposals_status_known", sql`${t.status} in (${statusList})`),
    check("proposals_support_count_nonnegative", sql`${t.supportCount} >= 0`),
  ],
);

/** Authors: the one who raised it and the co-authors they invited (pending until accepted). */
export const proposalAuthors = pgTable(
  "proposal_authors",
  {
    proposalId: integer("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    invitedBy: text("invited_by").references(() => users.id),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.proposalId, t.userId] }),
    index("proposal_authors_user_idx").on(t.userId),
  ],
);

/** One support per person per proposal: the primary key makes a second one impossible. */
export const proposalSupports = pgTable(
  "proposal_supports",
  {
    proposalId: integer("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.userId] })],
);

/** Who hears about new comments and status changes (authors, commenters, supporters, and by choice). */
export const proposalFollowers = pgTable(
  "proposal_followers",
  {
    proposalId: integer("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.userId] })],
);

/**
 * Frozen versions: at every status transition and whenever an author saves one. `state` is the whole
 * Yjs document then; `html`/`text` its rendering. Never updated, never deleted.
 */
export const proposalVersions = pgTable(
  "proposal_versions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    proposalId: integer("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    number: integer().notNull(),
    /** "transition" (with the status it entered), "saved" (named by an author), "restored". */
    reason: text().notNull(),
    name: text(),
    status: text().notNull(),
    title: text().notNull(),
    summary: text().notNull(),
    state: bytea().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("proposal_versions_number_unique").on(t.proposalId, t.number)],
);

/** Opinions with a stance, two levels deep (a reply's parent is a top-level comment). */
export const comments = pgTable(
  "comments",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    proposalId: integer("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    parentId: integer("parent_id").references((): AnyPgColumn => comments.id, {
      onDelete: "cascade",
    }),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    stance: text().notNull(),
    body: text().notNull(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    hiddenAt: timestamp("hidden_at", { withTimezone: true }),
    hiddenReason: text("hidden_reason"),
    hiddenBy: text("hidden_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("comments_proposal_idx").on(t.proposalId, t.parentId, t.id),
    check("comments_stance_known", sql`${t.stance} in (${stanceList})`),
  ],
);

/** Reports to moderators, about a comment or a proposal; one open report per person and target. */
export const reports = pgTable(
  "reports",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    targetKind: text("target_kind").notNull(),
    targetId: integer("target_id").notNull(),
    /** The community of the proposal concerned (moderators see their community and below). */
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    reporterId: text("reporter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: text("resolved_by").references(() => users.id),
    /** "hidden", "restored" or "dismissed". */
    resolution: text(),
  },
  (t) => [
    unique("reports_once_per_reporter").on(t.targetKind, t.targetId, t.reporterId),
    index("reports_open_idx").on(t.communityId, t.resolvedAt),
    check("reports_target_kind", sql`${t.targetKind} in ('comment', 'proposal')`),
  ],
);

export type Proposal = typeof proposals.$inferSelect;
export type Comment = typeof comments.$inferSelect;
