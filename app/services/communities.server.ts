import { and, asc, count, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database, Transaction } from "../../db/client";
import { selectRows } from "../../db/rows";
import { communities, type Community } from "../../db/schema";
import { childLevelOf, mayBeChildOf, type CommunityLevel } from "~/domain/community-tree";
import { localizedName } from "~/domain/community-names";
import { paginate, type PageInfo, type PageRequest } from "~/domain/pagination";
import { can, mayMoveCommunity, type Actor, type CommunityResource } from "~/domain/policy";
import type { Locale } from "~/i18n/locales";
import { commitAct, type ActOutcome } from "./acts.server";

export { localizedName };

/** What pages show of a community: ids, slug, level and the name in the reader's language. */
export interface CommunitySummary {
  id: number;
  slug: string;
  level: CommunityLevel;
  name: string;
  timeZone: string;
}

export interface CommunityListItem extends CommunitySummary {
  childCount: number;
}

function summarize(row: Community, locale: Locale): CommunitySummary {
  return {
    id: row.id,
    slug: row.slug,
    level: row.level,
    name: localizedName(row, locale),
    timeZone: row.timeZone,
  };
}

export async function findCommunityBySlug(db: Database, slug: string): Promise<Community | null> {
  const [row] = await db.select().from(communities).where(eq(communities.slug, slug)).limit(1);
  return row ?? null;
}

export async function findCommunityById(
  db: Database | Transaction,
  id: number,
): Promise<Community | null> {
  const [row] = await db.select().from(communities).where(eq(communities.id, id)).limit(1);
  return row ?? null;
}

/** The path from the root down to the community's parent (breadcrumbs), root first. */
export async function listAncestors(
  db: Database,
  community: Pick<Community, "parentId">,
  locale: Locale,
): Promise<CommunitySummary[]> {
  if (community.parentId === null) return [];
  const rows = await selectRows<{
    id: number;
    slug: string;
    level: CommunityLevel;
    name: string;
    name_zh_hant: string | null;
    name_en: string | null;
    time_zone: string;
    depth: number;
  }>(
    db,
    sql`with recursive up as (
          select id, parent_id, slug, level, name, name_zh_hant, name_en, time_zone, 0 as depth
            from ${communities} where id = ${community.parentId}
          union all
          select c.id, c.parent_id, c.slug, c.level, c.name, c.name_zh_hant, c.name_en, c.time_zone,
                 up.depth + 1
            from ${communities} c join up on c.id = up.parent_id
           where up.depth < 32
        )
        select id, slug, level, name, name_zh_hant, name_en, time_zone, depth
          from up order by depth desc`,
  );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    level: row.level,
    name: localizedName(
      { name: row.name, nameZhHant: row.name_zh_hant, nameEn: row.name_en },
      locale,
    ),
    timeZone: row.time_zone,
  }));
}

/** One page of the children of `parentId` (or of the roots when null), in official order. */
export async function listChildren(
  db: Database,
  parentId: number | null,
  page: PageRequest,
  locale: Locale,
): Promise<{ items: CommunityListItem[]; pageInfo: PageInfo }> {
  const where =
    parentId === null ? isNull(communities.parentId) : eq(communities.parentId, parentId);
  const [totals] = await db.select({ total: count() }).from(communities).where(where);
  const pageInfo = paginate(page, totals?.total ?? 0);
  const rows = await db
    .select({
      community: communities,
      // Qualified by hand: Drizzle leaves columns unqualified in a one-table select.
      childCount: sql<number>`(select count(*) from ${communities} as c2
                               where c2.parent_id = "communities"."id")`.mapWith(Number),
    })
    .from(communities)
    .where(where)
    .orderBy(asc(communities.position), asc(communities.id))
    .limit(pageInfo.pageSize)
    .offset(pageInfo.offset);
  return {
    items: rows.map((row) => ({
      ...summarize(row.community, locale),
      childCount: row.childCount,
    })),
    pageInfo,
  };
}

/** How many units of each level lie below the community (all the way down). */
export async function countDescendantsByLevel(
  db: Database,
  communityId: number,
): Promise<Partial<Record<CommunityLevel, number>>> {
  const rows = await selectRows<{ level: CommunityLevel; total: number | string }>(
    db,
    sql`with recursive down as (
          select id, level, 0 as depth from ${communities} where parent_id = ${communityId}
          union all
          select c.id, c.level, down.depth + 1
            from ${communities} c join down on c.parent_id = down.id
           where down.depth < 32
        )
        select level, count(*) as total from down group by level`,
  );
  return Object.fromEntries(rows.map((row) => [row.level, Number(row.total)]));
}

/** The node as the permission policy sees it: ids from the root down to it, and its level. */
export async function communityResource(
  db: Database,
  community: Pick<Community, "id" | "parentId" | "level">,
): Promise<CommunityResource> {
  const ancestors = await listAncestors(db, community, "zh-Hans");
  return { communityPath: [...ancestors.map((a) => a.id), community.id], level: community.level };
}

/** The ids of a node and every node below it (for lists that cover a subtree). */
export async function subtreeIds(db: Database, communityId: number): Promise<number[]> {
  const rows = await selectRows<{ id: number }>(
    db,
    sql`with recursive down as (
          select id, 0 as depth from ${communities} where id = ${communityId}
          union all
          select c.id, down.depth + 1 from ${communities} c join down on c.parent_id = down.id
           where down.depth < 32
        )
        select id from down`,
  );
  return rows.map((row) => Number(row.id));
}

/** The buildings below a community (through its grids), for choosing one's own. */
export async function listBuildings(db: Database, communityId: number, locale: Locale) {
  const ids = await subtreeIds(db, communityId);
  const rows = await db
    .select()
    .from(communities)
    .where(and(inArray(communities.id, ids), eq(communities.level, "building")))
    .orderBy(asc(communities.parentId), asc(communities.position));
  return rows.map((row) => ({ id: row.id, name: localizedName(row, locale) }));
}

export type CommunityChangeError = "slugTaken" | "wrongLevel" | "cycle" | "noSuchParent";

/** The three forms of a node's name, as typed (empty optional forms are stored as absent). */
export interface CommunityNames {
  name: string;
  nameZhHant: string;
  nameEn: string;
}

function storedNames(names: CommunityNames) {
  return { name: names.name, nameZhHant: names.nameZhHant || null, nameEn: names.nameEn || null };
}

/** Adds a node under `parent`, at the level below it. Needs `community.manage` at the parent. */
export async function createCommunity(
  db: Database,
  actor: Actor,
  input: CommunityNames & { parent: Community; slug: string },
): Promise<ActOutcome<{ slug: string }, CommunityChangeError | "forbidden">> {
  if (!can(actor, "community.manage", await communityResource(db, input.parent)))
    return { ok: false, reason: "forbidden" };
  const level = childLevelOf(input.parent.level);
  if (!level) return { ok: false, reason: "wrongLevel" };
  return commitAct<{ slug: string }, CommunityChangeError>(db, undefined, async (act) => {
    const [last] = await act.tx
      .select({ position: sql<number>`coalesce(max(${communities.position}), 0)`.mapWith(Number) })
      .from(communities)
      .where(eq(communities.parentId, input.parent.id));
    const inserted = await act.tx
      .insert(communities)
      .values({
        slug: input.slug,
        parentId: input.parent.id,
        level,
        ...storedNames(input),
        timeZone: input.parent.timeZone,
        position: (last?.position ?? 0) + 1,
      })
      .onConflictDoNothing({ target: communities.slug })
      .returning({ id: communities.id });
    const row = inserted[0];
    if (!row) return act.refuse("slugTaken");
    await act.audit({
      actorId: actor.id,
      action: "community.created",
      communityId: row.id,
      targetType: "community",
      targetId: String(row.id),
      before: null,
      after: { slug: input.slug, name: input.name, parentId: input.parent.id, level },
    });
    return { slug: input.slug };
  });
}

/** Renames a node (its names in the three forms). Needs `community.manage` at the node. */
export async function renameCommunity(
  db: Database,
  actor: Actor,
  input: CommunityNames & { community: Community },
): Promise<ActOutcome<void, "forbidden">> {
  if (!can(actor, "community.manage", await communityResource(db, input.community)))
    return { ok: false, reason: "forbidden" };
  return commitAct(db, undefined, async (act) => {
    await act.tx
      .update(communities)
      .set({ ...storedNames(input), updatedAt: new Date() })
      .where(eq(communities.id, input.community.id));
    await act.audit({
      actorId: actor.id,
      action: "community.renamed",
      communityId: input.community.id,
      targetType: "community",
      targetId: String(input.community.id),
      before: {
        name: input.community.name,
        nameZhHant: input.community.nameZhHant,
        nameEn: input.community.nameEn,
      },
      after: storedNames(input),
    });
  });
}

/**
 * Moves a node (with everything below it) under another node of the level above. Needs
 * `community.manage` at the node and at its new parent (`mayMoveCommunity`).
 */
export async function moveCommunity(
  db: Database,
  actor: Actor,
  input: { community: Community; newParentSlug: string },
): Promise<ActOutcome<void, CommunityChangeError | "forbidden">> {
  const parent = await findCommunityBySlug(db, input.newParentSlug);
  if (!parent) return { ok: false, reason: "noSuchParent" };
  const [node, newParent] = await Promise.all([
    communityResource(db, input.community),
    communityResource(db, parent),
  ]);
  if (!mayMoveCommunity(actor, node, newParent)) return { ok: false, reason: "forbidden" };
  if (!mayBeChildOf(input.community.level, parent.level))
    return { ok: false, reason: "wrongLevel" };
  if ((await subtreeIds(db, input.community.id)).includes(parent.id))
    return { ok: false, reason: "cycle" };
  return commitAct(db, undefined, async (act) => {
    await act.tx
      .update(communities)
      .set({ parentId: parent.id, updatedAt: new Date() })
      .where(eq(communities.id, input.community.id));
    await act.audit({
      actorId: actor.id,
      action: "community.moved",
      communityId: input.community.id,
      targetType: "community",
      targetId: String(input.community.id),
      before: { parentId: input.community.parentId },
      after: { parentId: parent.id },
    });
  });
}

/**
 * Sets the support threshold of a community's matters (audited: it decides what gets deliberated).
 * Needs `community.configure` at the community.
 */
export async function setSupportThreshold(
  db: Database,
  actor: Actor,
  community: Community,
  threshold: { count: number | null; percent: number | null },
): Promise<ActOutcome<void, "forbidden">> {
  if (!can(actor, "community.configure", await communityResource(db, community)))
    return { ok: false, reason: "forbidden" };
  return commitAct(db, undefined, async (act) => {
    await act.tx
      .update(communities)
      .set({
        supportThresholdCount: threshold.count,
        supportThresholdPercent: threshold.percent,
        updatedAt: new Date(),
      })
      .where(eq(communities.id, community.id));
    await act.audit({
      actorId: actor.id,
      action: "community.thresholdChanged",
      communityId: community.id,
      targetType: "community",
      targetId: String(community.id),
      before: {
        count: community.supportThresholdCount,
        percent: community.supportThresholdPercent,
      },
      after: threshold,
    });
  });
}

/** Every node of one level (at most 1,000), with names in the reader's language. */
export async function listCommunitiesAtLevel(
  db: Database,
  level: CommunityLevel,
  locale: Locale,
): Promise<CommunitySummary[]> {
  const rows = await db
    .select()
    .from(communities)
    .where(eq(communities.level, level))
    .orderBy(asc(communities.id))
    .limit(1000);
  return rows.map((row) => summarize(row, locale));
}
