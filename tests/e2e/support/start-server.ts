/**
 * Starts the real server for the end-to-end tests on a database of its own: a new PostgreSQL database
 * (migrated and seeded) when TEST_DATABASE_URL is set, else a new embedded database in a temporary
 * folder (seeded on first start, as for a newcomer).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "../../../db/client";
import { migrateDatabase } from "../../../db/migrate";
import { seedDemoAccounts, seedDemoCity } from "../../../server/scripts/seed";
import { seedDemoProposals } from "../../../server/scripts/seed-proposals";
import { seedDemoVotes } from "../../../server/scripts/seed-votes";
import { adminConnection, withDatabase } from "../../support/test-database";

export const E2E_DATABASE_INFIX = "_e2e_";

const base = process.env.E2E_DRIVER === "pglite" ? undefined : process.env.TEST_DATABASE_URL;
process.env.NODE_ENV = "test";
process.env.PORT = process.env.E2E_PORT ?? "3199";
process.env.HOST = "127.0.0.1";
process.env.LOG_LEVEL ??= "warn";
// Votes close as soon as their time passes (the decision test waits for the clock, not a page).
process.env.VOTE_CLOCK_INTERVAL_MS ??= "1000";

if (base) {
  const name = `${new URL(base).pathname.slice(1)}${E2E_DATABASE_INFIX}${randomBytes(4).toString("hex")}`;
  const admin = adminConnection(base);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = withDatabase(base, name);
  const handle = await openDatabase({ driver: "postgres", url });
  await migrateDatabase(handle);
  await seedDemoCity(handle.db);
  await seedDemoAccounts(handle.db);
  await seedDemoProposals(handle.db);
  await seedDemoVotes(handle.db);
  await handle.close();
  process.env.DATABASE_URL = url;
} else {
  delete process.env.DATABASE_URL;
  process.env.DATA_DIR = await mkdtemp(path.join(tmpdir(), "yishi-e2e-"));
}

await import("../../../server/index");
