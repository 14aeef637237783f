import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
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
