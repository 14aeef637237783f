/**
 * What the platform holds about one person, and what becomes of it when they delete their account.
 *
 * The export is a list of sections, one per way a table names a person (each foreign key to
 * `users.id`); `personReferences()` walks the schema for those keys, and a test checks that the
 * sections cover every one of them, so a new table cannot be forgotten. A section reads only the
 * person's own part of a row: where they acted on another person's record (a membership they
 * decided, a role they granted), the other person is left out.
 *
 * Each section also says what account deletion does to it (`fate`), grouped under a category the
 * data page explains; tests/integration/personal-data.test.ts checks that deletion really does it.
 *
 * Secret ballots are not here by design: the ballot box holds nothing that links a ballot to its voter
 * (see db/schema/votes.ts); the voter roll says that and when the person voted.
 */
import { and, desc, eq, is, or, type Column } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import type { Database } from "../../db/client";
import * as schema from "../../db/schema";
import {
  auditLog,
  comments,
  communities,
  emailTokens,
  householdCodes,
  memberships,
  notificationPreferences,
  notifications,
  proposalAuthors,
  proposalFollowers,
  proposalHearings,
  proposals,
  proposalSupports,
  proposalVersions,
  reports,
  roleGrants,
  sessions,
  users,
  voteElectorate,
  voteOpenBallots,
  votePaperBatches,
  votes,
  voteVoters,
} from "../../db/schema";

/** A column naming a person, as "table.column" (SQL names). */
export type PersonReference = `${string}.${string}`;

/** Every column of the schema with a foreign key to `users.id`, sorted. */
export function personReferences(): PersonReference[] {
  const found = new Set<PersonReference>();
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    for (const key of config.foreignKeys) {
      const reference = key.reference();
      if (getTableConfig(reference.foreignTable).name !== "users") continue;
      for (const column of reference.columns) found.add(`${config.name}.${column.name}`);
    }
  }
  return [...found].sort();
}

function referenceOf(column: Column): PersonReference {
  return `${getTableConfig(column.table as PgTable).name}.${column.name}`;
}

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

const community = communities.slug;

/** The sections of the export, in the order the summary shows them. */
export const SECTIONS: readonly Section[] = [
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
  {
    key: "memberships",
    covers: [memberships.userId],
    fate: "kept",
    category: "residence",
    read: (db, id) =>
      db
        .select({
          community,
          status: memberships.status,
          via: memberships.via,
          unit: memberships.unit,
          note: memberships.note,
          decisionReason: memberships.decisionReason,
          createdAt: memberships.createdAt,
          decidedAt: memberships.decidedAt,
        })
        .from(memberships)
        .innerJoin(communities, eq(communities.id, memberships.communityId))
        .where(eq(memberships.userId, id)),
  },
  {
    key: "roles",
    covers: [roleGrants.userId],
    fate: "kept",
    category: "residence",
    read: (db, id) =>
      db
        .select({
          community,
          role: roleGrants.role,
          grantedAt: roleGrants.grantedAt,
          revokedAt: roleGrants.revokedAt,
        })
        .from(roleGrants)
        .innerJoin(communities, eq(communities.id, roleGrants.communityId))
        .where(eq(roleGrants.userId, id)),
  },
  {
    key: "householdCodeUsed",
    covers: [householdCodes.usedById],
    fate: "kept",
    category: "residence",
    read: (db, id) =>
      db
        .select({ community, usedAt: householdCodes.usedAt })
        .from(householdCodes)
        .innerJoin(communities, eq(communities.id, householdCodes.communityId))
        .where(eq(householdCodes.usedById, id)),
  },
  // Acts in office: the person's part only, never the other person's record.
  {
    key: "membershipsDecided",
    covers: [memberships.decidedById],
    fate: "kept",
    category: "offices",
    read: (db, id) =>
      db
        .select({ community, decision: memberships.status, decidedAt: memberships.decidedAt })
        .from(memberships)
        .innerJoin(communities, eq(communities.id, memberships.communityId))
        .where(eq(memberships.decidedById, id)),
  },
  {
    key: "rolesGivenOrTaken",
    covers: [roleGrants.grantedById, roleGrants.revokedById],
    fate: "kept",
    category: "offices",
    read: async (db, id) => {
      const rows = await db
        .select({
          community,
          role: roleGrants.role,
          grantedById: roleGrants.grantedById,
          grantedAt: roleGrants.grantedAt,
          revokedById: roleGrants.revokedById,
          revokedAt: roleGrants.revokedAt,
        })
        .from(roleGrants)
        .innerJoin(communities, eq(communities.id, roleGrants.communityId))
        .where(or(eq(roleGrants.grantedById, id), eq(roleGrants.revokedById, id)));
      return rows.map((row) => ({
        community: row.community,
        role: row.role,
        grantedAt: row.grantedById === id ? row.grantedAt : null,
        revokedAt: row.revokedById === id ? row.revokedAt : null,
      }));
    },
  },
  {
    key: "householdCodesIssued",
    covers: [householdCodes.createdById],
    fate: "kept",
    category: "offices",
    read: async (db, id) => {
      const rows = await db
        .select({
          community,
          createdAt: householdCodes.createdAt,
          expiresAt: householdCodes.expiresAt,
          usedAt: householdCodes.usedAt,
        })
        .from(householdCodes)
        .innerJoin(communities, eq(communities.id, householdCodes.communityId))
        .where(eq(householdCodes.createdById, id));
      return rows.map(({ usedAt, ...row }) => ({ ...row, used: usedAt !== null }));
    },
  },
  {
    key: "coauthorsInvited",
    covers: [proposalAuthors.invitedBy],
    fate: "kept",
    category: "offices",
    read: (db, id) =>
      db
        .select({ proposalId: proposalAuthors.proposalId, invitedAt: proposalAuthors.createdAt })
        .from(proposalAuthors)
        .where(eq(proposalAuthors.invitedBy, id)),
  },
  {
    key: "moderation",
    covers: [proposals.hiddenBy, comments.hiddenBy, reports.resolvedBy],
    fate: "kept",
    category: "offices",
    read: async (db, id) => {
      const [hiddenProposals, hiddenComments, resolved] = await Promise.all([
        db
          .select({ id: proposals.id, at: proposals.hiddenAt, reason: proposals.hiddenReason })
          .from(proposals)
          .where(eq(proposals.hiddenBy, id)),
        db
          .select({ id: comments.id, at: comments.hiddenAt, reason: comments.hiddenReason })
          .from(comments)
          .where(eq(comments.hiddenBy, id)),
        db
          .select({
            kind: reports.targetKind,
            id: reports.targetId,
            at: reports.resolvedAt,
            resolution: reports.resolution,
          })
          .from(reports)
          .where(eq(reports.resolvedBy, id)),
      ]);
      return [
        ...hiddenProposals.map((row) => ({ act: "hidden", kind: "proposal", ...row })),
        ...hiddenComments.map((row) => ({ act: "hidden", kind: "comment", ...row })),
        // A report's reason and reporter belong to the reporter: only the resolution is the person's.
        ...resolved.map(({ resolution, ...row }) => ({ act: `report.${resolution}`, ...row })),
      ];
    },
  },
  {
    key: "votesSetUp",
    covers: [votes.createdBy],
    fate: "kept",
    category: "offices",
    read: (db, id) =>
      db
        .select({ voteId: votes.id, title: votes.title, createdAt: votes.createdAt })
        .from(votes)
        .where(eq(votes.createdBy, id)),
  },
  {
    key: "proxyBallotsRecorded",
    covers: [voteVoters.castBy],
    fate: "kept",
    category: "offices",
    read: (db, id) =>
      db
        .select({ voteId: voteVoters.voteId, votedOn: voteVoters.votedOn })
        .from(voteVoters)
        .where(eq(voteVoters.castBy, id)),
  },
  {
    key: "paperBallots",
    covers: [votePaperBatches.enteredBy, votePaperBatches.confirmedBy],
    fate: "kept",
    category: "offices",
    read: async (db, id) => {
      const rows = await db
        .select({
          voteId: votePaperBatches.voteId,
          label: votePaperBatches.label,
          papers: votePaperBatches.papers,
          enteredBy: votePaperBatches.enteredBy,
          enteredAt: votePaperBatches.enteredAt,
          confirmedBy: votePaperBatches.confirmedBy,
          confirmedAt: votePaperBatches.confirmedAt,
        })
        .from(votePaperBatches)
        .where(or(eq(votePaperBatches.enteredBy, id), eq(votePaperBatches.confirmedBy, id)));
      return rows.map((row) => ({
        voteId: row.voteId,
        label: row.label,
        papers: row.papers,
        enteredAt: row.enteredBy === id ? row.enteredAt : null,
        confirmedAt: row.confirmedBy === id ? row.confirmedAt : null,
      }));
    },
  },
  {
    key: "hearingsRecorded",
    covers: [proposalHearings.recordedBy],
    fate: "kept",
    category: "offices",
    read: (db, id) =>
      db
        .select({
          proposalId: proposalHearings.proposalId,
          format: proposalHearings.format,
          heldOn: proposalHearings.heldOn,
          summary: proposalHearings.summary,
          createdAt: proposalHearings.createdAt,
        })
        .from(proposalHearings)
        .where(eq(proposalHearings.recordedBy, id)),
  },
  {
    // Not a foreign key (nothing may cascade into the log), but it names the person.
    key: "auditEntries",
    covers: [],
    fate: "kept",
    category: "auditLog",
    read: async (db, id) => {
      const rows = await db
        .select({
          occurredAt: auditLog.occurredAt,
          action: auditLog.action,
          communityId: auditLog.communityId,
          actorId: auditLog.actorId,
          targetType: auditLog.targetType,
          targetId: auditLog.targetId,
        })
        .from(auditLog)
        .where(
          or(
            eq(auditLog.actorId, id),
            and(eq(auditLog.targetType, "user"), eq(auditLog.targetId, id)),
          ),
        )
        .orderBy(auditLog.id);
      // Before/after may name other people; the act, its time and place are the person's.
      return rows.map((row) => ({
        occurredAt: row.occurredAt,
        action: row.action,
        communityId: row.communityId,
        byYou: row.actorId === id,
        aboutYou: row.targetType === "user" && row.targetId === id,
      }));
    },
  },
];

/** The person-naming columns the export's sections cover, as "table.column". */
export function coveredReferences(): PersonReference[] {
  return SECTIONS.flatMap((section) => section.covers.map(referenceOf)).sort();
}

export interface PersonalData {
  exportedAt: string;
  account: {
    id: string;
    email: string | null;
    emailVerifiedAt: Date | null;
    displayName: string | null;
    locale: string | null;
    careMode: boolean;
    createdAt: Date;
  };
  /** One list per section of `SECTIONS`, under its key. */
  sections: Record<string, Array<Record<string, unknown>>>;
}

/**
 * Everything the platform holds about one person (the right to know extends to oneself): the account
 * and one list per section. Null when there is no such account.
 */
export async function exportPersonalData(
  db: Database,
  userId: string,
): Promise<PersonalData | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  const lists = await Promise.all(SECTIONS.map((section) => section.read(db, userId)));
  return {
    exportedAt: new Date().toISOString(),
    account: {
      id: user.id,
      email: user.email,
      emailVerifiedAt: user.emailVerifiedAt,
      displayName: user.displayName,
      locale: user.locale,
      careMode: user.careMode,
      createdAt: user.createdAt,
    },
    sections: Object.fromEntries(SECTIONS.map((section, i) => [section.key, lists[i]!])),
  };
}
