import { sql } from "drizzle-orm";
import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { ROLES } from "../../app/domain/roles";
import { communities } from "./communities";
import { users } from "./users";

export const membershipStatus = pgEnum("membership_status", [
  "pending",
  "verified",
  "declined",
  "left",
]);
export const membershipVia = pgEnum("membership_via", ["request", "household_code"]);

/**
 * A person's residence in a community, as they declared it (building, unit) and as the committee or a
 * grid worker verified it. Residence, not household registration, is what counts.
 */
export const memberships = pgTable(
  "memberships",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "restrict" }),
    buildingId: integer("building_id").references(() => communities.id, { onDelete: "set null" }),
    unit: text(),
    note: text(),
    status: membershipStatus().notNull().default("pending"),
    via: membershipVia().notNull().default("request"),
    decisionReason: text("decision_reason"),
    decidedById: text("decided_by_id").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("memberships_open_unique")
      .on(t.userId, t.communityId)
      .where(sql`${t.status} in ('pending', 'verified')`),
    index("memberships_community_status_idx").on(t.communityId, t.status, t.createdAt),
  ],
);

export const role = pgEnum("role", ROLES);

/** A role held in a community and every community below it, until revoked. */
export const roleGrants = pgTable(
  "role_grants",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "restrict" }),
    role: role().notNull(),
    grantedById: text("granted_by_id").references(() => users.id, { onDelete: "set null" }),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull().defaultNow(),
    revokedById: text("revoked_by_id").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("role_grants_active_unique")
      .on(t.userId, t.communityId, t.role)
      .where(sql`${t.revokedAt} is null`),
    index("role_grants_community_idx").on(t.communityId, t.role),
  ],
);

/** One-time codes a grid worker hands to a household at the door; using one verifies at once. */
export const householdCodes = pgTable(
  "household_codes",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "restrict" }),
    buildingId: integer("building_id").references(() => communities.id, { onDelete: "set null" }),
    unit: text(),
    codeHash: text("code_hash").notNull().unique(),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedById: text("used_by_id").references(() => users.id, { onDelete: "set null" }),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [index("household_codes_community_idx").on(t.communityId, t.createdAt)],
);
