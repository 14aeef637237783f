import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { collabUpdates } from "../../db/schema";
import type { Bus, Subscription } from "../../server/collab/bus";
import { createDatabaseStore, type DocumentStore } from "../../server/collab/persistence";
import { createRedisBus } from "../../server/collab/redis-bus";
import type { CollabLimits } from "../../server/collab/server";
import {
  connectClient,
  sleep,
  startCollab,
  textOf,
  type TestClient,
} from "../support/collab-helpers";
import { eventually } from "../support/fixtures";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

/**
 * An in-memory stand-in for Redis pub/sub: every bus made by one hub hears every channel it
 * subscribed to, its own messages included (as with Redis), delivered asynchronously. `lose` drops
 * messages (a broken connection) and `reconnect` tells every bus it is back.
 */
function createMemoryHub() {
  const channels = new Map<string, Set<(message: Uint8Array) => void>>();
  const reconnectListeners = new Set<() => void>();
  const hub = {
    lose: false,
    bus(): Bus {
      return {
        publish(channel, message) {
          if (hub.lose) return;
          const copy = message.slice();
          setImmediate(() => {
            for (const handler of [...(channels.get(channel) ?? [])]) handler(copy);
          });
        },
        subscribe(channel, handler): Subscription {
          let set = channels.get(channel);
          if (!set) channels.set(channel, (set = new Set()));
          const own = (message: Uint8Array) => handler(message);
          set.add(own);
          return { ready: Promise.resolve(), unsubscribe: () => void set.delete(own) };
        },
        onReconnect(listener) {
          reconnectListeners.add(listener);
          return () => reconnectListeners.delete(listener);
        },
      };
    },
    reconnect() {
      for (const listener of reconnectListeners) listener();
    },
  };
  return hub;
}

interface BusFactory {
  /** A new bus on the shared medium (one per server). */
  bus(): Bus;
  close(): Promise<void>;
}

function memoryFactory(): BusFactory & { hub: ReturnType<typeof createMemoryHub> } {
  const hub = createMemoryHub();
  return { hub, bus: () => hub.bus(), close: () => Promise.resolve() };
}

function redisFactory(url: string): BusFactory {
  const connections: Redis[] = [];
  return {
    bus() {
      const publisher = new Redis(url, { maxRetriesPerRequest: 2 });
      const subscriber = new Redis(url, { maxRetriesPerRequest: 2 });
      connections.push(publisher, subscriber);
      return createRedisBus(publisher, subscriber);
    },
    async close() {
      await Promise.all(connections.map((connection) => connection.quit()));
    },
  };
}

/** The struct ranges of every stored row must be disjoint: each update was stored exactly once. */
async function expectStoredOnce(test: TestDatabase, docName: string) {
  const rows = await test.handle.db
    .select({ update: collabUpdates.update })
    .from(collabUpdates)
    .where(eq(collabUpdates.docName, docName));
  expect(rows.length).toBeGreaterThan(0);
  const seen = new Map<number, Array<[number, number]>>();
  for (const { update } of rows) {
    for (const struct of Y.decodeUpdate(update).structs) {
      if (struct instanceof Y.Skip) continue;
      const ranges = seen.get(struct.id.client) ?? [];
      const start = struct.id.clock;
      const end = start + struct.length;
      for (const [from, to] of ranges) {
        if (start < to && from < end)
          throw new Error(`client ${struct.id.client} clocks ${start}–${end} are stored twice`);
      }
      ranges.push([start, end]);
      seen.set(struct.id.client, ranges);
    }
  }
  return rows.length;
}

function busSuite(name: string, makeFactory: () => BusFactory & { hub?: { lose: boolean } }) {
  describe.each(TEST_DRIVERS)(`${name} (%s)`, (driver) => {
    let test: TestDatabase;
    let store: DocumentStore;
    let factory: BusFactory & { hub?: ReturnType<typeof createMemoryHub> };
    let clients: TestClient[] = [];
    let servers: Array<Awaited<ReturnType<typeof startCollab>>> = [];
    // Unique per run: a Redis server may be shared with other runs.
    const run = randomBytes(4).toString("hex");
    const docName = (label: string) => `doc:${label}-${run}`;

    const client = (server: { url: string }, room: string, as: string) => {
      const made = connectClient(server.url, room, as);
      clients.push(made);
      return made;
    };
    const instance = async (limits?: Partial<CollabLimits>, instanceStore = store) => {
      const server = await startCollab({ store: instanceStore, bus: factory.bus(), limits });
      servers.push(server);
      return server;
    };

    beforeAll(async () => {
      test = await createTestDatabase(driver);
      store = createDatabaseStore(test.handle.db);
      factory = makeFactory() as typeof factory;
    });
    afterEach(async () => {
      for (const made of clients) made.destroy();
      clients = [];
      // One after the other, as instances stop in a rolling restart.
      for (const server of servers) await server.close();
      servers = [];
    });
    afterAll(async () => {
      await factory.close();
      await test.destroy();
    });

    it("carries edits both ways; only the receiving instance stores each one", async () => {
      const [a, b] = [await instance(), await instance()];
      const room = docName("both-ways");
      const alice = client(a, room, "alice");
      const bob = client(b, room, "bob");
      await Promise.all([alice.synced, bob.synced]);
      for (let i = 0; i < 15; i++) {
        alice.text.insert(alice.text.length, `a${i};`);
        bob.text.insert(0, `b${i};`);
        await sleep(5);
      }
      await eventually(() => {
        expect(alice.text.toJSON()).toBe(bob.text.toJSON());
        for (let i = 0; i < 15; i++) expect(alice.text.toJSON()).toContain(`a${i};`);
        for (let i = 0; i < 15; i++) expect(alice.text.toJSON()).toContain(`b${i};`);
      });
      await eventually(async () =>
        expect(textOf(await store.load(room))).toBe(alice.text.toJSON()),
      );
      await sleep(100);
      // Both instances wrote (each its own client's edits) and nothing twice.
      expect(await expectStoredOnce(test, room)).toBeGreaterThanOrEqual(2);
      // Stopping both (each writes what it holds) still stores nothing twice.
      for (const made of clients) made.destroy();
      clients = [];
      await a.close();
      await b.close();
      await expectStoredOnce(test, room);
      expect(textOf(await store.load(room))).toBe(alice.text.toJSON());
    });

    it("carries presence, with the session's name; echoes do not take another instance's client", async () => {
      const [a, b] = [await instance(), await instance()];
      const room = docName("presence");
      const alice = client(a, room, "alice");
      const bob = client(b, room, "bob");
      const carol = client(b, room, "carol");
      await Promise.all([alice.synced, bob.synced, carol.synced]);
      const seenBy = (who: TestClient) =>
        who.provider.awareness.getStates().get(alice.doc.clientID) as
          { user?: { name: string; color?: string } } | undefined;
      alice.provider.awareness.setLocalStateField("user", { name: "Admin (fake)", color: "#c00" });
      await eventually(() => {
        expect(seenBy(bob)?.user).toEqual({ name: "alice (from the session)", color: "#c00" });
        expect(seenBy(carol)?.user).toEqual({ name: "alice (from the session)", color: "#c00" });
      });
      // Bob's client echoed alice's state to instance B; when bob leaves, alice stays present there.
      bob.destroy();
      await sleep(150);
      alice.provider.awareness.setLocalStateField("user", { name: "x", color: "#0a0" });
      await eventually(() =>
        expect(seenBy(carol)?.user).toEqual({ name: "alice (from the session)", color: "#0a0" }),
      );
      // And bob's presence (on B) reached alice (on A), then went away with him.
      await eventually(() =>
        expect(alice.provider.awareness.getStates().has(bob.doc.clientID)).toBe(false),
      );
      carol.provider.awareness.setLocalStateField("user", { name: "c", color: "#00f" });
      await eventually(() =>
        expect(
          (alice.provider.awareness.getStates().get(carol.doc.clientID) as { user?: object })?.user,
        ).toEqual({ name: "carol (from the session)", color: "#00f" }),
      );
      // Alice leaves: carol sees her go.
      alice.destroy();
      await eventually(() => expect(seenBy(carol)).toBeUndefined());
    });

    it("an instance that opens a document late gets the edits another has not written yet", async () => {
      const a = await instance({ flushDelayMs: 60_000 });
      const b = await instance();
      const room = docName("late");
      const alice = client(a, room, "alice");
      await alice.synced;
      alice.text.insert(0, "not written yet");
      await sleep(100);
      expect(await store.load(room)).toBeNull();
      const bob = client(b, room, "bob");
      await bob.synced;
      await eventually(() => expect(bob.text.toJSON()).toBe("not written yet"));
      // Instance A still writes it (once) when it stops.
      await a.close();
      expect(textOf(await store.load(room))).toBe("not written yet");
      await b.close();
      await expectStoredOnce(test, room);
    });

    it("transact on one instance reaches clients of the other; reauthorize closes connections on both", async () => {
      const [a, b] = [await instance(), await instance()];
      const room = docName("server-side");
      const alice = client(a, room, "alice");
      const bob = client(b, room, "bob");
      await Promise.all([alice.synced, bob.synced]);
      alice.text.insert(0, "draft. ");
      await eventually(() => expect(bob.text.toJSON()).toBe("draft. "));
      await b.collab.documents.transact(room, (doc) => {
        const body = doc.getText("body");
        body.insert(body.length, "Frozen by the server.");
      });
      await eventually(() => expect(alice.text.toJSON()).toBe("draft. Frozen by the server."));
      expect(textOf(await a.collab.documents.state(room))).toBe("draft. Frozen by the server.");
      await eventually(async () => {
        expect(textOf(await store.load(room))).toBe("draft. Frozen by the server.");
        await expectStoredOnce(test, room);
      });

      const codes: Array<number | undefined> = [];
      for (const { provider } of [alice, bob])
        provider.on("connection-close", (event) => codes.push(event?.code));
      a.collab.documents.reauthorize(room);
      await eventually(() => expect(codes).toEqual([4001, 4001]));
      await eventually(() => expect(alice.provider.synced && bob.provider.synced).toBe(true));
      bob.text.insert(0, "Reconnected. ");
      await eventually(() => expect(alice.text.toJSON()).toMatch(/^Reconnected\. /));
    });

    it("edits another instance received but never wrote are written before this one forgets them", async () => {
      // Instance A "crashes" before writing: its writes go nowhere.
      const lost: DocumentStore = { ...store, append: () => Promise.resolve() };
      const a = await instance({}, lost);
      const b = await instance({ idleUnloadMs: 100 });
      const room = docName("orphaned");
      const alice = client(a, room, "alice");
      const bob = client(b, room, "bob");
      await Promise.all([alice.synced, bob.synced]);
      alice.text.insert(0, "only instance A received this");
      await eventually(() => expect(bob.text.toJSON()).toBe("only instance A received this"));
      await a.close();
      alice.destroy();
      expect(await store.load(room)).toBeNull();
      // Bob leaves; B unloads the room and writes what the store lacks.
      bob.destroy();
      await eventually(() => expect(b.collab.rooms.has(room)).toBe(false));
      await eventually(async () =>
        expect(textOf(await store.load(room))).toBe("only instance A received this"),
      );
    });

    if (name.includes("memory"))
      it("after the bus lost messages, a reconnect resynchronises the instances", async () => {
        const [a, b] = [await instance(), await instance()];
        const room = docName("resync");
        const alice = client(a, room, "alice");
        const bob = client(b, room, "bob");
        await Promise.all([alice.synced, bob.synced]);
        factory.hub!.lose = true;
        alice.text.insert(0, "sent while the bus was down");
        await sleep(100);
        expect(bob.text.toJSON()).toBe("");
        factory.hub!.lose = false;
        factory.hub!.reconnect();
        await eventually(() => expect(bob.text.toJSON()).toBe("sent while the bus was down"));
      });
  });
}

busSuite("two instances on an in-memory bus", memoryFactory);

const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) {
  busSuite("two instances on a Redis bus", () => redisFactory(redisUrl));
} else {
  describe.skip("two instances on a Redis bus (skipped: TEST_REDIS_URL is not set)", () => {
    it("needs Redis", () => {});
  });
}
