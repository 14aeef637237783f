import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { COMMUNITY_LEVELS } from "../../app/domain/community-tree.ts";

export const communityLevel = pgEnum("community_level", COMMUNITY_LEVELS);

/**
 * One node of the tree city > district > street > community > grid > building. Every matter, meeting
 * and vote belongs to one. Names are stored as officially written (zh-Hans) with optional
 * Traditional Chinese and English forms for display.
 */
export const communities = pgTable(
  "communities",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    slug: text().notNull().unique(),
    parentId: integer("parent_id").references((): AnyPgColumn => communities.id, {
      onDelete: "restrict",
    }),
    level: communityLevel().notNull(),
    name: text().notNull(),
    nameZhHant: text("name_zh_hant"),
    nameEn: text("name_en"),
    timeZone: text("time_zone").notNull().default("Asia/Shanghai"),
    /** Order among siblings (official numbering: grid 1, grid 2, building 1 …). */
    position: integer().notNull().default(0),
    /**
     * Supports a proposal needs before the committee may take it up: a number, a share (percent) of
     * verified residents, or both (the larger wins); neither → the platform default.
     */
    supportThresholdCount: integer("support_threshold_count"),
    supportThresholdPercent: integer("support_threshold_percent"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("communities_parent_position_idx").on(t.parentId, t.position, t.id),
    check("communities_slug_format", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check("communities_not_own_parent", sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
  ],
);

export type Community = typeof communities.$inferSelect;
export type NewCommunity = typeof communities.$inferInsert;
