import type { SQL } from "drizzle-orm";
import type { Database, Transaction } from "./client";

/**
 * Runs a raw SQL query (for what the query builder cannot say, such as recursive CTEs) and returns its
 * rows, whichever driver is underneath: postgres.js answers with an array, PGlite with `{ rows }`.
 */
export async function selectRows<T extends Record<string, unknown>>(
  db: Database | Transaction,
  query: SQL,
): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
