import { adminConnection } from "../../support/test-database";

/** Drops the databases the end-to-end server made (after it has stopped, or forcibly). */
export default async function globalTeardown() {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return;
  const prefix = `${new URL(base).pathname.slice(1)}_e2e_`;
  const admin = adminConnection(base);
  try {
    const rows = await admin<{ datname: string }[]>`
      select datname from pg_database where starts_with(datname, ${prefix})`;
    for (const { datname } of rows)
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.end();
  }
}
