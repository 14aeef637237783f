import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoAccounts, seedDemoCity } from "../../db/seed";
import type { Actor } from "~/domain/policy";
import { loadActor } from "~/services/actors.server";
import { listAuditEntries, verifyAuditChain } from "~/services/audit.server";
import {
  createCommunity,
  findCommunityBySlug,
  listAncestors,
  moveCommunity,
  renameCommunity,
} from "~/services/communities.server";
import { createMailer, type Mailer } from "~/services/mail.server";
import {
  notify,
  sendDailyDigests,
  sendPendingEmails,
  setDeliveryPreferences,
} from "~/services/notifications.server";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

describe.each(TEST_DRIVERS)("community administration on %s", (driver) => {
  let test: TestDatabase;
  let admin: Actor;
  beforeAll(async () => {
    test = await createTestDatabase(driver);
    await seedDemoCity(test.handle.db);
    await seedDemoAccounts(test.handle.db);
    admin = await loadActor(test.handle.db, { id: "demo-admin", emailVerified: true });
  });
  afterAll(() => test.destroy());

  it("creates a unit one level down, refuses a taken slug, and audits it", async () => {
    const db = test.handle.db;
    const chunhui = (await findCommunityBySlug(db, "chunhui"))!;
    const created = await createCommunity(db, admin, {
      parent: chunhui,
      slug: "chunhui-g4",
      name: "第四网格",
      nameZhHant: "第四網格",
      nameEn: "Grid 4",
    });
    expect(created).toEqual({ ok: true, value: { slug: "chunhui-g4" } });
    const grid = (await findCommunityBySlug(db, "chunhui-g4"))!;
    expect(grid).toMatchObject({
      level: "grid",
      parentId: chunhui.id,
      position: 4,
      timeZone: "Asia/Shanghai",
    });
    expect(
      await createCommunity(db, admin, {
        parent: chunhui,
        slug: "chunhui-g4",
        name: "重复",
        nameZhHant: "",
        nameEn: "",
      }),
    ).toEqual({ ok: false, reason: "slugTaken" });
    const building = (await findCommunityBySlug(db, "chunhui-g1-b1"))!;
    expect(
      await createCommunity(db, admin, {
        parent: building,
        slug: "below-building",
        name: "不可能",
        nameZhHant: "",
        nameEn: "",
      }),
    ).toEqual({ ok: false, reason: "wrongLevel" });
    const { items } = await listAuditEntries(db, [grid.id], { page: 1, pageSize: 10 });
    expect(items.map((i) => i.action)).toEqual(["community.created"]);
  });

  it("renames with before and after in the audit log", async () => {
    const db = test.handle.db;
    const grid = (await findCommunityBySlug(db, "chunhui-g4"))!;
    expect(
      await renameCommunity(db, admin, {
        community: grid,
        name: "新四网格",
        nameZhHant: "新四網格",
        nameEn: "New Grid 4",
      }),
    ).toEqual({ ok: true, value: undefined });
    const { items } = await listAuditEntries(db, [grid.id], { page: 1, pageSize: 10 });
    expect(items[0]).toMatchObject({
      action: "community.renamed",
      before: { name: "第四网格" },
      after: { name: "新四网格", nameEn: "New Grid 4" },
    });
  });

  it("moves a unit under another parent of the right level, never under itself", async () => {
    const db = test.handle.db;
    const grid = (await findCommunityBySlug(db, "chunhui-g4"))!;
    expect(await moveCommunity(db, admin, { community: grid, newParentSlug: "cuizhu" })).toEqual({
      ok: true,
      value: undefined,
    });
    const moved = (await findCommunityBySlug(db, "chunhui-g4"))!;
    expect((await listAncestors(db, moved, "zh-Hans")).map((a) => a.slug)).toEqual([
      "yunxi",
      "donghu",
      "guiyuan",
      "cuizhu",
    ]);
    expect(await moveCommunity(db, admin, { community: moved, newParentSlug: "donghu" })).toEqual({
      ok: false,
      reason: "wrongLevel",
    });
    expect(
      await moveCommunity(db, admin, {
        community: moved,
        newParentSlug: "atlantis",
      }),
    ).toEqual({ ok: false, reason: "noSuchParent" });
    const district = (await findCommunityBySlug(db, "donghu"))!;
    expect(
      await moveCommunity(db, admin, {
        community: district,
        newParentSlug: "yunxi",
      }),
    ).toEqual({ ok: true, value: undefined });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});

describe.each(TEST_DRIVERS)("notification email on %s", (driver) => {
  let test: TestDatabase;
  let mailer: Mailer;
  beforeAll(async () => {
    test = await createTestDatabase(driver);
    await seedDemoCity(test.handle.db);
    await seedDemoAccounts(test.handle.db);
    mailer = createMailer({
      from: "test@yishi.test",
      dataDir: await mkdtemp(path.join(tmpdir(), "yishi-mail-")),
    });
  });
  afterAll(() => test.destroy());

  it("emails at once, in a daily digest, or never, as each person chose", async () => {
    const db = test.handle.db;
    await setDeliveryPreferences(db, "demo-resident2", { "role.granted": "daily" });
    await setDeliveryPreferences(db, "demo-resident3", { "role.granted": "never" });
    const payload = {
      kind: "role.granted" as const,
      values: { role: "moderator", community: "春晖社区" },
      link: "/c/chunhui",
    };
    const ids = await notify(db, ["demo-resident", "demo-resident2", "demo-resident3"], payload);
    await sendPendingEmails(db, mailer, ids, "http://yishi.test");
    let mails = await mailer.mailbox!.list();
    expect(mails.map((m) => m.to)).toEqual(["resident@example.org"]);
    expect(mails[0]!.subject).toBe("您在春晖社区获得了角色：版主。");
    expect(mails[0]!.text).toContain("http://yishi.test/c/chunhui");

    expect(await sendDailyDigests(db, mailer, "http://yishi.test")).toEqual({ sent: 1 });
    mails = await mailer.mailbox!.list();
    const digest = mails.find((m) => m.to === "resident2@example.org")!;
    expect(digest.subject).toBe("议事每日摘要：1 条新通知");
    expect(digest.text).toContain("• 您在春晖社区获得了角色：版主。");
    // A second run sends nothing new; "never" never gets email.
    expect(await sendDailyDigests(db, mailer, "http://yishi.test")).toEqual({ sent: 0 });
    expect(mails.some((m) => m.to === "resident3@example.org")).toBe(false);
  });

  it("sends each digest once even when two runs overlap", async () => {
    const db = test.handle.db;
    await setDeliveryPreferences(db, "demo-resident4", { "role.revoked": "daily" });
    await notify(db, ["demo-resident4"], {
      kind: "role.revoked",
      values: { role: "moderator", community: "春晖社区" },
      communitySlug: "chunhui",
    });
    const runs = await Promise.all([
      sendDailyDigests(db, mailer, "http://yishi.test"),
      sendDailyDigests(db, mailer, "http://yishi.test"),
    ]);
    expect(runs[0].sent + runs[1].sent).toBe(1);
    const digests = (await mailer.mailbox!.list()).filter((m) => m.to === "resident4@example.org");
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain("您在春晖社区的角色“版主”已被撤销。");
  });
});
