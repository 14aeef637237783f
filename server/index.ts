/**
 * The Yishi server: validates the environment, opens and migrates the database (seeding the demo city
 * into a new embedded one), loads the Remix build and serves it with the collaboration upgrade on the
 * same HTTP server. Started by `npm start`.
 */
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { databaseTarget, openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { isEmpty, seedDemoAccounts, seedDemoCity } from "./scripts/seed";
import { seedDemoProposals } from "./scripts/seed-proposals";
import { seedDemoVotes } from "./scripts/seed-votes";
import { createMailer } from "../app/services/mail.server";
import { proposalDocumentAccess, storeRenderedBody } from "../app/services/proposals/index.server";
import { createRateLimits } from "../app/services/rate-limit.server";
import { createApp } from "./app";
import { createAuthorizer, upgradeClientIp } from "./collab/authorize";
import { localBus } from "./collab/bus";
import { createDatabaseStore } from "./collab/persistence";
import { createRedisBus } from "./collab/redis-bus";
import { createCollabServer } from "./collab/server";
import { routeUpgrades } from "./collab/upgrade";
import { EnvError, loadEnv } from "./env";
import { createLogger } from "./logger";
import { connectRedis } from "./redis";
import { onTerminationSignal, shutdownGracefully } from "./shutdown";
import { startVoteClock } from "./vote-clock";

let env;
try {
  env = loadEnv(process.env);
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
process.env.NODE_ENV = env.NODE_ENV;
const logger = createLogger(env);

const database = await openDatabase(
  databaseTarget({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR }),
);
await migrateDatabase(database);
// A new embedded database becomes the demo city, with its demo accounts: never in production.
if (database.driver === "pglite" && env.NODE_ENV !== "production" && (await isEmpty(database.db))) {
  const { inserted } = await seedDemoCity(database.db);
  const accounts = await seedDemoAccounts(database.db);
  const demo = await seedDemoProposals(database.db);
  const demoVotes = await seedDemoVotes(database.db);
  logger.info(
    {
      communities: inserted,
      accounts: accounts.inserted,
      proposals: demo.inserted,
      votes: demoVotes.inserted,
    },
    "new embedded database: demo city and demo accounts seeded (password yishi-demo-2026)",
  );
}

// Loaded at run time, by a path the bundlers cannot follow: were `build/index.js` imported statically,
// a bundler of this file (esbuild) would inline the Remix build into it, and the build must stay
// one module graph of its own (built by `npm start` through build-if-needed.ts when missing).
const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
const mailer = createMailer({
  smtpUrl: env.SMTP_URL,
  from: env.MAIL_FROM,
  dataDir: env.DATA_DIR,
  onError: (error, message) =>
    logger.error({ err: error, subject: message.subject }, "could not send an email"),
});
// Redis is optional and may come and go: without it, limits count per instance (server/redis.ts).
const redis = env.REDIS_URL
  ? connectRedis(env.REDIS_URL, logger.child({ component: "redis" }))
  : undefined;
const rateLimits = createRateLimits(redis?.client);

// With Redis, instances share collaborative documents over pub/sub: the rate-limit connection
// publishes, and a second connection (subscriber mode can do nothing else) listens.
const collabLogger = logger.child({ component: "collab" });
const collab = createCollabServer({
  store: createDatabaseStore(database.db),
  logger: collabLogger,
  bus: redis ? createRedisBus(redis.client, redis.subscriber, { logger: collabLogger }) : localBus,
  limits: {
    maxDocumentBytes: env.COLLAB_MAX_DOCUMENT_BYTES,
    maxConnectionsPerIp: env.COLLAB_MAX_CONNECTIONS_PER_IP,
    maxConnectionsPerUser: env.COLLAB_MAX_CONNECTIONS_PER_USER,
  },
  // Document kinds register their access rule here; any other kind is 404.
  authorize: createAuthorizer({
    db: database.db,
    trustProxy: env.TRUST_PROXY !== false,
    appOrigin: env.APP_URL,
    kinds: { proposal: proposalDocumentAccess(database.db) },
  }),
  clientIp: (req) => upgradeClientIp(req, env.TRUST_PROXY),
  // The rendered text (HTML, plain text, search) follows the live document, debounced.
  onDocumentChanged: async (docName, doc) => {
    const [kind, id] = docName.split(":");
    if (kind === "proposal") await storeRenderedBody(database.db, Number(id), doc);
  },
});
const app = createApp({
  env,
  logger,
  database,
  remix: build,
  mailer,
  rateLimits,
  redis,
  documents: collab.documents,
});
const server = createServer(app);
const voteClock = startVoteClock({
  db: database.db,
  documents: collab.documents,
  logger: logger.child({ component: "votes" }),
  intervalMs: env.VOTE_CLOCK_INTERVAL_MS,
});
routeUpgrades(server, collab);
server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  logger.info(
    {
      port,
      database: database.driver,
      dataDir: database.driver === "pglite" ? env.DATA_DIR : undefined,
    },
    `Yishi is listening on http://localhost:${port}`,
  );
});

onTerminationSignal(logger, () => {
  // Open WebSockets would keep the HTTP server from closing: they go first (clients reconnect,
  // elsewhere if there is another instance); rooms are written after the last request.
  collab.disconnect();
  return shutdownGracefully({
    server,
    logger,
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    resources: [
      { name: "vote clock", close: () => voteClock.stop() },
      // Collaborative edits are written before the database closes.
      { name: "collab", close: () => collab.close() },
      { name: "database", close: () => database.close() },
      ...(redis ? [{ name: "redis", close: () => redis.quit() }] : []),
    ],
  });
});
