import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import type { RequestHandler } from "express";
import { pino, type Logger } from "pino";
import { createMailer } from "~/services/mail.server";
import { createRateLimits } from "~/services/rate-limit.server";
import { createApp } from "../../server/app";
import { createAuthorizer } from "../../server/collab/authorize";
import { createDatabaseStore } from "../../server/collab/persistence";
import { createCollabServer } from "../../server/collab/server";
import { routeUpgrades } from "../../server/collab/upgrade";
import { loadEnv } from "../../server/env";
import type { RepeatLog } from "../../server/repeat-log";
import type { RedisConnections } from "../../server/redis";
import type { DatabaseHandle } from "../../db/client";

export const silentLogger = pino({ level: "silent" });

/** The real Express stack on port 0, with a stand-in for the Remix handler (or a small build). */
export async function startTestServer(options: {
  database: DatabaseHandle;
  handler: RequestHandler | ServerBuild;
  env?: Record<string, string>;
  logger?: Logger;
  repeatLog?: RepeatLog;
  /** Rate limits (and /healthz) on Redis; in memory without. */
  redis?: RedisConnections;
}): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const env = loadEnv({ NODE_ENV: "test", ...options.env });
  const collab = createCollabServer({
    store: createDatabaseStore(options.database.db),
    logger: silentLogger,
    authorize: createAuthorizer({ db: options.database.db, trustProxy: false, kinds: {} }),
  });
  const app = createApp({
    mailer: createMailer({ from: env.MAIL_FROM, dataDir: env.DATA_DIR }),
    rateLimits: createRateLimits(options.redis?.client),
    redis: options.redis,
    env,
    logger: options.logger ?? silentLogger,
    repeatLog: options.repeatLog,
    database: options.database,
    remix: options.handler,
    documents: collab.documents,
  });
  const server = createServer(app);
  routeUpgrades(server, collab);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      // Collaborative edits are written before the caller closes the database.
      await collab.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
