/**
 * What of the audit log is public by nature, for readers without the right to the whole log
 * (anonymous visitors and residents): votes opened, cancelled and closed, the decisions they made, and
 * offices given and taken (roles other than resident). Everything else stays with those who hold
 * `audit.read`. A public entry keeps only the facts of the act in office: no reasons, no notes, no
 * ids of other records beyond the vote and the proposal, and a name only where the person acted in
 * office or was given or relieved of an office.
 */
import type { AuditAction } from "./audit-actions";
import type { ChainedAuditEntry } from "./audit-chain";
import type { Role } from "./roles";

export const PUBLIC_AUDIT_ACTIONS = [
  "vote.opened",
  "vote.cancelled",
  "vote.closed",
  "proposal.decide",
  "role.granted",
  "role.revoked",
] as const satisfies readonly AuditAction[];

/** Roles that are no office: being a verified resident is a fact about a person, not a public one. */
export const NON_OFFICE_ROLES = ["resident"] as const satisfies readonly Role[];

/** Role acts: public only for offices, with the names of who gave and who received. */
export const ROLE_ACTIONS = [
  "role.granted",
  "role.revoked",
] as const satisfies readonly AuditAction[];

/** The fields a public entry keeps, per act (everything else in before/after is left out). */
const KEPT_FIELDS: Record<
  (typeof PUBLIC_AUDIT_ACTIONS)[number],
  { before: readonly string[]; after: readonly string[] }
> = {
  "vote.opened": {
    before: [],
    after: ["title", "method", "secret", "opensAt", "closesAt", "electorate", "proposalId"],
  },
  "vote.cancelled": { before: [], after: ["proposalId", "reason"] },
  "vote.closed": {
    before: [],
    after: [
      "outcome",
      "turnout",
      "quorumMet",
      "thresholdMet",
      "winner",
      "ranking",
      "funded",
      "batches",
    ],
  },
  "proposal.decide": { before: ["status"], after: ["status", "outcome", "voteId"] },
  "role.granted": { before: [], after: ["role"] },
  // `reason` is only ever "account.deleted" (a role ending with the account), never free text.
  "role.revoked": { before: ["role"], after: ["reason"] },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A field of an entry's before/after object, or undefined. */
export function fieldOf(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

/** The role a role act is about (granted: after.role; revoked: before.role), or null. */
export function roleOfEntry(entry: Pick<ChainedAuditEntry, "action" | "before" | "after">) {
  const role = fieldOf(entry.action === "role.granted" ? entry.after : entry.before, "role");
  return typeof role === "string" ? role : null;
}

function isPublicAction(action: string): action is (typeof PUBLIC_AUDIT_ACTIONS)[number] {
  return (PUBLIC_AUDIT_ACTIONS as readonly string[]).includes(action);
}

function keep(value: unknown, fields: readonly string[]): unknown {
  if (fields.length === 0 || !isRecord(value)) return null;
  const kept: Record<string, unknown> = {};
  for (const field of fields) if (field in value) kept[field] = value[field];
  return kept;
}

/**
 * The entry as a reader without `audit.read` may see it, or null when it is not public. Role acts are
 * public only for offices; votes and decisions never name who triggered them (they happen when the
 * vote's time comes, whoever's request ran the clock).
 */
export function publicAuditEntry<E extends ChainedAuditEntry>(entry: E): E | null {
  if (!isPublicAction(entry.action)) return null;
  const roleAct = (ROLE_ACTIONS as readonly string[]).includes(entry.action);
  if (roleAct) {
    const role = roleOfEntry(entry);
    if (role === null || (NON_OFFICE_ROLES as readonly string[]).includes(role)) return null;
  }
  const fields = KEPT_FIELDS[entry.action];
  return {
    ...entry,
    actorId: roleAct ? entry.actorId : null,
    targetId: roleAct || entry.targetType !== "user" ? entry.targetId : null,
    before: keep(entry.before, fields.before),
    after: keep(entry.after, fields.after),
  };
}
