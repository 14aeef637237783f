import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DatabaseHandle } from "./client.ts";

/** Resolved from the working directory, not the module, so it holds when code is bundled. */
export function migrationsFolder(): string {
  return path.resolve(process.cwd(), "db/migrations");
}

/** An arbitrary constant naming Yishi's migration lock among PostgreSQL advisory locks. */
const MIGRATION_LOCK_KEY = 7_350_212_026;

/**
 * Applies every pending migration (forward only). On PostgreSQL, instances starting together take an
 * advisory lock so that exactly one applies each migration.
 */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const folder = migrationsFolder();
  if (handle.driver === "pglite") {
    await migratePglite(handle.native, { migrationsFolder: folder });
    return;
  }
  // One connection for the whole run, so that the session-level advisory lock covers it.
  const client = postgres(handle.url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: folder });
  } finally {
    await client.end({ timeout: 5 });
  }
}
