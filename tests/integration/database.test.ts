import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { communities } from "../../db/schema";
import { DEMO_CITY, DEMO_COMMUNITY_SLUG, isEmpty, seedDemoCity } from "../../server/scripts/seed";
import { migrateDatabase } from "../../db/migrate";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

function countNodes(node: { children?: unknown[] }): number {
  return (
    1 + (node.children ?? []).reduce<number>((sum, child) => sum + countNodes(child as never), 0)
  );
}

describe.each(TEST_DRIVERS)("database on %s", (driver) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(driver);
  });
  afterAll(() => test.destroy());

  it("starts empty and migrated", async () => {
    expect(await isEmpty(test.handle.db)).toBe(true);
    await test.handle.ping();
  });

  it("applies migrations again without change (forward-only, idempotent)", async () => {
    await migrateDatabase(test.handle);
    const rows = await test.handle.db.execute(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
    expect((list[0] as { n: number }).n).toBeGreaterThanOrEqual(1);
  });

  it("seeds the demo city, and a second seed changes nothing", async () => {
    const first = await seedDemoCity(test.handle.db);
    expect(first.inserted).toBe(countNodes(DEMO_CITY));
    const second = await seedDemoCity(test.handle.db);
    expect(second.inserted).toBe(0);
    const [total] = await test.handle.db.select({ n: count() }).from(communities);
    expect(total?.n).toBe(countNodes(DEMO_CITY));
    const [demo] = await test.handle.db
      .select()
      .from(communities)
      .where(eq(communities.slug, DEMO_COMMUNITY_SLUG));
    expect(demo).toMatchObject({ level: "community", name: "春晖社区", timeZone: "Asia/Shanghai" });
  });

  it("refuses a malformed slug and a duplicate slug, changing nothing", async () => {
    const [before] = await test.handle.db.select({ n: count() }).from(communities);
    await expect(
      test.handle.db.insert(communities).values({ slug: "Bad Slug", level: "city", name: "坏" }),
    ).rejects.toThrow();
    await expect(
      test.handle.db.insert(communities).values({ slug: "yunxi", level: "city", name: "重复" }),
    ).rejects.toThrow();
    const [after] = await test.handle.db.select({ n: count() }).from(communities);
    expect(after?.n).toBe(before?.n);
  });

  it("rolls a failed transaction back whole", async () => {
    await expect(
      test.handle.db.transaction(async (tx) => {
        await tx.insert(communities).values({ slug: "temp-city", level: "city", name: "临时" });
        await tx.insert(communities).values({ slug: "temp-city", level: "city", name: "重复" });
      }),
    ).rejects.toThrow();
    const rows = await test.handle.db
      .select()
      .from(communities)
      .where(eq(communities.slug, "temp-city"));
    expect(rows).toEqual([]);
  });
});
