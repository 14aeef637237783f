/**
 * A fingerprint of the whole database: for every table of the public schema, its row count and an
 * md5 of its rows in a stable order. Two equal snapshots mean nothing was written in between (what
 * "a page that reads never writes" is tested with).
 */
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { selectRows } from "../../db/rows";

export type DatabaseSnapshot = Record<string, { rows: number; md5: string }>;

export async function snapshotDatabase(db: Database): Promise<DatabaseSnapshot> {
  const tables = await selectRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
         where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const snapshot: DatabaseSnapshot = {};
  for (const { name } of tables) {
    const [row] = await selectRows<{ rows: number; md5: string }>(
      db,
      sql`select count(*)::int as rows,
                 md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as md5
            from ${sql.identifier(name)} t`,
    );
    snapshot[name] = { rows: Number(row!.rows), md5: row!.md5 };
  }
  return snapshot;
}
