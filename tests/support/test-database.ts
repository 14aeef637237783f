import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";

export type TestDriver = "pglite" | "postgres";

/** Every integration test runs on each driver available: PGlite always, PostgreSQL when configured. */
export const TEST_DRIVERS: TestDriver[] = process.env.TEST_DATABASE_URL
  ? ["pglite", "postgres"]
  : ["pglite"];

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** An admin connection to the server behind TEST_DATABASE_URL (to create and drop databases). */
export function adminConnection(url: string) {
  return postgres(url, { max: 1, onnotice: () => {} });
}

export interface TestDatabase extends Disposable {
  handle: DatabaseHandle;
  /** Closes the connection and drops the database. */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a PGlite in memory loaded from the migrated template
 * made in global setup, or a PostgreSQL database copied from the migrated template database.
 */
export async function createTestDatabase(driver: TestDriver): Promise<TestDatabase> {
  if (driver === "pglite") {
    const dump = await readFile(inject("pgliteTemplatePath"));
    const handle = await openDatabase({ driver: "pglite-memory", loadDataDir: new Blob([dump]) });
    return {
      handle,
      destroy: () => handle.close(),
      [Symbol.dispose]: () => void handle.close(),
    };
  }
  const baseUrl = process.env.TEST_DATABASE_URL;
  const template = inject("postgresTemplateName");
  if (!baseUrl || !template) throw new Error("TEST_DATABASE_URL is not set");
  const base = new URL(baseUrl).pathname.slice(1);
  const name = `${base}_${randomBytes(4).toString("hex")}`;
  const admin = adminConnection(baseUrl);
  try {
    await admin.unsafe(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({
    driver: "postgres",
    url: withDatabase(baseUrl, name),
    maxConnections: 4,
  });
  const destroy = async () => {
    await handle.close();
    const cleanup = adminConnection(baseUrl);
    try {
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await cleanup.end();
    }
  };
  return { handle, destroy, [Symbol.dispose]: () => void destroy() };
}

export { withDatabase };
