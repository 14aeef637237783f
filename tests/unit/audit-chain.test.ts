import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  chainHash,
  GENESIS_HASH,
  verifyChain,
  type AuditEntry,
  type ChainedAuditEntry,
} from "~/domain/audit-chain";

const ENTRY: AuditEntry = {
  occurredAt: "2026-11-24T06:40:00.123Z",
  actorId: "user_1",
  action: "role.granted",
  communityId: 7,
  targetType: "user",
  targetId: "user_2",
  before: null,
  after: { role: "committee", communityId: 7 },
};

/** A well-formed chain of `n` entries with ids 1..n. */
function buildChain(n: number): ChainedAuditEntry[] {
  const rows: ChainedAuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let id = 1; id <= n; id++) {
    const entry: AuditEntry = { ...ENTRY, targetId: `user_${id}`, after: { seq: id, 名: "中文" } };
    const hash = chainHash(prevHash, entry);
    rows.push({ ...entry, id, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

describe("canonicalJson", () => {
  it.each<[string, unknown, string]>([
    ["sorts object keys", { b: 1, a: 2, c: 3 }, '{"a":2,"b":1,"c":3}'],
    [
      "sorts nested keys",
      { z: { y: 1, x: [{ b: 1, a: 2 }] }, a: null },
      '{"a":null,"z":{"x":[{"a":2,"b":1}],"y":1}}',
    ],
    ["keeps array order", [3, 1, 2, "a", true, null], '[3,1,2,"a",true,null]'],
    ["keeps unicode unescaped", { 名称: "中文 社区" }, '{"名称":"中文 社区"}'],
    ["keeps surrogate pairs", { e: "👍" }, '{"e":"👍"}'],
    ["escapes control characters", { s: 'a"b\\c\n' }, '{"s":"a\\"b\\\\c\\n"}'],
    ["omits undefined members", { a: undefined, b: 1 }, '{"b":1}'],
    ["turns undefined items into null", [undefined, 1], "[null,1]"],
    ["writes -0 as 0", -0, "0"],
    ["writes numbers as JSON does", [1e21, 1e-7, 0.1], "[1e+21,1e-7,0.1]"],
    [
      "honours toJSON (Date)",
      { at: new Date("2026-11-24T06:40:00.123Z") },
      '{"at":"2026-11-24T06:40:00.123Z"}',
    ],
    [
      "accepts null-prototype objects",
      Object.assign(Object.create(null) as object, { b: 1, a: 1 }),
      '{"a":1,"b":1}',
    ],
    ["accepts scalars", "文", '"文"'],
  ])("%s", (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it("does not depend on insertion order", () => {
    expect(canonicalJson({ a: 1, b: { c: 1, d: 2 } })).toBe(
      canonicalJson({ b: { d: 2, c: 1 }, a: 1 }),
    );
  });

  it("agrees with JSON.parse of its own output (a jsonb round trip)", () => {
    const value = { list: [1, "二", { z: false, a: 0.5 }], nested: { k: null } };
    const text = canonicalJson(value);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });

  it.each<[string, unknown]>([
    ["NaN", { n: NaN }],
    ["Infinity", [Infinity]],
    ["-Infinity", -Infinity],
    ["a function member", { f: () => 1 }],
    ["a function item", [() => 1]],
    ["a symbol", { s: Symbol("x") }],
    ["a bigint", { n: 1n }],
    ["a Map", { m: new Map([["a", 1]]) }],
    ["a Set", new Set([1])],
    [
      "a class instance",
      new (class Point {
        x = 1;
      })(),
    ],
    ["a lone surrogate", { s: "\ud800" }],
    ["a lone surrogate in a key", { ["\udc00"]: 1 }],
    ["undefined at the top", undefined],
  ])("rejects %s", (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it("rejects cycles but accepts shared references", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
    const shared = { a: 1 };
    expect(canonicalJson({ x: shared, y: [shared] })).toBe('{"x":{"a":1},"y":[{"a":1}]}');
  });
});

describe("chainHash", () => {
  it("is sha256 hex and deterministic", () => {
    const hash = chainHash(GENESIS_HASH, ENTRY);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { ...ENTRY })).toBe(hash);
  });

  it("ignores key order in before/after and extra properties of a stored row", () => {
    const reordered = { ...ENTRY, after: { communityId: 7, role: "committee" } };
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, ENTRY));
    const row = { ...ENTRY, id: 9, prevHash: GENESIS_HASH, hash: "x" };
    expect(chainHash(GENESIS_HASH, row)).toBe(chainHash(GENESIS_HASH, ENTRY));
  });

  it("treats a missing before/after as null, as the column gives it back", () => {
    expect(chainHash(GENESIS_HASH, { ...ENTRY, before: undefined })).toBe(
      chainHash(GENESIS_HASH, { ...ENTRY, before: null }),
    );
  });

  it.each<[string, Partial<AuditEntry>]>([
    ["occurredAt", { occurredAt: "2026-11-24T06:40:00.124Z" }],
    ["actorId", { actorId: "user_9" }],
    ["actorId to null", { actorId: null }],
    ["action", { action: "role.revoked" }],
    ["communityId", { communityId: 8 }],
    ["communityId to null", { communityId: null }],
    ["targetType", { targetType: "membership" }],
    ["targetId", { targetId: "user_3" }],
    ["before", { before: { role: "resident" } }],
    ["after", { after: { role: "council", communityId: 7 } }],
    ["after's number type", { after: { role: "committee", communityId: "7" } }],
  ])("changes when %s changes", (_field, change) => {
    expect(chainHash(GENESIS_HASH, { ...ENTRY, ...change })).not.toBe(
      chainHash(GENESIS_HASH, ENTRY),
    );
  });

  it("changes with the previous hash", () => {
    expect(chainHash("1".repeat(64), ENTRY)).not.toBe(chainHash(GENESIS_HASH, ENTRY));
  });

  it("does not let a value move between fields unnoticed", () => {
    const a = { ...ENTRY, targetType: "user", targetId: null };
    const b = { ...ENTRY, targetType: null, targetId: "user" };
    expect(chainHash(GENESIS_HASH, a)).not.toBe(chainHash(GENESIS_HASH, b));
  });
});

describe("verifyChain", () => {
  it("accepts a good chain", () => {
    const rows = buildChain(5);
    expect(verifyChain(rows)).toEqual({ ok: true, checked: 5, lastHash: rows[4]!.hash });
  });

  it("accepts empty input, ending where it started", () => {
    expect(verifyChain([])).toEqual({ ok: true, checked: 0, lastHash: GENESIS_HASH });
    expect(verifyChain([], "a".repeat(64))).toEqual({
      ok: true,
      checked: 0,
      lastHash: "a".repeat(64),
    });
  });

  it("continues from a start hash, batch by batch", () => {
    const rows = buildChain(6);
    const first = verifyChain(rows.slice(0, 3));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(verifyChain(rows.slice(3), first.lastHash)).toEqual({
      ok: true,
      checked: 3,
      lastHash: rows[5]!.hash,
    });
    expect(verifyChain(rows.slice(3))).toMatchObject({
      ok: false,
      brokenAtId: 4,
      reason: "prev_hash_mismatch",
    });
  });

  it("names an edited row (hash_mismatch)", () => {
    const rows = buildChain(5);
    rows[2] = { ...rows[2]!, after: { seq: 3, 名: "篡改" } };
    expect(verifyChain(rows)).toEqual({
      ok: false,
      checked: 2,
      brokenAtId: 3,
      reason: "hash_mismatch",
    });
  });

  it("names an edited row whose hash was recomputed at the next row", () => {
    const rows = buildChain(5);
    const edited = { ...rows[2]!, action: "role.revoked" };
    rows[2] = { ...edited, hash: chainHash(edited.prevHash, edited) };
    expect(verifyChain(rows)).toMatchObject({
      ok: false,
      brokenAtId: 4,
      reason: "prev_hash_mismatch",
    });
  });

  it("notices a deleted middle row at the row after it (prev_hash_mismatch)", () => {
    const rows = buildChain(5);
    rows.splice(2, 1);
    expect(verifyChain(rows)).toEqual({
      ok: false,
      checked: 2,
      brokenAtId: 4,
      reason: "prev_hash_mismatch",
    });
  });

  it("notices a deleted first row", () => {
    expect(verifyChain(buildChain(3).slice(1))).toMatchObject({
      ok: false,
      checked: 0,
      brokenAtId: 2,
      reason: "prev_hash_mismatch",
    });
  });

  it("notices reordered rows", () => {
    const rows = buildChain(5);
    const [third, fourth] = [rows[2]!, rows[3]!];
    rows[2] = fourth;
    rows[3] = third;
    expect(verifyChain(rows)).toMatchObject({
      ok: false,
      checked: 2,
      brokenAtId: 4,
      reason: "prev_hash_mismatch",
    });
  });

  it("reads any iterable once", () => {
    const rows = buildChain(3);
    function* generate() {
      yield* rows;
    }
    expect(verifyChain(generate())).toMatchObject({ ok: true, checked: 3 });
  });
});
