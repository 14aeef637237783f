/**
 * The export's sections of a person's residence and offices and of their acts on others' records
 * (only their own part of each row). Reads: memberships, role_grants, household_codes,
 * proposal_authors, comments, reports, votes, vote_voters, vote_paper_batches, proposal_hearings,
 * audit_log. Writes nothing.
 */
import { and, eq, or } from "drizzle-orm";
import {
  auditLog,
  comments,
  communities,
  householdCodes,
  memberships,
  proposalAuthors,
  proposalHearings,
  proposals,
  reports,
  roleGrants,
  votePaperBatches,
  votes,
  voteVoters,
} from "../../../db/schema";
import { community, type Section } from "./sections.server";

/** Sections of the person's residence and offices, and of what they did to others' records. */
export const ACT_SECTIONS: readonly Section[] = [
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
