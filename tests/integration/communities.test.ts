import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoCity } from "../../server/scripts/seed";
import {
  countDescendantsByLevel,
  findCommunityBySlug,
  listAncestors,
  listChildren,
} from "~/services/communities.server";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

describe.each(TEST_DRIVERS)("communities service on %s", (driver) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(driver);
    await seedDemoCity(test.handle.db);
  });
  afterAll(() => test.destroy());

  it("lists the roots with their number of children", async () => {
    const { items, pageInfo } = await listChildren(
      test.handle.db,
      null,
      { page: 1, pageSize: 20 },
      "zh-Hans",
    );
    expect(items.map(({ id: _id, ...rest }) => rest)).toEqual([
      {
        slug: "yunxi",
        level: "city",
        name: "云溪市",
        timeZone: "Asia/Shanghai",
        childCount: 2,
      },
    ]);
    expect(pageInfo.total).toBe(1);
  });

  it("names places in the reader's script or language", async () => {
    const city = await findCommunityBySlug(test.handle.db, "yunxi");
    const hant = await listChildren(test.handle.db, city!.id, { page: 1, pageSize: 20 }, "zh-Hant");
    const en = await listChildren(test.handle.db, city!.id, { page: 1, pageSize: 20 }, "en");
    expect(hant.items.map((c) => c.name)).toEqual(["東湖區", "西山區"]);
    expect(en.items.map((c) => c.name)).toEqual(["Donghu District", "Xishan District"]);
    expect(en.items.map((c) => c.childCount)).toEqual([2, 1]);
  });

  it("pages through children in official order", async () => {
    const grid = await findCommunityBySlug(test.handle.db, "chunhui-g1");
    const first = await listChildren(
      test.handle.db,
      grid!.id,
      { page: 1, pageSize: 20 },
      "zh-Hans",
    );
    const second = await listChildren(
      test.handle.db,
      grid!.id,
      { page: 2, pageSize: 20 },
      "zh-Hans",
    );
    expect(first.pageInfo).toMatchObject({ total: 24, pageCount: 2, hasNext: true });
    expect(first.items).toHaveLength(20);
    expect(first.items[0]).toMatchObject({ name: "春晖花园1栋", level: "building", childCount: 0 });
    expect(second.items.map((b) => b.name)).toEqual([
      "春晖花园21栋",
      "春晖花园22栋",
      "春晖花园23栋",
      "春晖花园24栋",
    ]);
  });

  it("gives the path from the root for breadcrumbs", async () => {
    const building = await findCommunityBySlug(test.handle.db, "chunhui-g1-b7");
    const trail = await listAncestors(test.handle.db, building!, "en");
    expect(trail.map((a) => [a.level, a.name])).toEqual([
      ["city", "Yunxi City"],
      ["district", "Donghu District"],
      ["street", "Guiyuan Subdistrict"],
      ["community", "Chunhui Community"],
      ["grid", "Grid 1"],
    ]);
    const city = await findCommunityBySlug(test.handle.db, "yunxi");
    expect(await listAncestors(test.handle.db, city!, "en")).toEqual([]);
  });

  it("counts every unit below a place, by level", async () => {
    const community = await findCommunityBySlug(test.handle.db, "chunhui");
    expect(await countDescendantsByLevel(test.handle.db, community!.id)).toEqual({
      grid: 3,
      building: 34,
    });
    const building = await findCommunityBySlug(test.handle.db, "chunhui-g1-b1");
    expect(await countDescendantsByLevel(test.handle.db, building!.id)).toEqual({});
  });

  it("finds nothing for an unknown slug", async () => {
    expect(await findCommunityBySlug(test.handle.db, "atlantis")).toBeNull();
  });
});
