/**
 * The audit log: the only writer of `audit_log` and `audit_chain_head`. Rows are appended to a hash
 * chain (see ~/domain/audit-chain) inside the transaction of the act they record, and never changed
 * (a trigger refuses UPDATE and DELETE).
 */
import { and, asc, count, desc, eq, gt, inArray, is, not, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Database, Transaction } from "../../db/client";
import { auditChainHead, auditLog } from "../../db/schema";
import {
  canonicalJson,
  chainHash,
  GENESIS_HASH,
  verifyChain,
  type AuditEntry,
  type ChainedAuditEntry,
  type ChainVerdict,
} from "~/domain/audit-chain";
import type { AuditAction } from "~/domain/audit-actions";
import { NON_OFFICE_ROLES, PUBLIC_AUDIT_ACTIONS, ROLE_ACTIONS } from "~/domain/audit-public";
import { paginate, type PageInfo, type PageRequest } from "~/domain/pagination";

/** The one row of `audit_chain_head` (seeded by migration 0001). */
const HEAD_ID = 1;
const VERIFY_BATCH_SIZE = 1000;
const INT4_MAX = 2_147_483_647;

/** An entry to record: its action is one of ~/domain/audit-actions (so each has a sentence). */
export type AuditInput = Omit<AuditEntry, "occurredAt" | "action"> & {
  action: AuditAction;
  occurredAt?: Date;
};

type AuditRow = typeof auditLog.$inferSelect;

/**
 * Appends one entry inside the caller's transaction (call it with the `tx` of the act being audited, so
 * both commit or neither). Serialises appends by locking the chain head row (SELECT ... FOR UPDATE on
 * audit_chain_head id=1), computes the hash, inserts the row, updates the head. Given a `Database`
 * rather than a transaction, it opens one itself.
 */
export async function recordAudit(
  tx: Transaction | Database,
  entry: AuditInput,
): Promise<{ id: number; hash: string }> {
  // Validate before taking the lock: a bad entry should fail fast, not hold up every other writer.
  const prepared = prepareEntry(entry);
  if (isTransaction(tx)) return append(tx, prepared);
  return tx.transaction((own) => append(own, prepared));
}

// The types cannot tell them apart (a transaction is a database); the runtime class can.
function isTransaction(db: Transaction | Database): db is Transaction {
  return is(db, PgTransaction);
}

async function append(tx: Transaction, entry: AuditEntry): Promise<{ id: number; hash: string }> {
  // The lock makes concurrent appends queue here, so each one chains from the row committed before
  // it; it is held until the caller's transaction ends, which is why callers should audit last.
  const [head] = await tx
    .select({ lastHash: auditChainHead.lastHash })
    .from(auditChainHead)
    .where(eq(auditChainHead.id, HEAD_ID))
    .for("update");
  if (!head) throw new Error("audit_chain_head row 1 is missing: has migration 0001 run?");
  const hash = chainHash(head.lastHash, entry);
  const [row] = await tx
    .insert(auditLog)
    .values({ ...entry, prevHash: head.lastHash, hash })
    .returning({ id: auditLog.id });
  if (!row) throw new Error("audit_log insert returned no row");
  await tx
    .update(auditChainHead)
    .set({ lastId: row.id, lastHash: hash })
    .where(eq(auditChainHead.id, HEAD_ID));
  return { id: row.id, hash };
}

/**
 * Puts the entry in the exact form it will be read back in, so the hash computed now is the hash
 * recomputed on verification: a ms-precision UTC timestamp, and before/after passed through canonical
 * JSON (Dates become strings, undefined becomes null; whatever cannot round-trip throws here).
 */
function prepareEntry(input: AuditInput): AuditEntry {
  const when = input.occurredAt ?? new Date();
  if (Number.isNaN(when.getTime())) throw new RangeError("recordAudit: occurredAt is not a date");
  if (input.action.length === 0) throw new RangeError("recordAudit: action is empty");
  const { communityId } = input;
  if (
    communityId !== null &&
    !(Number.isInteger(communityId) && Math.abs(communityId) <= INT4_MAX)
  ) {
    throw new RangeError("recordAudit: communityId is not an integer column value");
  }
  return {
    occurredAt: when.toISOString(),
    actorId: input.actorId,
    action: input.action,
    communityId,
    targetType: input.targetType,
    targetId: input.targetId,
    before: toStoredJson(input.before),
    after: toStoredJson(input.after),
  };
}

function toStoredJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(canonicalJson(value));
}

/**
 * The entries public by nature (see ~/domain/audit-public): its acts, and of role acts only those of
 * offices. The page still passes each row through `publicAuditEntry`, which also strips the details.
 */
const PUBLIC_ONLY = and(
  inArray(auditLog.action, [...PUBLIC_AUDIT_ACTIONS]),
  not(
    and(
      inArray(auditLog.action, [...ROLE_ACTIONS]),
      inArray(sql`coalesce(${auditLog.after} ->> 'role', ${auditLog.before} ->> 'role')`, [
        ...NON_OFFICE_ROLES,
      ]),
    )!,
  ),
);

/**
 * One page of the log for these communities (a node and its subtree: pass the ids), newest first;
 * with `publicOnly`, only the entries public by nature.
 */
export async function listAuditEntries(
  db: Database,
  communityIds: number[],
  page: PageRequest,
  options: { publicOnly?: boolean } = {},
): Promise<{ items: ChainedAuditEntry[]; pageInfo: PageInfo }> {
  const ids = [...new Set(communityIds)];
  if (ids.length === 0) return { items: [], pageInfo: paginate(page, 0) };
  const where = and(
    inArray(auditLog.communityId, ids),
    options.publicOnly ? PUBLIC_ONLY : undefined,
  );
  const [totals] = await db.select({ total: count() }).from(auditLog).where(where);
  const pageInfo = paginate(page, totals?.total ?? 0);
  const rows = await db
    .select()
    .from(auditLog)
    .where(where)
    // Ids follow commit order (appends are serialised), so they are the log's true order.
    .orderBy(desc(auditLog.id))
    .limit(pageInfo.pageSize)
    .offset(pageInfo.offset);
  return { items: rows.map(toChainedEntry), pageInfo };
}

/**
 * Reads the whole log in id order in batches of 1000 and verifies the chain, then checks that it ends
 * where the chain head says (which catches rows cut off the end, e.g. by TRUNCATE, that the chain
 * alone cannot see). One read-only snapshot, so appends committed meanwhile do not confuse the check.
 */
export async function verifyAuditChain(db: Database): Promise<ChainVerdict> {
  return db.transaction(
    async (tx) => {
      const [head] = await tx.select().from(auditChainHead).where(eq(auditChainHead.id, HEAD_ID));
      if (!head) throw new Error("audit_chain_head row 1 is missing: has migration 0001 run?");
      let checked = 0;
      let lastHash: string | undefined;
      let lastId: number | null = null;
      for (;;) {
        const rows = await tx
          .select()
          .from(auditLog)
          .where(lastId === null ? undefined : gt(auditLog.id, lastId))
          .orderBy(asc(auditLog.id))
          .limit(VERIFY_BATCH_SIZE);
        const verdict = verifyChain(rows.map(toChainedEntry), lastHash);
        if (!verdict.ok) return { ...verdict, checked: checked + verdict.checked };
        checked += verdict.checked;
        lastHash = verdict.lastHash;
        lastId = rows.at(-1)?.id ?? lastId;
        if (rows.length < VERIFY_BATCH_SIZE) break;
      }
      const endHash = lastHash ?? GENESIS_HASH;
      if (head.lastId !== lastId || head.lastHash !== endHash) {
        return {
          ok: false,
          checked,
          brokenAtId: head.lastId ?? lastId ?? 0,
          reason: "head_mismatch",
        };
      }
      return { ok: true, checked, lastHash: endHash };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

function toChainedEntry(row: AuditRow): ChainedAuditEntry {
  return {
    id: row.id,
    occurredAt: normaliseTimestamp(row.occurredAt),
    actorId: row.actorId,
    action: row.action,
    communityId: row.communityId,
    targetType: row.targetType,
    targetId: row.targetId,
    before: row.before,
    after: row.after,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

// PostgreSQL's text form of timestamptz, in the session's time zone: "2026-11-24 06:40:00.123+00",
// "... 12:25:00+05:45", and for old dates local mean time offsets with seconds ("+08:05:43"), which
// Date cannot parse; so the offset is applied by hand.
const PG_TIMESTAMPTZ =
  /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?|Z)$/;

/** The stored timestamp as `Date#toISOString()` gave it when the entry was hashed. */
export function normaliseTimestamp(value: string): string {
  const match = PG_TIMESTAMPTZ.exec(value);
  if (!match) {
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime())) throw new RangeError(`Unreadable timestamp: ${value}`);
    return parsed.toISOString();
  }
  const [, year, month, day, hour, minute, second, fraction = "", sign, oh, om, os] = match;
  const local = new Date(0);
  local.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  local.setUTCHours(
    Number(hour),
    Number(minute),
    Number(second),
    Number(fraction.padEnd(3, "0").slice(0, 3)),
  );
  const offsetSeconds = (Number(oh ?? 0) * 60 + Number(om ?? 0)) * 60 + Number(os ?? 0);
  const utc = local.getTime() - (sign === "-" ? -1 : 1) * offsetSeconds * 1000;
  return new Date(utc).toISOString();
}
