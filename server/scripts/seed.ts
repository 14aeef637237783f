import { inArray } from "drizzle-orm";
import type { CommunityLevel } from "../../app/domain/community-tree";
import type { Role } from "../../app/domain/roles";
import { hashPassword } from "../../app/services/sessions.server";
import type { Database } from "../../db/client";
import { communities, memberships, roleGrants, users } from "../../db/schema";

/** A node of the demo tree as written in the seed: names in the three scripts, then children. */
interface SeedNode {
  slug: string;
  level: CommunityLevel;
  name: string;
  nameZhHant: string;
  nameEn: string;
  children?: SeedNode[];
}

function buildings(prefix: string, estate: [string, string, string], count: number): SeedNode[] {
  const [hans, hant, en] = estate;
  return Array.from({ length: count }, (_, i) => ({
    slug: `${prefix}-b${i + 1}`,
    level: "building" as const,
    name: `${hans}${i + 1}栋`,
    nameZhHant: `${hant}${i + 1}棟`,
    nameEn: `${en} Building ${i + 1}`,
  }));
}

function grid(
  prefix: string,
  n: number,
  estate: [string, string, string],
  buildingCount: number,
): SeedNode {
  const numerals = ["一", "二", "三", "四", "五"];
  const numeral = numerals[n - 1] ?? String(n);
  return {
    slug: `${prefix}-g${n}`,
    level: "grid",
    name: `第${numeral}网格`,
    nameZhHant: `第${numeral}網格`,
    nameEn: `Grid ${n}`,
    children: buildings(`${prefix}-g${n}`, estate, buildingCount),
  };
}

/**
 * The demo city, Yunxi (云溪市): two districts, three streets, five communities, their grids and
 * buildings. Chunhui Community (春晖社区) is the demo community; its first grid is a large estate
 * with more buildings than fit on one page.
 */
export const DEMO_CITY: SeedNode = {
  slug: "yunxi",
  level: "city",
  name: "云溪市",
  nameZhHant: "雲溪市",
  nameEn: "Yunxi City",
  children: [
    {
      slug: "donghu",
      level: "district",
      name: "东湖区",
      nameZhHant: "東湖區",
      nameEn: "Donghu District",
      children: [
        {
          slug: "guiyuan",
          level: "street",
          name: "桂园街道",
          nameZhHant: "桂園街道",
          nameEn: "Guiyuan Subdistrict",
          children: [
            {
              slug: "chunhui",
              level: "community",
              name: "春晖社区",
              nameZhHant: "春暉社區",
              nameEn: "Chunhui Community",
              children: [
                grid("chunhui", 1, ["春晖花园", "春暉花園", "Chunhui Garden"], 24),
                grid("chunhui", 2, ["晖映小区", "暉映小區", "Huiying Estate"], 6),
                grid("chunhui", 3, ["纺织厂宿舍", "紡織廠宿舍", "Textile Mill Housing"], 4),
              ],
            },
            {
              slug: "cuizhu",
              level: "community",
              name: "翠竹社区",
              nameZhHant: "翠竹社區",
              nameEn: "Cuizhu Community",
              children: [
                grid("cuizhu", 1, ["翠竹苑", "翠竹苑", "Cuizhu Court"], 8),
                grid("cuizhu", 2, ["竹韵新村", "竹韻新村", "Zhuyun New Village"], 5),
              ],
            },
          ],
        },
        {
          slug: "meilin",
          level: "street",
          name: "梅林街道",
          nameZhHant: "梅林街道",
          nameEn: "Meilin Subdistrict",
          children: [
            {
              slug: "meiling",
              level: "community",
              name: "梅岭社区",
              nameZhHant: "梅嶺社區",
              nameEn: "Meiling Community",
              children: [
                grid("meiling", 1, ["梅岭公寓", "梅嶺公寓", "Meiling Apartments"], 6),
                grid("meiling", 2, ["岭南里", "嶺南里", "Lingnan Lane"], 3),
              ],
            },
          ],
        },
      ],
    },
    {
      slug: "xishan",
      level: "district",
      name: "西山区",
      nameZhHant: "西山區",
      nameEn: "Xishan District",
      children: [
        {
          slug: "wangjiang",
          level: "street",
          name: "望江街道",
          nameZhHant: "望江街道",
          nameEn: "Wangjiang Subdistrict",
          children: [
            {
              slug: "binjiang",
              level: "community",
              name: "滨江社区",
              nameZhHant: "濱江社區",
              nameEn: "Binjiang Community",
              children: [
                grid("binjiang", 1, ["滨江壹号", "濱江壹號", "Riverside One"], 7),
                grid("binjiang", 2, ["望江楼小区", "望江樓小區", "Wangjiang Tower Estate"], 4),
              ],
            },
            {
              slug: "liuan",
              level: "community",
              name: "柳岸社区",
              nameZhHant: "柳岸社區",
              nameEn: "Liu'an Community",
              children: [
                grid("liuan", 1, ["柳岸人家", "柳岸人家", "Willow Bank Homes"], 5),
                grid("liuan", 2, ["老街坊", "老街坊", "Old Neighbourhood"], 3),
              ],
            },
          ],
        },
      ],
    },
  ],
};

/** The slug of the community that later seeds (accounts, proposals) attach demo data to. */
export const DEMO_COMMUNITY_SLUG = "chunhui";

function flatten(
  node: SeedNode,
  parentSlug: string | null,
  position: number,
  out: Array<SeedNode & { parentSlug: string | null; position: number }>,
) {
  out.push({ ...node, parentSlug, position });
  node.children?.forEach((child, index) => flatten(child, node.slug, index + 1, out));
  return out;
}

/**
 * Inserts the demo city. Idempotent: nodes that exist (by slug) are left as they are, missing ones are
 * added, so running it twice, or after a partial run, gives the same tree.
 */
export async function seedDemoCity(db: Database): Promise<{ inserted: number }> {
  const nodes = flatten(DEMO_CITY, null, 1, []);
  return db.transaction(async (tx) => {
    let inserted = 0;
    const ids = new Map<string, number>();
    // Parents come before children in `nodes`, so each level can resolve its parent's id.
    for (const level of ["city", "district", "street", "community", "grid", "building"] as const) {
      const batch = nodes.filter((n) => n.level === level);
      if (batch.length === 0) continue;
      const rows = await tx
        .insert(communities)
        .values(
          batch.map((n) => ({
            slug: n.slug,
            level: n.level,
            name: n.name,
            nameZhHant: n.nameZhHant,
            nameEn: n.nameEn,
            position: n.position,
            parentId: n.parentSlug === null ? null : ids.get(n.parentSlug),
          })),
        )
        .onConflictDoNothing({ target: communities.slug })
        .returning({ id: communities.id, slug: communities.slug });
      inserted += rows.length;
      const all = await tx
        .select({ id: communities.id, slug: communities.slug })
        .from(communities)
        .where(
          inArray(
            communities.slug,
            batch.map((n) => n.slug),
          ),
        );
      for (const row of all) ids.set(row.slug, row.id);
    }
    return { inserted };
  });
}

/** True when the database holds no community at all (a brand-new embedded database). */
export async function isEmpty(db: Database): Promise<boolean> {
  const rows = await db.select({ id: communities.id }).from(communities).limit(1);
  return rows.length === 0;
}

export const DEMO_PASSWORD = "yishi-demo-2026";

interface DemoAccount {
  id: string;
  email: string;
  displayName: string;
  role?: { role: Role; community: string };
  /** A verified resident of the demo community, living in this building. */
  home?: { building: string; unit: string };
}

/** The demo accounts listed in the README (scripts and tests rely on them). */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    id: "demo-admin",
    email: "admin@example.org",
    displayName: "系统管理员 周",
    role: { role: "admin", community: "yunxi" },
  },
  {
    id: "demo-council",
    email: "council@example.org",
    displayName: "区政府 林主任",
    role: { role: "council", community: "donghu" },
  },
  {
    id: "demo-committee",
    email: "committee@example.org",
    displayName: "居委会 陈主任",
    role: { role: "committee", community: DEMO_COMMUNITY_SLUG },
  },
  {
    id: "demo-grid",
    email: "grid@example.org",
    displayName: "网格员 小刘",
    role: { role: "grid_worker", community: DEMO_COMMUNITY_SLUG },
  },
  {
    id: "demo-moderator",
    email: "moderator@example.org",
    displayName: "版主 何",
    role: { role: "moderator", community: DEMO_COMMUNITY_SLUG },
  },
  {
    id: "demo-resident",
    email: "resident@example.org",
    displayName: "王阿姨",
    home: { building: "chunhui-g1-b3", unit: "2单元 301" },
  },
  {
    id: "demo-resident2",
    email: "resident2@example.org",
    displayName: "李师傅",
    home: { building: "chunhui-g1-b5", unit: "1单元 102" },
  },
  {
    id: "demo-resident3",
    email: "resident3@example.org",
    displayName: "张同学（租户）",
    home: { building: "chunhui-g2-b1", unit: "3单元 502" },
  },
  {
    id: "demo-resident4",
    email: "resident4@example.org",
    displayName: "赵奶奶",
    home: { building: "chunhui-g3-b2", unit: "1单元 201" },
  },
  {
    id: "demo-resident5",
    email: "resident5@example.org",
    displayName: "孙先生",
    home: { building: "chunhui-g1-b12", unit: "4单元 1203" },
  },
];

/**
 * Adds the demo accounts, their roles and verified residence. Idempotent. Only for the embedded demo
 * database or an explicit `npm run db:seed`: a production start never calls it.
 */
export async function seedDemoAccounts(db: Database): Promise<{ inserted: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const slugs = [
    ...new Set(
      DEMO_ACCOUNTS.flatMap((a) => [
        a.role?.community,
        a.home?.building,
        a.home && DEMO_COMMUNITY_SLUG,
      ]).filter((s): s is string => Boolean(s)),
    ),
  ];
  const nodes = await db
    .select({ id: communities.id, slug: communities.slug })
    .from(communities)
    .where(inArray(communities.slug, slugs));
  const idOf = new Map(nodes.map((n) => [n.slug, n.id]));
  const community = idOf.get(DEMO_COMMUNITY_SLUG);
  if (community === undefined) throw new Error("seed the demo city first");
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(users)
      .values(
        DEMO_ACCOUNTS.map((a) => ({
          id: a.id,
          email: a.email,
          displayName: a.displayName,
          passwordHash,
          emailVerifiedAt: new Date("2026-01-01T00:00:00Z"),
        })),
      )
      .onConflictDoNothing()
      .returning({ id: users.id });
    const fresh = new Set(inserted.map((row) => row.id));
    for (const account of DEMO_ACCOUNTS.filter((a) => fresh.has(a.id))) {
      if (account.role) {
        const at = idOf.get(account.role.community);
        if (at !== undefined) {
          await tx
            .insert(roleGrants)
            .values({ userId: account.id, communityId: at, role: account.role.role })
            .onConflictDoNothing();
        }
      }
      if (account.home) {
        await tx
          .insert(memberships)
          .values({
            userId: account.id,
            communityId: community,
            buildingId: idOf.get(account.home.building) ?? null,
            unit: account.home.unit,
            status: "verified",
            decidedById: "demo-committee",
            decidedAt: new Date("2026-01-02T00:00:00Z"),
          })
          .onConflictDoNothing();
        await tx
          .insert(roleGrants)
          // Resident since the membership was verified, so the demo votes of the past count them.
          .values({
            userId: account.id,
            communityId: community,
            role: "resident",
            grantedAt: new Date("2026-01-02T00:00:00Z"),
          })
          .onConflictDoNothing();
      }
    }
    return { inserted: inserted.length };
  });
}
