/**
 * Every act the audit log records, in one place. `recordAudit` accepts only these keys (the type
 * checks every call), and the audit page has a sentence for each (tests/unit/audit-sentences.test.ts
 * checks all three languages): a new act is added here, and the compiler points at what else it needs.
 */
export const AUDIT_ACTIONS = [
  "account.deleted",
  "community.created",
  "community.renamed",
  "community.moved",
  "community.thresholdChanged",
  "household_codes.issued",
  "membership.verified",
  "membership.declined",
  "membership.verified_by_code",
  "role.granted",
  "role.revoked",
  "proposal.created",
  "proposal.detailsChanged",
  "proposal.versionRestored",
  "proposal.hearing",
  // The lifecycle's transitions (~/domain/lifecycle/proposal TRANSITION_NAMES), as `proposal.<name>`.
  "proposal.publish",
  "proposal.startDeliberation",
  "proposal.openVote",
  "proposal.decide",
  "proposal.startImplementation",
  "proposal.complete",
  "proposal.withdraw",
  // Moderation.
  "proposal.hidden",
  "proposal.restored",
  "comment.hidden",
  "comment.restored",
  "report.dismissed",
  // Votes.
  "vote.created",
  "vote.opened",
  "vote.cancelled",
  "vote.closed",
  "vote.proxyCast",
  "vote.paperEntered",
  "vote.paperConfirmed",
  "vote.needsAttention",
  "vote.closedEarly",
  "vote.extended",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}
