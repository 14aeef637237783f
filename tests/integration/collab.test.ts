import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createDatabaseStore, type DocumentStore } from "../../server/collab/persistence";
import {
  createCollabServer,
  type Authorization,
  type CollabLimits,
} from "../../server/collab/server";
import { routeUpgrades } from "../../server/collab/upgrade";
import { eventually } from "../support/fixtures";
import { silentLogger } from "../support/http-server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/** Who is asking comes from `?as=`: readers (`?as=reader-…`) get read-only access, others edit. */
function testAuthorize(req: IncomingMessage, docName: string): Promise<Authorization> {
  return Promise.resolve(decide(req, docName));
}

function decide(req: IncomingMessage, docName: string): Authorization {
  const as = new URL(req.url ?? "/", "http://x").searchParams.get("as");
  if (!docName.startsWith("doc:")) return { ok: false, status: 404 };
  if (!as) return { ok: false, status: 401 };
  const access = as.startsWith("reader") ? "read" : "edit";
  return { ok: true, access, user: { id: as, name: `${as} (from the session)` } };
}

async function startCollab(store: DocumentStore, limits?: Partial<CollabLimits>) {
  const collab = createCollabServer({
    store,
    logger: silentLogger,
    authorize: testAuthorize,
    sharedTypes: { body: "text" },
    limits: { flushDelayMs: 30, idleUnloadMs: 60_000, ...limits },
  });
  const server: Server = createServer((_req, res) => res.end());
  routeUpgrades(server, collab);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    collab,
    server,
    url: `ws://127.0.0.1:${port}/collab`,
    async close() {
      await collab.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const providers: WebsocketProvider[] = [];
function client(url: string, room: string, as: string | null) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: as ? { as } : {},
    disableBc: true,
  });
  providers.push(provider);
  const synced = new Promise<void>((resolve) =>
    provider.once("sync", (isSynced: boolean) => isSynced && resolve()),
  );
  return { doc, provider, synced, text: doc.getText("body") };
}

/** Opens a raw WebSocket and resolves with the close code the server sends. */
function rawClose(url: string, room: string, send: (ws: WebSocket) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}/${room}?as=mallory`);
    ws.on("open", () => send(ws));
    ws.on("close", (code) => resolve(code));
    ws.on("error", reject);
  });
}

describe("collaboration server", () => {
  let test: TestDatabase;
  let store: DocumentStore;
  let server: Awaited<ReturnType<typeof startCollab>>;
  beforeAll(async () => {
    test = await createTestDatabase("pglite");
    store = createDatabaseStore(test.handle.db);
    server = await startCollab(store, { maxMessageBytes: 64 * 1024 });
  });
  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await server.close();
    await test.destroy();
  });

  it("lets two editors converge", async () => {
    const alice = client(server.url, "doc:edit-1", "alice");
    const bob = client(server.url, "doc:edit-1", "bob");
    await Promise.all([alice.synced, bob.synced]);
    alice.text.insert(0, "众人的事情");
    bob.text.insert(0, "Hello ");
    await eventually(() => {
      expect(alice.text.toJSON()).toBe(bob.text.toJSON());
      expect(alice.text.toJSON()).toContain("众人的事情");
      expect(alice.text.toJSON()).toContain("Hello ");
    });
  });

  it("drops a read-only client's changes, and still sends it everyone else's", async () => {
    const alice = client(server.url, "doc:edit-2", "alice");
    const reader = client(server.url, "doc:edit-2", "reader-carol");
    await Promise.all([alice.synced, reader.synced]);
    reader.text.insert(0, "forged ");
    alice.text.insert(0, "real text");
    await eventually(() => expect(reader.text.toJSON()).toContain("real text"));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(alice.text.toJSON()).toBe("real text");
    expect(server.collab.rooms.get("doc:edit-2")!.doc.getText("body").toJSON()).toBe("real text");
  });

  it("persists edits in batches, and a restarted server serves them to a fresh client", async () => {
    const alice = client(server.url, "doc:edit-3", "alice");
    await alice.synced;
    for (let i = 0; i < 20; i++) alice.text.insert(alice.text.length, `${i},`);
    await eventually(async () => {
      const state = await store.load("doc:edit-3");
      expect(state).not.toBeNull();
    });
    // Fewer rows than edits: updates were written in batches.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await store.logLength("doc:edit-3")).toBeLessThan(20);

    // A second server on the same store, with a store that answers slowly: the fresh client must not
    // be told it is synced before the stored text has arrived.
    const slow: DocumentStore = {
      ...store,
      load: async (name) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return store.load(name);
      },
    };
    const restarted = await startCollab(slow);
    try {
      const fresh = client(restarted.url, "doc:edit-3", "bob");
      await fresh.synced;
      expect(fresh.text.toJSON()).toBe(alice.text.toJSON());
      expect(fresh.text.toJSON()).toContain("19,");
    } finally {
      await restarted.close();
    }
  });

  it("compacts the log into a snapshot without losing anything", async () => {
    const local = await startCollab(store, { compactAfter: 3, flushDelayMs: 5 });
    try {
      const alice = client(local.url, "doc:edit-4", "alice");
      await alice.synced;
      for (let i = 0; i < 10; i++) {
        alice.text.insert(alice.text.length, `line ${i}\n`);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      await eventually(async () => {
        const state = (await store.load("doc:edit-4"))!;
        const copy = new Y.Doc();
        Y.applyUpdate(copy, state);
        expect(copy.getText("body").toJSON()).toBe(alice.text.toJSON());
      });
      expect(await store.logLength("doc:edit-4")).toBeLessThan(10);
    } finally {
      await local.close();
    }
  });

  it("shows the name from the session, not the one the client claims", async () => {
    const alice = client(server.url, "doc:edit-5", "alice");
    const bob = client(server.url, "doc:edit-5", "bob");
    await Promise.all([alice.synced, bob.synced]);
    alice.provider.awareness.setLocalStateField("user", { name: "Admin (fake)", color: "#c00" });
    await eventually(() => {
      const seen = bob.provider.awareness.getStates().get(alice.doc.clientID) as
        { user?: { name: string; color?: string } } | undefined;
      expect(seen?.user).toEqual({ name: "alice (from the session)", color: "#c00" });
    });
  });

  it("refuses upgrades without a session (401) and for documents that do not exist (404)", async () => {
    const status = (room: string, as: string | null) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${server.url}/${room}${as ? `?as=${as}` : ""}`);
        ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.on("open", () => resolve(101));
        ws.on("error", () => {});
      });
    expect(await status("doc:edit-1", null)).toBe(401);
    expect(await status("nothing:1", "alice")).toBe(404);
    expect(await status("not-a-doc-name", "alice")).toBe(404);
  });

  it("disconnect lets the HTTP server close with clients connected; close then writes their edits", async () => {
    const local = await startCollab(store, { flushDelayMs: 60_000 });
    const alice = client(local.url, "doc:edit-7", "alice");
    await alice.synced;
    alice.text.insert(0, "written at shutdown");
    await eventually(() =>
      expect(local.collab.rooms.get("doc:edit-7")?.doc.getText("body").toJSON()).toBe(
        "written at shutdown",
      ),
    );
    // An open WebSocket would keep server.close() waiting forever.
    local.collab.disconnect();
    const started = Date.now();
    await new Promise<void>((resolve) => local.server.close(() => resolve()));
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(await store.load("doc:edit-7")).toBeNull();
    await local.collab.close();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, (await store.load("doc:edit-7"))!);
    expect(copy.getText("body").toJSON()).toBe("written at shutdown");
    await local.close();
  });

  it("closes only the connection that misbehaves", async () => {
    const alice = client(server.url, "doc:edit-6", "alice");
    const bob = client(server.url, "doc:edit-6", "bob");
    await Promise.all([alice.synced, bob.synced]);
    expect(await rawClose(server.url, "doc:edit-6", (ws) => ws.send("-1"))).toBe(1003);
    expect(
      await rawClose(server.url, "doc:edit-6", (ws) =>
        ws.send(new Uint8Array([0, 9, 255, 255, 255])),
      ),
    ).toBe(1002);
    expect(await rawClose(server.url, "doc:edit-6", (ws) => ws.send(new Uint8Array([42])))).toBe(
      1002,
    );
    expect(
      await rawClose(server.url, "doc:edit-6", (ws) => ws.send(new Uint8Array(200 * 1024))),
    ).toBe(1009);
    const deep = JSON.stringify({ a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } });
    const awareness = (json: string) => {
      const bytes = new TextEncoder().encode(json);
      // message type 1, payload length, one entry: client 7, clock 1, the JSON
      const payload = [1, 7, 1, ...varUint(bytes.length), ...bytes];
      return new Uint8Array([1, ...varUint(payload.length), ...payload]);
    };
    expect(await rawClose(server.url, "doc:edit-6", (ws) => ws.send(awareness(deep)))).toBe(1008);
    expect(
      await rawClose(server.url, "doc:edit-6", (ws) =>
        ws.send(awareness(JSON.stringify({ x: "y".repeat(5000) }))),
      ),
    ).toBe(1008);
    // The others go on editing.
    alice.text.insert(0, "still here");
    await eventually(() => expect(bob.text.toJSON()).toBe("still here"));
  });
});

function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
