import { randomBytes } from "node:crypto";
import { createServer, type AddressInfo, type Server, type Socket, connect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seedDemoAccounts, seedDemoCity, DEMO_PASSWORD } from "../../server/scripts/seed";
import { createDatabaseStore, type DocumentStore } from "../../server/collab/persistence";
import { createRedisBus } from "../../server/collab/redis-bus";
import { connectRedis, type RedisConnections } from "../../server/redis";
import { signIn } from "~/services/sessions.server";
import { createRateLimits } from "~/services/rate-limit.server";
import { eventually } from "../support/fixtures";
import { captureLogs, LEVEL, type LogLine } from "../support/captured-logs";
import {
  connectClient,
  sleep,
  startCollab,
  textOf,
  type TestClient,
} from "../support/collab-helpers";
import { startTestServer } from "../support/http-server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/** A port nothing listens on (taken, then given back). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const unreachable = (lines: LogLine[]) =>
  lines.filter((line) => line.msg.startsWith("Redis is unreachable"));
const reachable = (lines: LogLine[]) =>
  lines.filter((line) => line.msg.startsWith("Redis is reachable again"));

describe("Redis unreachable (a closed port)", () => {
  let test: TestDatabase;
  let store: DocumentStore;
  let redisUrl: string;
  const opened: RedisConnections[] = [];
  const clients: TestClient[] = [];
  const open = (logger = captureLogs().logger) => {
    const redis = connectRedis(redisUrl, logger);
    opened.push(redis);
    return redis;
  };

  beforeAll(async () => {
    test = await createTestDatabase("pglite");
    await seedDemoCity(test.handle.db);
    await seedDemoAccounts(test.handle.db);
    store = createDatabaseStore(test.handle.db);
    redisUrl = `redis://127.0.0.1:${await closedPort()}`;
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  afterAll(async () => {
    await Promise.all(opened.map((redis) => redis.quit()));
    await test.destroy();
  });

  it("sign-in answers within a second, limits count in memory, and the log says so once", async () => {
    const { logger, lines } = captureLogs();
    const redis = open(logger);
    const limits = createRateLimits(redis.client);
    const attempt = (password: string) =>
      signIn(test.handle.db, limits, {
        email: "resident@example.org",
        password,
        ip: "192.0.2.7",
        userAgent: "vitest",
        secure: false,
      });

    // Password hashing warmed up first (with limits in memory), so that what is timed is the wait.
    await signIn(test.handle.db, createRateLimits(), {
      email: "resident2@example.org",
      password: DEMO_PASSWORD,
      ip: "192.0.2.6",
      userAgent: "vitest",
      secure: false,
    });
    const started = Date.now();
    const result = await attempt(DEMO_PASSWORD);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.ok).toBe(true);

    // The per-instance limits still hold: five attempts per account and address, then a wait.
    const key = `someone-${randomBytes(4).toString("hex")}@example.org|192.0.2.8`;
    for (let i = 0; i < 5; i++) expect(await limits.consume("signInAccount", key)).toBeNull();
    const before = Date.now();
    expect(await limits.consume("signInAccount", key)).toBeGreaterThan(800);
    expect(await limits.blocked("signInAccount", key)).toBeGreaterThan(0);
    await limits.reset("signInAccount", key);
    expect(await limits.blocked("signInAccount", key)).toBeNull();
    expect(Date.now() - before).toBeLessThan(500);

    // ioredis keeps retrying in the background: one JSON line says so, however many attempts fail
    // (and nothing reaches stderr: the console guard fails the test otherwise).
    await sleep(1_500);
    expect(unreachable(lines)).toHaveLength(1);
    expect(unreachable(lines)[0]).toMatchObject({ level: LEVEL.warn, redis: "degraded" });
    expect(redis.state()).toBe("degraded");
  });

  it("/healthz reports Redis as degraded, and the app goes on answering", async () => {
    const redis = open();
    const server = await startTestServer({
      database: test.handle,
      redis,
      handler: (_req, res) => void res.send("page"),
    });
    try {
      const started = Date.now();
      const response = await fetch(`${server.url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: "degraded",
        database: "pglite",
        redis: "degraded",
      });
      expect(await (await fetch(`${server.url}/anything`)).text()).toBe("page");
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await server.close();
    }
  });

  it("the collaboration bus: the instance serves and stores its own clients' edits", async () => {
    const { logger, lines } = captureLogs();
    const redis = open(logger);
    const instance = await startCollab({
      store,
      logger,
      bus: createRedisBus(redis.client, redis.subscriber, { logger }),
    });
    try {
      const room = "doc:redis-down";
      const started = Date.now();
      const alice = connectClient(instance.url, room, "alice");
      const bob = connectClient(instance.url, room, "bob");
      clients.push(alice, bob);
      await Promise.all([alice.synced, bob.synced]);
      // The room did not wait for a subscription that cannot happen.
      expect(Date.now() - started).toBeLessThan(1_500);
      for (let i = 0; i < 20; i++) alice.text.insert(alice.text.length, `${i};`);
      bob.text.insert(0, "bob: ");
      await eventually(() => {
        expect(bob.text.toJSON()).toBe(alice.text.toJSON());
        expect(bob.text.toJSON()).toContain("19;");
      });
      await eventually(async () =>
        expect(textOf(await store.load(room))).toBe(alice.text.toJSON()),
      );
      // Nothing but the one line about Redis (no line per edit that could not be published).
      expect(lines.filter((line) => line.level >= LEVEL.warn)).toEqual(unreachable(lines));
      expect(unreachable(lines)).toHaveLength(1);
    } finally {
      await instance.close();
    }
  });
});

/** A TCP proxy in front of Redis that can be cut and restored on the same port (a network outage). */
async function redisProxy(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      server = createServer((downstream) => {
        const upstream = connect(Number(target.port || 6379), target.hostname);
        for (const socket of [downstream, upstream]) {
          sockets.add(socket);
          socket.on("error", () => socket.destroy());
          socket.on("close", () => {
            sockets.delete(socket);
            downstream.destroy();
            upstream.destroy();
          });
        }
        downstream.pipe(upstream).pipe(downstream);
      });
      server.listen(port, "127.0.0.1", () => resolve((server!.address() as AddressInfo).port));
    });
  const port = await listen(0);
  return {
    url: `redis://127.0.0.1:${port}`,
    async cut() {
      const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async restore() {
      await listen(port);
    },
  };
}

const testRedisUrl = process.env.TEST_REDIS_URL;
describe.runIf(Boolean(testRedisUrl))("Redis lost and back (TEST_REDIS_URL)", () => {
  let test: TestDatabase;
  let store: DocumentStore;
  beforeAll(async () => {
    test = await createTestDatabase("pglite");
    store = createDatabaseStore(test.handle.db);
  });
  afterAll(() => test.destroy());

  it("an instance that loses Redis serves its own clients, and resynchronises when it returns", async () => {
    const proxy = await redisProxy(new URL(testRedisUrl!));
    const logsA = captureLogs();
    const redisA = connectRedis(proxy.url, logsA.logger);
    const redisB = connectRedis(testRedisUrl!, captureLogs().logger);
    const a = await startCollab({
      store,
      bus: createRedisBus(redisA.client, redisA.subscriber, { logger: logsA.logger }),
    });
    const b = await startCollab({ store, bus: createRedisBus(redisB.client, redisB.subscriber) });
    const made: TestClient[] = [];
    try {
      await eventually(() => expect(redisA.state()).toBe("ok"));
      const room = `doc:outage-${randomBytes(4).toString("hex")}`;
      const alice = connectClient(a.url, room, "alice");
      const carol = connectClient(a.url, room, "carol");
      const bob = connectClient(b.url, room, "bob");
      made.push(alice, carol, bob);
      await Promise.all([alice.synced, carol.synced, bob.synced]);
      alice.text.insert(0, "before. ");
      await eventually(() => expect(bob.text.toJSON()).toBe("before. "));

      await proxy.cut();
      await eventually(() => expect(redisA.state()).toBe("degraded"));
      // Instance A goes on serving its own clients; B's do not hear of it for now.
      alice.text.insert(alice.text.length, "alice while away. ");
      bob.text.insert(0, "bob while away. ");
      await eventually(() => expect(carol.text.toJSON()).toBe("before. alice while away. "));
      const limits = createRateLimits(redisA.client);
      const started = Date.now();
      expect(await limits.consume("comment", "someone")).toBeNull();
      expect(Date.now() - started).toBeLessThan(1_000);
      await sleep(200);
      expect(bob.text.toJSON()).toBe("bob while away. before. ");

      await proxy.restore();
      await eventually(() => {
        expect(alice.text.toJSON()).toBe(bob.text.toJSON());
        expect(bob.text.toJSON()).toContain("alice while away. ");
        expect(alice.text.toJSON()).toContain("bob while away. ");
      }, 15_000);
      expect(redisA.state()).toBe("ok");
      expect(unreachable(logsA.lines)).toHaveLength(1);
      expect(reachable(logsA.lines)).toHaveLength(1);
      expect(reachable(logsA.lines)[0]).toMatchObject({ level: LEVEL.info, redis: "ok" });
    } finally {
      for (const client of made) client.destroy();
      await a.close();
      await b.close();
      await Promise.all([redisA.quit(), redisB.quit()]);
      await proxy.cut();
    }
  });
});
