/**
 * A collaboration server in a process of its own, for the crash test (tests/integration/
 * collab-crash.test.ts), which kills it with SIGKILL and starts another on the same port.
 *
 * Environment:
 * - COLLAB_DATABASE_URL: a migrated PostgreSQL database, or
 * - COLLAB_PGLITE_DIR: a PGlite folder (created from COLLAB_PGLITE_TEMPLATE, a migrated dump, when
 *   it does not exist yet). One process at a time: the test opens it only after this one is dead.
 * - PORT (0 for any), COLLAB_FLUSH_DELAY_MS (100).
 *
 * Any `?as=<user>` may edit `doc:*`. Prints `listening <port>` once it accepts connections; stops
 * gracefully (writing every room) on SIGTERM.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pino } from "pino";
import { openDatabase } from "../../db/client";
import { createDatabaseStore } from "../../server/collab/persistence";
import { createCollabServer, type Authorization } from "../../server/collab/server";
import { routeUpgrades } from "../../server/collab/upgrade";

const logger = pino({ level: "warn" }, pino.destination(2));

async function open() {
  const url = process.env.COLLAB_DATABASE_URL;
  if (url) return openDatabase({ driver: "postgres", url, maxConnections: 4 });
  const dataDir = process.env.COLLAB_PGLITE_DIR;
  if (!dataDir) throw new Error("set COLLAB_DATABASE_URL or COLLAB_PGLITE_DIR");
  const template = process.env.COLLAB_PGLITE_TEMPLATE;
  if (!existsSync(path.join(dataDir, "PG_VERSION")) && template) {
    const created = await PGlite.create({
      dataDir,
      loadDataDir: new Blob([await readFile(template)]),
    });
    await created.close();
  }
  return openDatabase({ driver: "pglite", dataDir });
}

const database = await open();
const collab = createCollabServer({
  store: createDatabaseStore(database.db),
  logger,
  authorize: (req, docName): Promise<Authorization> => {
    const as = new URL(req.url ?? "/", "http://x").searchParams.get("as");
    if (!docName.startsWith("doc:")) return Promise.resolve({ ok: false, status: 404 });
    if (!as) return Promise.resolve({ ok: false, status: 401 });
    return Promise.resolve({ ok: true, access: "edit", user: { id: as, name: as } });
  },
  // The crash test's clients type into the text `body`.
  sharedTypes: { body: "text" },
  limits: {
    flushDelayMs: Number(process.env.COLLAB_FLUSH_DELAY_MS ?? 100),
    // Clients of the crash test type fast.
    maxMessagesPerSecond: 2_000,
  },
});
const server = createServer((_req, res) => res.end());
routeUpgrades(server, collab);
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});

process.once("SIGTERM", () => {
  void (async () => {
    await collab.close();
    server.closeAllConnections();
    server.close();
    await database.close();
    process.exit(0);
  })();
});
