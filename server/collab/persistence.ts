import { and, asc, eq, lte, sql } from "drizzle-orm";
import * as Y from "yjs";
import type { Database } from "../../db/client";
import { collabSnapshots, collabUpdates } from "../../db/schema";

/** Where collaborative documents live: a snapshot plus an append-only log of updates. */
export interface DocumentStore {
  /** The document's whole stored state as one update, or null when nothing is stored yet. */
  load(docName: string): Promise<Uint8Array | null>;
  /** Appends a batch of updates (one row: they are merged first). */
  append(docName: string, updates: Uint8Array[]): Promise<void>;
  /** Folds the log into the snapshot. Safe to run while appends go on. */
  compact(docName: string): Promise<void>;
  /** How many log rows the document has since its snapshot. */
  logLength(docName: string): Promise<number>;
}

export function createDatabaseStore(db: Database): DocumentStore {
  return {
    async load(docName) {
      const [snapshot] = await db
        .select({ state: collabSnapshots.state })
        .from(collabSnapshots)
        .where(eq(collabSnapshots.docName, docName));
      const rows = await db
        .select({ update: collabUpdates.update })
        .from(collabUpdates)
        .where(eq(collabUpdates.docName, docName))
        .orderBy(asc(collabUpdates.id));
      const parts = [...(snapshot ? [snapshot.state] : []), ...rows.map((row) => row.update)];
      return parts.length === 0 ? null : Y.mergeUpdates(parts);
    },
    async append(docName, updates) {
      if (updates.length === 0) return;
      await db.insert(collabUpdates).values({ docName, update: Y.mergeUpdates(updates) });
    },
    async compact(docName) {
      await db.transaction(async (tx) => {
        // Serialise compactions of one document (another instance may try at the same time).
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`collab:${docName}`}))`);
        const rows = await tx
          .select({ id: collabUpdates.id, update: collabUpdates.update })
          .from(collabUpdates)
          .where(eq(collabUpdates.docName, docName))
          .orderBy(asc(collabUpdates.id));
        const last = rows.at(-1);
        if (!last) return;
        const [snapshot] = await tx
          .select({ state: collabSnapshots.state })
          .from(collabSnapshots)
          .where(eq(collabSnapshots.docName, docName));
        const state = Y.mergeUpdates([
          ...(snapshot ? [snapshot.state] : []),
          ...rows.map((r) => r.update),
        ]);
        await tx
          .insert(collabSnapshots)
          .values({ docName, state, upToId: last.id })
          .onConflictDoUpdate({
            target: collabSnapshots.docName,
            set: { state, upToId: last.id, updatedAt: new Date() },
          });
        await tx
          .delete(collabUpdates)
          .where(and(eq(collabUpdates.docName, docName), lte(collabUpdates.id, last.id)));
      });
    },
    async logLength(docName) {
      const [row] = await db
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(collabUpdates)
        .where(eq(collabUpdates.docName, docName));
      return row?.n ?? 0;
    },
  };
}
