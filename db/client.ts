import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite, type PgliteDatabase } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { lockFolder } from "./folder-lock";
import postgres from "postgres";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;

/**
 * The database as every service sees it: the same Drizzle API whichever driver is underneath.
 * See docs/decisions/0003-postgres-and-pglite.md.
 */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** A transaction handle, accepted wherever a `Database` is (services take either). */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export type DatabaseTarget =
  | { driver: "postgres"; url: string; maxConnections?: number }
  | { driver: "pglite"; dataDir: string }
  | { driver: "pglite-memory"; loadDataDir?: Blob | File };

interface HandleBase {
  db: Database;
  /** Answers when the database answers a trivial query; throws otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseHandle =
  | (HandleBase & {
      driver: "postgres";
      url: string;
      native: PostgresJsDatabase<Schema>;
      client: postgres.Sql;
    })
  | (HandleBase & { driver: "pglite"; native: PgliteDatabase<Schema>; client: PGlite });

/** Chooses the driver from configuration: `DATABASE_URL` means PostgreSQL, else PGlite under DATA_DIR. */
export function databaseTarget(config: { databaseUrl?: string; dataDir: string }): DatabaseTarget {
  if (config.databaseUrl) return { driver: "postgres", url: config.databaseUrl };
  return { driver: "pglite", dataDir: path.join(config.dataDir, "pglite") };
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.driver === "postgres") {
    const client = postgres(target.url, {
      max: target.maxConnections ?? 10,
      onnotice: () => {},
      connection: { application_name: "yishi" },
    });
    const native = drizzlePostgres({ client, schema, casing: "snake_case" });
    return {
      driver: "postgres",
      url: target.url,
      native,
      client,
      db: native,
      ping: async () => {
        await native.execute(sql`select 1`);
      },
      close: () => client.end({ timeout: 5 }),
    };
  }

  let release: (() => Promise<void>) | undefined;
  let client: PGlite;
  if (target.driver === "pglite") {
    // PGlite takes no lock of its own: two processes on one folder corrupt it, so we hold one.
    await mkdir(target.dataDir, { recursive: true });
    try {
      release = await lockFolder(`${target.dataDir}.lock`);
    } catch (error) {
      throw new Error(
        `The embedded database in ${target.dataDir} is in use by another process ` +
          `(only one Yishi process may open it; use DATABASE_URL for several instances).`,
        { cause: error },
      );
    }
    client = await PGlite.create(target.dataDir);
  } else {
    client = await PGlite.create(
      target.loadDataDir ? { loadDataDir: target.loadDataDir } : undefined,
    );
  }
  const native = drizzlePglite({ client, schema, casing: "snake_case" });
  return {
    driver: "pglite",
    native,
    client,
    db: native,
    ping: async () => {
      if (client.closed) throw new Error("database is closed");
      await native.execute(sql`select 1`);
    },
    close: async () => {
      if (!client.closed) await client.close();
      await release?.();
    },
  };
}
