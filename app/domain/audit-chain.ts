/**
 * The audit log's hash chain, as pure functions: each entry's hash covers the previous entry's hash and
 * a canonical serialisation of the entry, so editing, deleting or reordering a stored row breaks the
 * chain at a point `verifyChain` can name. No I/O here: the service reads and writes the rows.
 */
import { createHash } from "node:crypto";

/** The hash the first entry chains from (and the chain head's value while the log is empty). */
export const GENESIS_HASH = "0".repeat(64);

export interface AuditEntry {
  /** ISO 8601 with milliseconds, UTC (`Date#toISOString()`). */
  occurredAt: string;
  actorId: string | null;
  /** What happened, e.g. "role.granted", "membership.verified". */
  action: string;
  communityId: number | null;
  /** What it happened to, e.g. "user", "membership", "community". */
  targetType: string | null;
  targetId: string | null;
  /** JSON-compatible state before and after the act, or null. */
  before: unknown;
  after: unknown;
}

export interface ChainedAuditEntry extends AuditEntry {
  id: number;
  prevHash: string;
  hash: string;
}

/**
 * `checked` counts the entries found intact: all of them when the chain holds, those before the break
 * otherwise. `head_mismatch` means the rows agree with each other but not with the recorded end of the
 * chain (rows cut off the end, or the head itself altered); only the service can tell that.
 */
export type ChainVerdict =
  | { ok: true; checked: number; lastHash: string }
  | {
      ok: false;
      checked: number;
      brokenAtId: number;
      reason: "hash_mismatch" | "prev_hash_mismatch" | "head_mismatch";
    };

// A UTF-16 surrogate without its partner: JSON.stringify escapes it, but PostgreSQL refuses it in
// jsonb and replaces it in text, so a hash over it could never be verified against the stored row.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function canonicalString(value: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new TypeError("canonicalJson: string contains a lone UTF-16 surrogate");
  }
  return JSON.stringify(value);
}

function hasToJson(value: object): value is { toJSON(key: string): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Serialises like JSON.stringify (the form the value takes in a jsonb column, so a value and its
 * stored copy serialise alike) but deterministically: object keys sorted by UTF-16 code units at every
 * level, no whitespace. `undefined` properties are omitted and `undefined` array items become null, as
 * JSON.stringify does; `toJSON` (Date) is honoured. Whatever JSON would silently drop or mangle throws
 * instead: functions, symbols, bigints, NaN and ±Infinity, Maps, Sets and other class instances, cycles
 * and lone surrogates.
 */
export function canonicalJson(value: unknown): string {
  const text = serialise(value, "", new Set());
  if (text === undefined) throw new TypeError("canonicalJson: value is undefined");
  return text;
}

/** Returns undefined for a value JSON leaves out (undefined), so objects can omit the key. */
function serialise(value: unknown, key: string, ancestors: Set<object>): string | undefined {
  if (value !== null && typeof value === "object" && hasToJson(value)) {
    value = value.toJSON(key);
  }
  switch (typeof value) {
    case "undefined":
      return undefined;
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return canonicalString(value);
    case "number":
      if (!Number.isFinite(value)) {
        throw new TypeError(`canonicalJson: ${String(value)} is not a finite number`);
      }
      return JSON.stringify(value);
    case "object":
      break;
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON-compatible`);
  }
  if (value === null) return "null";
  if (ancestors.has(value)) throw new TypeError("canonicalJson: value contains a cycle");
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = [];
      // Index loop, not map: holes in sparse arrays must become null like any undefined item.
      for (let index = 0; index < value.length; index++) {
        items.push(serialise(value[index], String(index), ancestors) ?? "null");
      }
      return `[${items.join(",")}]`;
    }
    if (!isPlainObject(value)) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? "object";
      throw new TypeError(`canonicalJson: a ${name} is not JSON-compatible`);
    }
    const members: string[] = [];
    for (const name of Object.keys(value).sort()) {
      const member = serialise(value[name], name, ancestors);
      if (member !== undefined) members.push(`${canonicalString(name)}:${member}`);
    }
    return `{${members.join(",")}}`;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * The entry's hash: sha256 (hex) of the previous hash, a newline and the canonical JSON of exactly the
 * eight entry fields. Extra properties (a stored row's id and hashes) are ignored, and a missing
 * before/after counts as null because that is what the column gives back.
 */
export function chainHash(prevHash: string, entry: AuditEntry): string {
  const fields = {
    occurredAt: entry.occurredAt,
    actorId: entry.actorId,
    action: entry.action,
    communityId: entry.communityId,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: entry.before ?? null,
    after: entry.after ?? null,
  };
  return createHash("sha256")
    .update(`${prevHash}\n${canonicalJson(fields)}`, "utf8")
    .digest("hex");
}

/**
 * Verifies rows in id order starting from `startHash` (GENESIS_HASH for the first row). Each row must
 * name the previous row's hash (else `prev_hash_mismatch`: a row deleted or moved before it) and carry
 * the hash of its own content (else `hash_mismatch`: the row was edited). Pass the last verdict's
 * `lastHash` as `startHash` to verify a long log batch by batch.
 */
export function verifyChain(
  rows: Iterable<ChainedAuditEntry>,
  startHash: string = GENESIS_HASH,
): ChainVerdict {
  let expectedPrev = startHash;
  let checked = 0;
  for (const row of rows) {
    if (row.prevHash !== expectedPrev) {
      return { ok: false, checked, brokenAtId: row.id, reason: "prev_hash_mismatch" };
    }
    if (chainHash(row.prevHash, row) !== row.hash) {
      return { ok: false, checked, brokenAtId: row.id, reason: "hash_mismatch" };
    }
    expectedPrev = row.hash;
    checked++;
  }
  return { ok: true, checked, lastHash: expectedPrev };
}
