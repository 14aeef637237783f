import { bigint, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The append-only audit log. Each row carries the hash of the previous one (a hash chain), so an edited
 * or deleted row is detectable. No foreign keys: nothing may cascade into it.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "string" }).notNull(),
    actorId: text("actor_id"),
    action: text().notNull(),
    communityId: integer("community_id"),
    targetType: text("target_type"),
    targetId: text("target_id"),
    before: jsonb(),
    after: jsonb(),
    prevHash: text("prev_hash").notNull(),
    hash: text().notNull().unique(),
  },
  (t) => [index("audit_log_community_idx").on(t.communityId, t.id)],
);

/** The end of the chain, locked while a row is appended so that appends are serialised. */
export const auditChainHead = pgTable("audit_chain_head", {
  id: integer().primaryKey(),
  lastId: bigint("last_id", { mode: "number" }),
  lastHash: text("last_hash").notNull(),
});
