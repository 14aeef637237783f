import { bigint, customType, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * `bytea` as `Uint8Array` on both drivers (Drizzle has no bytea column; postgres.js returns a Buffer,
 * PGlite a Uint8Array).
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

/**
 * The update log of collaborative documents (Yjs updates, appended in small batches). Compaction
 * folds a prefix of it into `collab_snapshots` and deletes that prefix.
 */
export const collabUpdates = pgTable(
  "collab_updates",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    docName: text("doc_name").notNull(),
    update: bytea().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("collab_updates_doc_idx").on(t.docName, t.id)],
);

/** The compacted state of a document: every update up to and including `upToId`, merged. */
export const collabSnapshots = pgTable("collab_snapshots", {
  docName: text("doc_name").primaryKey(),
  state: bytea().notNull(),
  upToId: bigint("up_to_id", { mode: "number" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
