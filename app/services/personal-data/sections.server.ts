/**
 * The export's sections of what a person did for themselves (see index.server.ts for the whole).
 * Reads: sessions, email_tokens, notifications, notification_preferences, proposal_followers,
 * proposals, proposal_authors, proposal_versions, comments, proposal_supports, reports,
 * vote_electorate, vote_voters, vote_open_ballots. Writes nothing.
 */
import { desc, eq, type Column } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  comments,
  communities,
  emailTokens,
  notificationPreferences,
  notifications,
  proposalAuthors,
  proposalFollowers,
  proposals,
  proposalSupports,
  proposalVersions,
  reports,
  sessions,
  voteElectorate,
  voteOpenBallots,
  votes,
  voteVoters,
} from "../../../db/schema";

/** What account deletion does to a section's rows. */
export type Fate = "erased" | "kept";

/** How the data page groups the sections when it says what deletion erases and keeps. */
export const DELETION_CATEGORIES = {
  erased: ["account", "sessions", "notifications", "follows"],
  kept: ["contributions", "supports", "reports", "votes", "residence", "offices", "auditLog"],
} as const;
export type DeletionCategory =
  (typeof DELETION_CATEGORIES.erased)[number] | (typeof DELETION_CATEGORIES.kept)[number];

export interface Section {
  key: string;
  /** The person-naming columns the section reads by (each `personReferences()` entry is in one). */
  covers: Column[];
  fate: Fate;
  category: DeletionCategory;
  read: (db: Database, userId: string) => Promise<Array<Record<string, unknown>>>;
}

/** The community a row belongs to, by its slug. */
export const community = communities.slug;

/** Sections of what the person did for themselves: their sessions, notices, contributions, votes. */
export const OWN_SECTIONS: readonly Section[] = [
  {
    key: "sessions",
    covers: [sessions.userId],
    fate: "erased",
    category: "sessions",
    read: (db, id) =>
      db
        .select({
          createdAt: sessions.createdAt,
          expiresAt: sessions.expiresAt,
          userAgent: sessions.userAgent,
          ipAddress: sessions.ipAddress,
        })
        .from(sessions)
        .where(eq(sessions.userId, id)),
  },
  {
    key: "emailLinks",
    covers: [emailTokens.userId],
    fate: "erased",
    category: "sessions",
    read: (db, id) =>
      db
        .select({
          purpose: emailTokens.purpose,
          createdAt: emailTokens.createdAt,
          expiresAt: emailTokens.expiresAt,
          usedAt: emailTokens.usedAt,
        })
        .from(emailTokens)
        .where(eq(emailTokens.userId, id)),
  },
  {
    key: "notifications",
    covers: [notifications.userId],
    fate: "erased",
    category: "notifications",
    read: (db, id) =>
      db
        .select({
          kind: notifications.kind,
          payload: notifications.payload,
          createdAt: notifications.createdAt,
          readAt: notifications.readAt,
          emailedAt: notifications.emailedAt,
        })
        .from(notifications)
        .where(eq(notifications.userId, id))
        .orderBy(desc(notifications.id)),
  },
  {
    key: "notificationPreferences",
    covers: [notificationPreferences.userId],
    fate: "erased",
    category: "notifications",
    read: (db, id) =>
      db
        .select({ kind: notificationPreferences.kind, delivery: notificationPreferences.delivery })
        .from(notificationPreferences)
        .where(eq(notificationPreferences.userId, id)),
  },
  {
    key: "follows",
    covers: [proposalFollowers.userId],
    fate: "erased",
    category: "follows",
    read: (db, id) =>
      db
        .select({
          proposalId: proposalFollowers.proposalId,
          title: proposals.title,
          createdAt: proposalFollowers.createdAt,
        })
        .from(proposalFollowers)
        .innerJoin(proposals, eq(proposals.id, proposalFollowers.proposalId))
        .where(eq(proposalFollowers.userId, id)),
  },
  {
    key: "proposals",
    covers: [proposals.createdBy],
    fate: "kept",
    category: "contributions",
    read: (db, id) =>
      db
        .select({
          id: proposals.id,
          community,
          title: proposals.title,
          summary: proposals.summary,
          category: proposals.category,
          language: proposals.language,
          status: proposals.status,
          outcome: proposals.outcome,
          text: proposals.bodyText,
          supports: proposals.supportCount,
          createdAt: proposals.createdAt,
          publishedAt: proposals.publishedAt,
          hiddenAt: proposals.hiddenAt,
          hiddenReason: proposals.hiddenReason,
        })
        .from(proposals)
        .innerJoin(communities, eq(communities.id, proposals.communityId))
        .where(eq(proposals.createdBy, id))
        .orderBy(proposals.id),
  },
  {
    key: "coauthorships",
    covers: [proposalAuthors.userId],
    fate: "kept",
    category: "contributions",
    read: (db, id) =>
      db
        .select({
          proposalId: proposalAuthors.proposalId,
          title: proposals.title,
          invitedAt: proposalAuthors.createdAt,
          acceptedAt: proposalAuthors.acceptedAt,
        })
        .from(proposalAuthors)
        .innerJoin(proposals, eq(proposals.id, proposalAuthors.proposalId))
        .where(eq(proposalAuthors.userId, id)),
  },
  {
    key: "proposalVersions",
    covers: [proposalVersions.createdBy],
    fate: "kept",
    category: "contributions",
    read: (db, id) =>
      db
        .select({
          proposalId: proposalVersions.proposalId,
          number: proposalVersions.number,
          reason: proposalVersions.reason,
          name: proposalVersions.name,
          title: proposalVersions.title,
          createdAt: proposalVersions.createdAt,
        })
        .from(proposalVersions)
        .where(eq(proposalVersions.createdBy, id))
        .orderBy(proposalVersions.proposalId, proposalVersions.number),
  },
  {
    key: "comments",
    covers: [comments.authorId],
    fate: "kept",
    category: "contributions",
    read: (db, id) =>
      db
        .select({
          id: comments.id,
          proposalId: comments.proposalId,
          proposalTitle: proposals.title,
          inReplyTo: comments.parentId,
          stance: comments.stance,
          body: comments.body,
          createdAt: comments.createdAt,
          editedAt: comments.editedAt,
          deletedAt: comments.deletedAt,
          hiddenAt: comments.hiddenAt,
          hiddenReason: comments.hiddenReason,
        })
        .from(comments)
        .innerJoin(proposals, eq(proposals.id, comments.proposalId))
        .where(eq(comments.authorId, id))
        .orderBy(comments.id),
  },
  {
    key: "supports",
    covers: [proposalSupports.userId],
    fate: "kept",
    category: "supports",
    read: (db, id) =>
      db
        .select({
          proposalId: proposalSupports.proposalId,
          title: proposals.title,
          createdAt: proposalSupports.createdAt,
        })
        .from(proposalSupports)
        .innerJoin(proposals, eq(proposals.id, proposalSupports.proposalId))
        .where(eq(proposalSupports.userId, id)),
  },
  {
    key: "reports",
    covers: [reports.reporterId],
    fate: "kept",
    category: "reports",
    read: (db, id) =>
      db
        .select({
          targetKind: reports.targetKind,
          targetId: reports.targetId,
          reason: reports.reason,
          createdAt: reports.createdAt,
          resolvedAt: reports.resolvedAt,
          resolution: reports.resolution,
        })
        .from(reports)
        .where(eq(reports.reporterId, id)),
  },
  {
    key: "electorates",
    covers: [voteElectorate.userId],
    fate: "kept",
    category: "votes",
    read: (db, id) =>
      db
        .select({ voteId: votes.id, title: votes.title, opensAt: votes.opensAt })
        .from(voteElectorate)
        .innerJoin(votes, eq(votes.id, voteElectorate.voteId))
        .where(eq(voteElectorate.userId, id)),
  },
  {
    key: "votedIn",
    covers: [voteVoters.userId],
    fate: "kept",
    category: "votes",
    read: async (db, id) => {
      const rows = await db
        .select({
          voteId: votes.id,
          title: votes.title,
          secret: votes.secret,
          votedOn: voteVoters.votedOn,
          castBy: voteVoters.castBy,
          consentNote: voteVoters.consentNote,
        })
        .from(voteVoters)
        .innerJoin(votes, eq(votes.id, voteVoters.voteId))
        .where(eq(voteVoters.userId, id));
      // Who recorded a proxy ballot is another person: only that someone did, with the consent.
      return rows.map(({ castBy, ...row }) => ({ ...row, byProxy: castBy !== null }));
    },
  },
  {
    key: "openBallots",
    covers: [voteOpenBallots.userId],
    fate: "kept",
    category: "votes",
    read: (db, id) =>
      db
        .select({
          voteId: votes.id,
          title: votes.title,
          ballot: voteOpenBallots.content,
          castAt: voteOpenBallots.castAt,
        })
        .from(voteOpenBallots)
        .innerJoin(votes, eq(votes.id, voteOpenBallots.voteId))
        .where(eq(voteOpenBallots.userId, id)),
  },
];
