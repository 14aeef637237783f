import type { IncomingMessage } from "node:http";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createDatabaseStore, type DocumentStore } from "../../server/collab/persistence";
import {
  connectClient,
  sleep,
  startCollab,
  testAuthorize,
  textOf,
  type TestClient,
} from "../support/collab-helpers";
import { eventually } from "../support/fixtures";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

function update(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("body").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe.each(TEST_DRIVERS)("live documents and the render hook (%s)", (driver) => {
  let test: TestDatabase;
  let store: DocumentStore;
  let server: Awaited<ReturnType<typeof startCollab>>;
  const renders: Array<{ docName: string; text: string }> = [];
  const authorized: string[] = [];
  let clients: TestClient[] = [];
  const client = (url: string, room: string, as: string) => {
    const made = connectClient(url, room, as);
    clients.push(made);
    return made;
  };
  const rendersOf = (docName: string) => renders.filter((r) => r.docName === docName);

  beforeAll(async () => {
    test = await createTestDatabase(driver);
    store = createDatabaseStore(test.handle.db);
    server = await startCollab({
      store,
      limits: { renderDelayMs: 150, idleUnloadMs: 300 },
      authorize: (req: IncomingMessage, docName: string) => {
        authorized.push(docName);
        return testAuthorize(req, docName);
      },
      onDocumentChanged: (docName, doc) => {
        renders.push({ docName, text: doc.getText("body").toJSON() });
        return Promise.resolve();
      },
    });
  });
  afterEach(() => {
    for (const made of clients) made.destroy();
    clients = [];
  });
  afterAll(async () => {
    await server.close();
    await test.destroy();
  });

  it("state: an empty document, then the stored state, then the live one", async () => {
    const { documents } = server.collab;
    expect(textOf(await documents.state("doc:nothing-yet"))).toBe("");
    expect(server.collab.rooms.has("doc:nothing-yet")).toBe(false);

    await store.append("doc:state", [update("stored ")]);
    expect(textOf(await documents.state("doc:state"))).toBe("stored ");
    expect(server.collab.rooms.has("doc:state")).toBe(false);

    const alice = client(server.url, "doc:state", "alice");
    await alice.synced;
    alice.text.insert(alice.text.length, "and live");
    // The live copy, before (or whether or not) it is written.
    await eventually(async () =>
      expect(textOf(await documents.state("doc:state"))).toBe("stored and live"),
    );
  });

  it("transact: changes a document nobody has open, writes and renders it before resolving, and the room unloads when idle", async () => {
    const { documents } = server.collab;
    await documents.transact("doc:server-only", (doc) => {
      doc.getText("body").insert(0, "from the server");
    });
    // A caller that reads the database next sees the change, and the rendered text is up to date.
    expect(textOf(await store.load("doc:server-only"))).toBe("from the server");
    expect(rendersOf("doc:server-only")).toEqual([
      { docName: "doc:server-only", text: "from the server" },
    ]);
    await eventually(() => expect(server.collab.rooms.has("doc:server-only")).toBe(false));
    // Unloading renders nothing more: nothing changed since.
    expect(rendersOf("doc:server-only")).toHaveLength(1);

    // A second change builds on the stored state.
    await documents.transact("doc:server-only", (doc) => {
      doc.getText("body").insert(0, "again, ");
    });
    expect(textOf(await store.load("doc:server-only"))).toBe("again, from the server");
    await expect(documents.transact("not a name", () => {})).rejects.toThrow(/document name/);
  });

  it("transact: everyone connected sees the change at once", async () => {
    const alice = client(server.url, "doc:shared", "alice");
    const bob = client(server.url, "doc:shared", "bob");
    await Promise.all([alice.synced, bob.synced]);
    alice.text.insert(0, "alice wrote this. ");
    await eventually(() => expect(bob.text.toJSON()).toBe("alice wrote this. "));
    await server.collab.documents.transact("doc:shared", (doc) => {
      const body = doc.getText("body");
      body.insert(body.length, "The server froze it.");
    });
    await eventually(() => {
      expect(alice.text.toJSON()).toBe("alice wrote this. The server froze it.");
      expect(bob.text.toJSON()).toBe(alice.text.toJSON());
    });
    expect(textOf(await store.load("doc:shared"))).toBe("alice wrote this. The server froze it.");
  });

  it("reauthorize: closes every connection with 4001, and the stock client reconnects and is authorised again", async () => {
    const alice = client(server.url, "doc:reauth", "alice");
    const bob = client(server.url, "doc:reauth", "bob");
    await Promise.all([alice.synced, bob.synced]);
    const closes: Array<{ code?: number; reason?: string }> = [];
    for (const { provider } of [alice, bob])
      provider.on("connection-close", (event) =>
        closes.push({ code: event?.code, reason: event?.reason }),
      );
    const before = authorized.filter((name) => name === "doc:reauth").length;
    server.collab.documents.reauthorize("doc:reauth");
    await eventually(() =>
      expect(closes).toEqual([
        { code: 4001, reason: "access changed" },
        { code: 4001, reason: "access changed" },
      ]),
    );
    await eventually(() => {
      expect(authorized.filter((name) => name === "doc:reauth").length).toBe(before + 2);
      expect(alice.provider.synced && bob.provider.synced).toBe(true);
    });
    alice.text.insert(0, "after reconnecting");
    await eventually(() => expect(bob.text.toJSON()).toBe("after reconnecting"));
  });

  it("render hook: many edits make few calls, at most one per delay, and the last sees the final text", async () => {
    const alice = client(server.url, "doc:render", "alice");
    await alice.synced;
    const started = Date.now();
    for (let i = 0; i < 50; i++) {
      alice.text.insert(alice.text.length, `${i % 10}`);
      await sleep(10);
    }
    const typingMs = Date.now() - started;
    await eventually(() => expect(rendersOf("doc:render").at(-1)?.text).toBe(alice.text.toJSON()));
    const calls = rendersOf("doc:render").length;
    expect(calls).toBeGreaterThanOrEqual(2);
    // Trailing calls at most once per 150 ms (plus the last one after typing stopped).
    expect(calls).toBeLessThanOrEqual(Math.ceil(typingMs / 150) + 1);
    await sleep(300);
    expect(rendersOf("doc:render")).toHaveLength(calls);
  });

  it("render hook: runs once before a room unloads or the server closes, if changes are waiting", async () => {
    const calls: string[] = [];
    const local = await startCollab({
      store,
      limits: { renderDelayMs: 60_000, idleUnloadMs: 100 },
      onDocumentChanged: (docName, doc) => {
        calls.push(`${docName}=${doc.getText("body").toJSON()}`);
        return Promise.resolve();
      },
    });
    try {
      const alice = client(local.url, "doc:unload-render", "alice");
      const bob = client(local.url, "doc:close-render", "bob");
      await Promise.all([alice.synced, bob.synced]);
      alice.text.insert(0, "typed then left");
      bob.text.insert(0, "typed until shutdown");
      await sleep(100);
      expect(calls).toEqual([]);
      // Alice leaves: the idle room unloads, rendering first.
      alice.destroy();
      await eventually(() => expect(calls).toEqual(["doc:unload-render=typed then left"]));
      expect(local.collab.rooms.has("doc:unload-render")).toBe(false);
      await local.close();
      expect(calls).toEqual([
        "doc:unload-render=typed then left",
        "doc:close-render=typed until shutdown",
      ]);
    } finally {
      await local.close();
    }
  });

  it("render hook: its errors are logged and never get in the way of editing", async () => {
    const logged: string[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => void logged.push(line) });
    const local = await startCollab({
      store,
      logger,
      limits: { renderDelayMs: 20 },
      onDocumentChanged: () => Promise.reject(new Error("renderer is broken")),
    });
    try {
      const alice = client(local.url, "doc:render-fails", "alice");
      const bob = client(local.url, "doc:render-fails", "bob");
      await Promise.all([alice.synced, bob.synced]);
      for (let i = 0; i < 5; i++) {
        alice.text.insert(alice.text.length, `a${i} `);
        await sleep(30);
      }
      bob.text.insert(0, "b ");
      await eventually(() => {
        expect(bob.text.toJSON()).toBe(alice.text.toJSON());
        expect(bob.text.toJSON()).toContain("a4 ");
        expect(alice.text.toJSON()).toContain("b ");
      });
      await local.collab.documents.transact("doc:render-fails", (doc) => {
        doc.getText("body").insert(0, "server ");
      });
      await eventually(() => expect(alice.text.toJSON()).toMatch(/^server /));
      expect(logged.some((line) => line.includes("renderer is broken"))).toBe(true);
      await eventually(async () =>
        expect(textOf(await store.load("doc:render-fails"))).toBe(alice.text.toJSON()),
      );
    } finally {
      await local.close();
    }
  });
});
