import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { createDatabaseStore } from "../../server/collab/persistence";
import { connectClient, sleep, textOf, type TestClient } from "../support/collab-helpers";
import { eventually } from "../support/fixtures";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

const CHILD = path.resolve("tests/support/collab-child.ts");
const FLUSH_DELAY_MS = 100;
/** Time for a batch to reach the database once it is due (network, the write itself, a busy CI). */
const WRITE_MARGIN_MS = 150;

interface Child {
  process: ChildProcess;
  port: number;
  exited: Promise<void>;
  output: string[];
}

/** Starts tests/support/collab-child.ts and resolves once it listens. */
function startChild(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    env: { ...process.env, ...env, COLLAB_FLUSH_DELAY_MS: String(FLUSH_DELAY_MS) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /listening (\d+)/.exec(output.join(""));
      if (match) resolve({ process: child, port: Number(match[1]), exited, output });
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`the collab child exited (${code ?? signal}):\n${output.join("")}`)),
    );
  });
}

async function kill(child: Child, signal: NodeJS.Signals) {
  if (child.process.exitCode === null && child.process.signalCode === null)
    child.process.kill(signal);
  await child.exited;
}

/** Types `<prefix><n>;` at the end of the text every `everyMs`, remembering each token typed. */
function typist(client: TestClient, prefix: string, everyMs = 5) {
  const typed: string[] = [];
  const times: number[] = [];
  const timer = setInterval(() => {
    const token = `${prefix}${typed.length};`;
    client.text.insert(client.text.length, token);
    typed.push(token);
    times.push(Date.now());
  }, everyMs);
  return {
    typed,
    /** The tokens typed before `time`. */
    typedBefore: (time: number) => typed.filter((_token, i) => times[i]! < time),
    stop: () => clearInterval(timer),
  };
}

/** Every token exactly once, and nothing else. */
function expectTokens(text: string, tokens: string[]) {
  const found = text.split(";").filter(Boolean);
  expect(found.length).toBe(tokens.length);
  expect(new Set(found)).toEqual(new Set(tokens.map((token) => token.slice(0, -1))));
}

/** `mustHave` all there, each once, and nothing but tokens from `typed`. */
function expectTokensIncluded(text: string, mustHave: string[], typed: string[]) {
  const found = text.split(";").filter(Boolean);
  expect(new Set(found).size).toBe(found.length);
  const all = new Set(typed.map((token) => token.slice(0, -1)));
  expect(found.filter((token) => !all.has(token))).toEqual([]);
  const have = new Set(found);
  expect(mustHave.map((token) => token.slice(0, -1)).filter((token) => !have.has(token))).toEqual(
    [],
  );
}

const waitForSync = (client: TestClient) =>
  new Promise<void>((resolve) => {
    if (client.provider.synced) return resolve();
    const onSync = (synced: boolean) => {
      if (!synced) return;
      client.provider.off("sync", onSync);
      resolve();
    };
    client.provider.on("sync", onSync);
  });

describe.each(TEST_DRIVERS)("a collaboration server killed with SIGKILL (%s)", (driver) => {
  const children: Child[] = [];
  let clients: TestClient[] = [];
  const cleanup: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const client of clients) client.destroy();
    clients = [];
    for (const child of children.splice(0)) await kill(child, "SIGKILL");
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /**
   * A database the children share, one after the other. With PGlite the test may open the folder
   * only while no child runs: `inspect` is called after the last child has exited.
   */
  async function database(): Promise<{
    env: Record<string, string>;
    inspect: <T>(use: (handle: DatabaseHandle) => Promise<T>) => Promise<T>;
  }> {
    if (driver === "postgres") {
      const test: TestDatabase = await createTestDatabase("postgres");
      cleanup.push(() => test.destroy());
      if (test.handle.driver !== "postgres") throw new Error("expected PostgreSQL");
      return { env: { COLLAB_DATABASE_URL: test.handle.url }, inspect: (use) => use(test.handle) };
    }
    const dataDir = path.resolve(
      "tests/.tmp",
      `collab-crash-${process.pid}-${randomBytes(4).toString("hex")}`,
    );
    cleanup.push(async () => {
      await rm(dataDir, { recursive: true, force: true });
      await rm(`${dataDir}.lock`, { force: true });
    });
    return {
      env: { COLLAB_PGLITE_DIR: dataDir, COLLAB_PGLITE_TEMPLATE: inject("pgliteTemplatePath") },
      inspect: async (use) => {
        const handle = await openDatabase({ driver: "pglite", dataDir });
        try {
          return await use(handle);
        } finally {
          await handle.close();
        }
      },
    };
  }

  async function start(env: Record<string, string>) {
    const child = await startChild(env);
    children.push(child);
    return child;
  }

  const client = (port: number, as: string) => {
    const made = connectClient(`ws://127.0.0.1:${port}/collab`, "doc:crash", as, {
      maxBackoffTime: 300,
    });
    clients.push(made);
    return made;
  };

  it("clients typing through the crash converge, and the restarted server stores every character", async () => {
    const db = await database();
    const first = await start({ ...db.env, PORT: "0" });
    const alice = client(first.port, "alice");
    const bob = client(first.port, "bob");
    await Promise.all([alice.synced, bob.synced]);
    const a = typist(alice, "a");
    const b = typist(bob, "b");
    await sleep(1_000);
    await kill(first, "SIGKILL");
    // They go on typing while the server is down, and reconnect to its successor on the same port.
    const second = await start({ ...db.env, PORT: String(first.port) });
    await Promise.all([waitForSync(alice), waitForSync(bob)]);
    await sleep(300);
    a.stop();
    b.stop();
    const typed = [...a.typed, ...b.typed];
    expect(a.typed.length).toBeGreaterThan(50);
    await eventually(() => {
      expect(bob.text.toJSON()).toBe(alice.text.toJSON());
      expectTokens(alice.text.toJSON(), typed);
    }, 10_000);

    // A fresh client sees it all, and so does the database once the server has stopped.
    const carol = client(second.port, "carol");
    await carol.synced;
    expectTokens(carol.text.toJSON(), typed);
    for (const made of clients) made.destroy();
    clients = [];
    await kill(second, "SIGTERM");
    const stored = await db.inspect((handle) => createDatabaseStore(handle.db).load("doc:crash"));
    expectTokens(textOf(stored), typed);
  });

  it("edits older than the write batch survive the crash with no client left to resend them", async () => {
    const db = await database();
    const first = await start({ ...db.env, PORT: "0" });
    const alice = client(first.port, "alice");
    const bob = client(first.port, "bob");
    await Promise.all([alice.synced, bob.synced]);
    const a = typist(alice, "a");
    const b = typist(bob, "b");
    await sleep(1_000);
    // The crash comes while they type; the clients are gone for good right after.
    const killedAt = Date.now();
    await kill(first, "SIGKILL");
    a.stop();
    b.stop();
    for (const made of clients) made.destroy();
    clients = [];
    // Everything typed more than the batch window before the crash (plus time for the write to
    // land) must have been written; what came later may or may not have been.
    const settled = killedAt - FLUSH_DELAY_MS - WRITE_MARGIN_MS;
    const mustSurvive = [...a.typedBefore(settled), ...b.typedBefore(settled)];
    expect(mustSurvive.length).toBeGreaterThan(50);

    const second = await start({ ...db.env, PORT: "0" });
    const carol = client(second.port, "carol");
    await carol.synced;
    const seen = carol.text.toJSON();
    expectTokensIncluded(seen, mustSurvive, [...a.typed, ...b.typed]);
    carol.destroy();
    await kill(second, "SIGTERM");
    const stored = await db.inspect((handle) => createDatabaseStore(handle.db).load("doc:crash"));
    expect(textOf(stored)).toBe(seen);
  });
});
