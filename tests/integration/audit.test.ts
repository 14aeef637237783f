import { count, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { selectRows } from "../../db/rows";
import { auditChainHead, auditLog } from "../../db/schema";
import { chainHash, GENESIS_HASH, type AuditEntry } from "~/domain/audit-chain";
import {
  listAuditEntries,
  normaliseTimestamp,
  recordAudit,
  verifyAuditChain,
  type AuditInput,
} from "~/services/audit.server";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

const BASE: AuditInput = {
  actorId: "user_admin",
  action: "role.granted",
  communityId: null,
  targetType: "user",
  targetId: "user_1",
  before: null,
  after: { role: "committee" },
};

async function readHead(db: Database) {
  const [head] = await db.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
  return head;
}

async function countLog(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditLog);
  return row?.n ?? 0;
}

/** The database's own message: Drizzle wraps driver errors in "Failed query: ..." with a cause. */
async function databaseError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    return cause instanceof Error ? cause.message : String(error);
  }
  throw new Error("expected the query to fail");
}

/** What the database owner can do and the application must not: edit the log behind the trigger. */
async function tamper(db: Database, statement: ReturnType<typeof sql>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update_or_delete`);
    await tx.execute(sql`alter table audit_log disable trigger audit_log_no_truncate`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_log enable trigger audit_log_no_truncate`);
    await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update_or_delete`);
  });
}

describe("normaliseTimestamp", () => {
  it.each([
    ["2026-11-24 06:40:00.123+00", "2026-11-24T06:40:00.123Z"],
    ["2026-11-24 06:40:00+00", "2026-11-24T06:40:00.000Z"],
    ["2026-11-24 14:40:00.123456+08", "2026-11-24T06:40:00.123Z"],
    ["2026-11-24 12:25:00.5+05:45", "2026-11-24T06:40:00.500Z"],
    ["2026-11-24 02:10:00.123-04:30", "2026-11-24T06:40:00.123Z"],
    // Local mean time before 1901 has an offset in seconds, which Date cannot parse.
    ["1890-01-01 08:05:43+08:05:43", "1890-01-01T00:00:00.000Z"],
    ["2026-11-24T06:40:00.123Z", "2026-11-24T06:40:00.123Z"],
  ])("reads %s", (value, expected) => {
    expect(normaliseTimestamp(value)).toBe(expected);
  });

  it("refuses what it cannot read", () => {
    expect(() => normaliseTimestamp("yesterday")).toThrow(RangeError);
  });
});

describe.each(TEST_DRIVERS)("audit log on %s", (driver) => {
  let test: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    test = await createTestDatabase(driver);
    db = test.handle.db;
  });
  afterAll(() => test.destroy());

  it("starts empty, with the head at genesis, and verifies", async () => {
    expect(await countLog(db)).toBe(0);
    expect(await readHead(db)).toEqual({ id: 1, lastId: null, lastHash: GENESIS_HASH });
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 0, lastHash: GENESIS_HASH });
  });

  it("keeps nothing from a transaction that fails after auditing", async () => {
    const head = await readHead(db);
    const failed = db.transaction(async (tx) => {
      await recordAudit(tx, BASE);
      await recordAudit(tx, { ...BASE, targetId: "user_2" });
      throw new Error("the audited act failed");
    });
    await expect(failed).rejects.toThrow("the audited act failed");
    expect(await countLog(db)).toBe(0);
    expect(await readHead(db)).toEqual(head);
  });

  it("commits with the audited act, chaining from the head", async () => {
    const first = await db.transaction((tx) => recordAudit(tx, BASE));
    const head = await readHead(db);
    expect(head).toEqual({ id: 1, lastId: first.id, lastHash: first.hash });
    const [row] = await db.select().from(auditLog).where(eq(auditLog.id, first.id));
    expect(row).toMatchObject({ prevHash: GENESIS_HASH, hash: first.hash });
  });

  it("opens its own transaction when given the database, and stores values exactly", async () => {
    const payloads: AuditInput[] = [
      {
        ...BASE,
        communityId: 8000,
        occurredAt: new Date("2026-11-24T06:40:00.123Z"),
        before: { 名称: "春晖社区", list: [1, "二", { z: false, a: 0.1 }], big: 1e21, tiny: 1e-7 },
        after: { at: new Date("2026-11-24T06:40:00.000Z"), gone: undefined },
      },
      {
        ...BASE,
        communityId: 8000,
        occurredAt: new Date("2026-11-24T06:40:00.000Z"),
        actorId: null,
        targetType: null,
        targetId: null,
        before: "a plain string",
        after: [42, null, true, "👍"],
      },
    ];
    for (const payload of payloads) await recordAudit(db, payload);
    const { items } = await listAuditEntries(db, [8000], { page: 1, pageSize: 10 });
    expect(items.map(({ id: _id, prevHash: _p, hash: _h, ...entry }) => entry)).toEqual([
      {
        ...BASE,
        communityId: 8000,
        occurredAt: "2026-11-24T06:40:00.000Z",
        actorId: null,
        targetType: null,
        targetId: null,
        before: "a plain string",
        after: [42, null, true, "👍"],
      },
      {
        ...BASE,
        communityId: 8000,
        occurredAt: "2026-11-24T06:40:00.123Z",
        before: { 名称: "春晖社区", list: [1, "二", { z: false, a: 0.1 }], big: 1e21, tiny: 1e-7 },
        after: { at: "2026-11-24T06:40:00.000Z" },
      },
    ]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 3 });
  });

  it("reads timestamps back whatever the session's time zone", async () => {
    const items = await db.transaction(async (tx) => {
      await tx.execute(sql`set local timezone = 'Asia/Kathmandu'`);
      return (await listAuditEntries(tx, [8000], { page: 1, pageSize: 10 })).items;
    });
    expect(items.map((item) => item.occurredAt)).toEqual([
      "2026-11-24T06:40:00.000Z",
      "2026-11-24T06:40:00.123Z",
    ]);
  });

  it("refuses entries that could not be verified later, before writing anything", async () => {
    const before = await countLog(db);
    await expect(recordAudit(db, { ...BASE, after: { n: NaN } })).rejects.toThrow(TypeError);
    await expect(recordAudit(db, { ...BASE, actorId: "\ud800" })).rejects.toThrow(TypeError);
    await expect(recordAudit(db, { ...BASE, communityId: 1.5 })).rejects.toThrow(RangeError);
    await expect(recordAudit(db, { ...BASE, occurredAt: new Date(NaN) })).rejects.toThrow(
      RangeError,
    );
    expect(await countLog(db)).toBe(before);
  });

  it("serialises 50 concurrent appends into one intact chain", async () => {
    const before = await countLog(db);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        db.transaction((tx) =>
          recordAudit(tx, { ...BASE, targetId: `user_${i}`, after: { seq: i } }),
        ),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(50);
    expect(await countLog(db)).toBe(before + 50);
    // Every row names a distinct predecessor: no two appends read the same head.
    const rows = await db.select({ prevHash: auditLog.prevHash }).from(auditLog);
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(rows.length);
    const [last] = await db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(await readHead(db)).toEqual({ id: 1, lastId: last!.id, lastHash: last!.hash });
  });

  it("verifies the whole chain", async () => {
    const total = await countLog(db);
    expect(total).toBe(53);
    expect(await verifyAuditChain(db)).toEqual({
      ok: true,
      checked: total,
      lastHash: (await readHead(db))!.lastHash,
    });
  });

  it("lists a subtree's entries newest first, a page at a time", async () => {
    const written: Record<number, number[]> = { 9001: [], 9002: [], 9003: [] };
    for (let i = 0; i < 12; i++) {
      const communityId = 9001 + (i % 3);
      const { id } = await recordAudit(db, { ...BASE, communityId, targetId: `m_${i}` });
      written[communityId]!.push(id);
    }
    const expected = [...written[9001]!, ...written[9003]!].sort((a, b) => b - a);
    const first = await listAuditEntries(db, [9001, 9003, 9001], { page: 1, pageSize: 5 });
    const third = await listAuditEntries(db, [9001, 9003], { page: 3, pageSize: 5 });
    expect(first.pageInfo).toMatchObject({ page: 1, total: 8, pageCount: 2, hasNext: true });
    expect(first.items.map((item) => item.id)).toEqual(expected.slice(0, 5));
    // Out of range pages clamp to the last, like every list.
    expect(third.pageInfo).toMatchObject({ page: 2, hasNext: false });
    expect(third.items.map((item) => item.id)).toEqual(expected.slice(5));
    expect(first.items.every((item) => item.communityId !== 9002)).toBe(true);
    expect(await listAuditEntries(db, [], { page: 1, pageSize: 5 })).toMatchObject({
      items: [],
      pageInfo: { total: 0, pageCount: 1 },
    });
  });

  it("refuses UPDATE, DELETE and TRUNCATE on audit_log", async () => {
    const [row] = await db.select().from(auditLog).limit(1);
    expect(
      await databaseError(
        db.update(auditLog).set({ action: "forged" }).where(eq(auditLog.id, row!.id)),
      ),
    ).toMatch(/append-only/);
    expect(await databaseError(db.delete(auditLog).where(eq(auditLog.id, row!.id)))).toMatch(
      /append-only/,
    );
    expect(await databaseError(db.execute(sql`truncate audit_log`))).toMatch(/append-only/);
    const [unchanged] = await db.select().from(auditLog).where(eq(auditLog.id, row!.id));
    expect(unchanged).toEqual(row);
  });

  it("detects a row edited behind the trigger, and names it", async () => {
    const [target] = await selectRows<{ id: number | string; after: unknown }>(
      db,
      sql`select id, after from audit_log where community_id = 9002 order by id limit 1`,
    );
    const id = Number(target!.id);
    await tamper(db, sql`update audit_log set after = '{"role":"admin"}'::jsonb where id = ${id}`);
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      brokenAtId: id,
      reason: "hash_mismatch",
    });
    // Putting the original back (jsonb reorders keys; canonical JSON does not care) mends it.
    const original = JSON.stringify(target!.after);
    await tamper(db, sql`update audit_log set after = ${original}::jsonb where id = ${id}`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("detects a deleted middle row at the row after it", async () => {
    const ids = (await db.select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id)).map(
      (r) => r.id,
    );
    const [victim, next] = [ids[10]!, ids[11]!];
    await tamper(db, sql`delete from audit_log where id = ${victim}`);
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      brokenAtId: next,
      reason: "prev_hash_mismatch",
    });
  });

  it("detects rows cut off the end by comparing with the chain head", async () => {
    const head = await readHead(db);
    // Even past the truncate guard, the chain alone would still look intact up to the new end.
    await tamper(db, sql`truncate audit_log`);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      checked: 0,
      brokenAtId: head!.lastId,
      reason: "head_mismatch",
    });
  });
});

describe.each(TEST_DRIVERS)("audit verification across batches on %s", (driver) => {
  let test: TestDatabase;
  let db: Database;
  let ids: number[];
  beforeAll(async () => {
    test = await createTestDatabase(driver);
    db = test.handle.db;
    // 2,001 rows written straight into the table (recordAudit would take a while): batches of 1000
    // end at rows 1000 and 2000, and one row spills into a third.
    let prevHash = GENESIS_HASH;
    const rows = Array.from({ length: 2001 }, (_, i) => {
      const entry: AuditEntry = {
        occurredAt: new Date(Date.UTC(2026, 10, 24, 6, 40, 0, i)).toISOString(),
        actorId: "user_admin",
        action: "membership.verified",
        communityId: 9100 + (i % 7),
        targetType: "membership",
        targetId: String(i),
        before: { status: "pending" },
        after: { status: "verified", seq: i },
      };
      const row = { ...entry, prevHash, hash: chainHash(prevHash, entry) };
      prevHash = row.hash;
      return row;
    });
    ids = [];
    for (let start = 0; start < rows.length; start += 500) {
      const inserted = await db
        .insert(auditLog)
        .values(rows.slice(start, start + 500))
        .returning({ id: auditLog.id });
      ids.push(...inserted.map((r) => r.id));
    }
    await db
      .update(auditChainHead)
      .set({ lastId: ids.at(-1)!, lastHash: prevHash })
      .where(eq(auditChainHead.id, 1));
  });
  afterAll(() => test.destroy());

  it("verifies every row, batch after batch", async () => {
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 2001 });
  });

  it("counts the intact rows before an edit in a later batch", async () => {
    const id = ids[1499]!;
    await tamper(db, sql`update audit_log set action = 'membership.declined' where id = ${id}`);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      checked: 1499,
      brokenAtId: id,
      reason: "hash_mismatch",
    });
  });

  it("notices a row missing at a batch boundary", async () => {
    await tamper(db, sql`delete from audit_log where id = ${ids[1000]!}`);
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      checked: 1000,
      brokenAtId: ids[1001]!,
      reason: "prev_hash_mismatch",
    });
  });
});
