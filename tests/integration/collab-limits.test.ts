import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { openDatabase } from "../../db/client";
import { LIVE_CLOSE_CODES } from "~/lib/live-documents";
import { SESSION_COOKIE } from "~/services/sessions.server";
import { createAuthorizer } from "../../server/collab/authorize";
import { EDITOR_SHARED_TYPES } from "../../server/collab/document-rules";
import { createDatabaseStore, type DocumentStore } from "../../server/collab/persistence";
import { eventually } from "../support/fixtures";
import { captureLogs, LEVEL } from "../support/captured-logs";
import {
  connectClient,
  sleep,
  startCollab,
  testAuthorize,
  textOf,
  type TestClient,
} from "../support/collab-helpers";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/** The HTTP status of an upgrade (101 when accepted; the socket is then kept in `open`). */
function upgrade(url: string, room: string, as: string, open: WebSocket[] = []) {
  return new Promise<{ status: number; retryAfter?: string }>((resolve) => {
    const ws = new WebSocket(`${url}/${room}?as=${as}`);
    ws.on("unexpected-response", (_req, res) =>
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] }),
    );
    ws.on("open", () => {
      open.push(ws);
      resolve({ status: 101 });
    });
    ws.on("error", () => {});
  });
}

/** Resolves with the code of the server's close, for good (the client does not reconnect). */
function closedFor(client: TestClient) {
  return new Promise<number>((resolve) =>
    client.provider.on("closed", ({ code }: { code: number }) => resolve(code)),
  );
}

describe("collaboration limits", () => {
  let test: TestDatabase;
  let store: DocumentStore;
  let clients: TestClient[] = [];
  const client = (url: string, room: string, as: string) => {
    const made = connectClient(url, room, as);
    clients.push(made);
    return made;
  };
  beforeAll(async () => {
    test = await createTestDatabase("pglite");
    store = createDatabaseStore(test.handle.db);
  });
  afterEach(() => {
    for (const made of clients) made.destroy();
    clients = [];
  });
  afterAll(() => test.destroy());

  it("refuses an edit that takes a document past its size (4413); the stored document is unchanged", async () => {
    const server = await startCollab({ store, limits: { maxDocumentBytes: 64 * 1024 } });
    try {
      const room = "doc:quota";
      const alice = client(server.url, room, "alice");
      const bob = client(server.url, room, "bob");
      await Promise.all([alice.synced, bob.synced]);
      // Room to write in: 50 KB in five edits.
      for (let i = 0; i < 5; i++) alice.text.insert(alice.text.length, `${i}`.repeat(10_000));
      await eventually(() => expect(bob.text.length).toBe(50_000));
      await eventually(async () => expect(textOf(await store.load(room))).toBe(bob.text.toJSON()));
      await sleep(100);
      const stored = await store.load(room);

      // 20 KB more would not fit: refused whole, and alice's client does not try again.
      const closed = closedFor(alice);
      alice.text.insert(0, "x".repeat(20_000));
      expect(await closed).toBe(LIVE_CLOSE_CODES.tooLarge);
      await sleep(200);
      expect(alice.provider.shouldConnect).toBe(false);
      expect(bob.text.length).toBe(50_000);
      expect(server.collab.rooms.get(room)!.doc.getText("body").length).toBe(50_000);
      expect(await store.load(room)).toEqual(stored);

      // Near the limit, an edit that leaves the document smaller is still taken (tried on a copy):
      // carol replaces 40 KB with 20 KB in one update.
      const carol = client(server.url, room, "carol");
      await carol.synced;
      carol.doc.transact(() => {
        carol.text.delete(0, 40_000);
        carol.text.insert(0, "y".repeat(20_000));
      });
      await eventually(() => expect(bob.text.length).toBe(30_000));
      await eventually(async () =>
        expect(textOf(await store.load(room))).toBe(`${"y".repeat(20_000)}${"4".repeat(10_000)}`),
      );
      expect(carol.provider.wsconnected).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("refuses top-level types the editor does not use (4415), and takes the editor's own", async () => {
    const server = await startCollab({ store, sharedTypes: EDITOR_SHARED_TYPES });
    try {
      const room = "doc:types";
      const editor = client(server.url, room, "alice");
      await editor.synced;
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("议事")]);
      editor.doc.getXmlFragment("default").insert(0, [paragraph]);
      await eventually(async () => expect(await store.load(room)).not.toBeNull());
      await sleep(100);
      const stored = await store.load(room);

      const junk = client(server.url, room, "mallory");
      await junk.synced;
      const refused = closedFor(junk);
      junk.doc.getMap("junk").set("blob", "x".repeat(100_000));
      expect(await refused).toBe(LIVE_CLOSE_CODES.unsupportedType);

      // The editor's fragment used as a map (keys) is refused too.
      const keyed = client(server.url, room, "mallory-2");
      await keyed.synced;
      const refusedToo = closedFor(keyed);
      keyed.doc.getMap("default").set("blob", "x");
      expect(await refusedToo).toBe(LIVE_CLOSE_CODES.unsupportedType);

      await sleep(150);
      const live = server.collab.rooms.get(room)!.doc;
      expect([...live.share.keys()]).toEqual(["default"]);
      expect(await store.load(room)).toEqual(stored);
      expect(editor.provider.wsconnected).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("caps connections per signed-in person and, higher, per address", async () => {
    const server = await startCollab({
      store,
      limits: { maxConnectionsPerUser: 3, maxConnectionsPerIp: 5 },
    });
    const open: WebSocket[] = [];
    try {
      for (let i = 0; i < 3; i++)
        expect(await upgrade(server.url, `doc:cap-${i}`, "alice", open)).toEqual({ status: 101 });
      // A fourth tab of the same person, on any document, waits for one to close.
      expect((await upgrade(server.url, "doc:cap-9", "alice", open)).status).toBe(429);
      // Others at the same address still come in, up to the address's cap.
      expect((await upgrade(server.url, "doc:cap-0", "bob", open)).status).toBe(101);
      expect((await upgrade(server.url, "doc:cap-0", "carol", open)).status).toBe(101);
      expect((await upgrade(server.url, "doc:cap-0", "dan", open)).status).toBe(429);
      // A closed tab gives its places back.
      open[0]!.close();
      await eventually(async () =>
        expect((await upgrade(server.url, "doc:cap-9", "alice", open)).status).toBe(101),
      );
    } finally {
      for (const ws of open) ws.terminate();
      await server.close();
    }
  });

  it("answers an upgrade 503 at once while the database does not answer", async () => {
    // A database server that accepts connections and never says a word (a network outage).
    const silent: Socket[] = [];
    const blackhole = createServer((socket) => void silent.push(socket));
    await new Promise<void>((resolve) => blackhole.listen(0, "127.0.0.1", resolve));
    const { port } = blackhole.address() as AddressInfo;
    const database = await openDatabase({
      driver: "postgres",
      url: `postgres://yishi@127.0.0.1:${port}/yishi`,
      maxConnections: 1,
    });
    const authorize = createAuthorizer({
      db: database.db,
      trustProxy: false,
      kinds: { doc: () => Promise.resolve("edit") },
    });
    const { logger, lines } = captureLogs();
    const server = await startCollab({
      store,
      logger,
      limits: { authorizeTimeoutMs: 300, unavailableMs: 1_000 },
      // The real authoriser (it reads the session from the database), with a session cookie.
      authorize: (req, docName) => {
        req.headers.cookie = `${SESSION_COOKIE}=some-session-id`;
        return authorize(req, docName);
      },
    });
    try {
      let started = Date.now();
      expect(await upgrade(server.url, "doc:outage", "alice")).toEqual({
        status: 503,
        retryAfter: "1",
      });
      expect(Date.now() - started).toBeLessThan(1_000);
      // The next ones are answered without waiting at all.
      started = Date.now();
      for (let i = 0; i < 5; i++)
        expect((await upgrade(server.url, "doc:outage", "bob")).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(300);
      const failures = lines.filter((line) => line.msg.startsWith("collab authorisation failed"));
      expect(failures).toHaveLength(1);
    } finally {
      await server.close();
      if (database.driver === "postgres") await database.client.end({ timeout: 0 });
      for (const socket of silent) socket.destroy();
      blackhole.close();
    }
  });

  it("a burst of ten thousand messages is a line or two of warnings, each with its count", async () => {
    const { logger, lines } = captureLogs();
    const server = await startCollab({
      store,
      logger,
      authorize: testAuthorize,
      limits: { maxMessagesPerSecond: 50, logWindowMs: 2_000 },
    });
    try {
      const bursts = ["mallory", "mallory-2", "mallory-3"].map(
        (as) =>
          new Promise<number>((resolve) => {
            const ws = new WebSocket(`${server.url}/doc:burst?as=${as}`);
            ws.on("open", () => {
              // Query-awareness messages: valid, and cheap for everyone but the rate limit.
              for (let i = 0; i < 10_000; i++) ws.send(new Uint8Array([3]));
            });
            ws.on("close", (code) => resolve(code));
            ws.on("error", () => {});
          }),
      );
      expect(await Promise.all(bursts)).toEqual([1008, 1008, 1008]);
      // Three connections from one address closed for the same reason: one line at once, and one
      // with the count of the repeats when the window ends.
      const closing = () => lines.filter((line) => line.msg.startsWith("closing a collab"));
      const counted = () => closing().reduce((sum, line) => sum + (line.count ?? 0), 0);
      await eventually(() => expect(counted()).toBe(3), 10_000);
      expect(closing()[0]).toMatchObject({
        level: LEVEL.warn,
        count: 1,
        reason: "too many messages",
      });
      expect(closing().length).toBeLessThanOrEqual(2);
      // A client's mistakes are never errors, and nothing else was logged about them.
      expect(lines.filter((line) => line.level >= LEVEL.error)).toEqual([]);
      expect(lines.filter((line) => line.level >= LEVEL.warn)).toEqual(closing());
    } finally {
      await server.close();
    }
  });

  it("a stock client that is refused for good does not come back", () => {
    // The provider's own rule (4400–4499 are final) is what keeps a refused client from looping.
    const provider = new WebsocketProvider("ws://127.0.0.1:9", "doc:x", new Y.Doc(), {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      connect: false,
    });
    try {
      for (const code of Object.values(LIVE_CLOSE_CODES))
        expect(provider.shouldReconnect({ code } as CloseEvent, provider)).toBe(false);
    } finally {
      provider.destroy();
    }
  });
});
