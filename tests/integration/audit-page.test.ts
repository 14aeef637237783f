import type { AppLoadContext } from "@remix-run/node";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditChainHead, auditLog } from "../../db/schema";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import { loader } from "~/routes/c.$slug.audit";
import { loadActor } from "~/services/actors.server";
import { recordAudit } from "~/services/audit.server";
import { findCommunityBySlug } from "~/services/communities.server";
import { createRateLimits } from "~/services/rate-limit.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

describe("the audit log page", () => {
  let test: TestDatabase;
  const db = () => test.handle.db;

  beforeAll(async () => {
    test = await createTestDatabase("pglite");
    await seedDemoCity(db());
    await seedDemoAccounts(db());
    const chunhui = await findCommunityBySlug(db(), "chunhui");
    const at = { communityId: chunhui!.id };
    // Private by nature: a residence decided, with a reason naming the person's circumstances.
    await recordAudit(db(), {
      ...at,
      actorId: "demo-committee",
      action: "membership.declined",
      targetType: "membership",
      targetId: "77",
      before: { status: "pending" },
      after: {
        status: "declined",
        userId: "demo-resident3",
        reason: "租约已到期 resident3@example.org",
      },
    });
    await recordAudit(db(), {
      ...at,
      actorId: "demo-committee",
      action: "role.granted",
      targetType: "user",
      targetId: "demo-resident2",
      before: null,
      after: { role: "resident", grantId: 500 },
    });
    // Public by nature: an office given, a vote opened (its clock run by a resident's visit).
    await recordAudit(db(), {
      ...at,
      actorId: "demo-committee",
      action: "role.granted",
      targetType: "user",
      targetId: "demo-grid",
      before: null,
      after: { role: "grid_worker", grantId: 501 },
    });
    await recordAudit(db(), {
      ...at,
      actorId: "demo-resident",
      action: "vote.opened",
      targetType: "vote",
      targetId: "5",
      before: null,
      after: {
        title: "加装电梯方案",
        method: "majority",
        secret: true,
        opensAt: "2026-05-01T00:00:00.000Z",
        closesAt: "2026-05-08T00:00:00.000Z",
        electorate: 120,
        proposalId: null,
      },
    });
  });
  afterAll(() => test.destroy());

  async function visit(userId: string | null, query = "", clientIp = "203.0.113.9") {
    const user = userId ? { id: userId, displayName: userId, emailVerified: true } : null;
    const context = {
      db: db(),
      user,
      actor: user ? await loadActor(db(), user) : null,
      rateLimits: createRateLimits(),
      clientIp,
    } as unknown as AppLoadContext;
    const request = new Request(`http://localhost/c/chunhui/audit${query}`, {
      headers: { "Accept-Language": "zh-CN" },
    });
    return loader({ request, context, params: { slug: "chunhui" } });
  }

  async function logState() {
    const [rows] = await db().select({ n: count() }).from(auditLog);
    const [head] = await db().select().from(auditChainHead).where(eq(auditChainHead.id, 1));
    return { rows: rows?.n, head };
  }

  it("shows an anonymous visitor only what is public, in sentences, without personal data", async () => {
    const page = await visit(null);
    expect(page.full).toBe(false);
    expect(page.entries.map((e) => e.sentence)).toEqual([
      "表决“加装电梯方案”开始，120 人有投票权，截止到 2026年5月8日",
      "居委会 陈主任授予网格员 小刘“网格员”角色",
    ]);
    const shown = JSON.stringify(page);
    for (const secret of ["王阿姨", "李师傅", "张同学", "租约", "@example.org", "demo-"]) {
      expect(shown).not.toContain(secret);
    }
    expect(page.entries[0]).toMatchObject({ link: "/votes/5" });
    expect(page.entries[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("shows a resident the same public view", async () => {
    const page = await visit("demo-resident4");
    expect(page.full).toBe(false);
    expect(page.entries).toHaveLength(2);
  });

  it("shows those who may read the log every entry, still as sentences", async () => {
    const page = await visit("demo-committee");
    expect(page.full).toBe(true);
    const sentences = page.entries.map((e) => e.sentence);
    expect(sentences).toContain("居委会 陈主任授予李师傅“居民”角色");
    expect(sentences).toContain(
      "居委会 陈主任未通过张同学（租户）的入社申请。理由：租约已到期 resident3@example.org",
    );
    expect(JSON.stringify(page)).not.toMatch(/"\{|grantId|membership\.declined/);
  });

  it("checks the chain on request and shows the verdict, writing nothing", async () => {
    const before = await logState();
    const plain = await visit(null);
    expect(plain.verdict).toBeNull();
    const checked = await visit(null, "?verify=1");
    expect(checked.verdict).toEqual({
      ok: true,
      text: `日志完整：${before.rows} 条记录逐条核对无误。`,
    });
    expect(await logState()).toEqual(before);
  });

  it("names the entry where the chain breaks", async () => {
    const [last] = await db().select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id);
    await db().transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update_or_delete`);
      await tx
        .update(auditLog)
        .set({ after: { role: "admin" } })
        .where(eq(auditLog.id, last!.id));
      await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update_or_delete`);
    });
    const checked = await visit(null, "?verify=1", "203.0.113.10");
    expect(checked.verdict).toEqual({
      ok: false,
      text: `日志在第 ${last!.id} 号记录处断开（在此之前的 0 条核对无误）：这条记录的内容与它的哈希不符，记录被修改过。`,
    });
  });
});
