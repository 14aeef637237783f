/**
 * `npm run bench:collab`: fan-out latency and memory of our collaboration server against the bare
 * `@y/websocket-server` 0.1.1, measured in the same run on the same machine.
 *
 * What runs
 * - "ours": `createCollabServer` (server/collab/server.ts) with `createDatabaseStore` on a migrated
 *   in-memory PGlite (or PostgreSQL when BENCH_DATABASE_URL is set), with the production authoriser
 *   (`createAuthorizer`: every upgrade reads its session cookie and looks the session and user up in
 *   the database via `validateSessionCookie`; the `bench` kind grants edit). Each client has its own
 *   user and Lucia session, created before the run. Limits are the defaults except connections per
 *   IP (every bench client comes from 127.0.0.1). Write-behind persistence runs as in production.
 * - "bare": `setupWSConnection` from `@y/websocket-server/utils` on its own `ws` server: no
 *   authorisation, no persistence (YPERSISTENCE and CALLBACK_URL unset).
 * Each server runs alone in a child process (a fresh one per run, so memory figures are its own);
 * the clients run in BENCH_CLIENT_PROCESSES other processes (default 2), the writer in this one.
 *
 * Clients speak the y-websocket protocol over raw `ws` sockets (no Y.Doc per receiver, so the client
 * side stays cheap): sync step 1 on open, an empty step 2 in answer to the server's step 1, then they
 * only read. The writer is a real Y.Doc: it types into a paragraph of the `default` XmlFragment (as
 * Tiptap does) 20 times a second for 10 s; each insert carries `[#<seq>@<wall-clock ms>]`, so a
 * receiver finds the send time in the update's bytes and records `receipt − send`. Send and receipt
 * times are `performance.timeOrigin + performance.now()` in their processes (one system clock).
 *
 * Scenario 1: 100 receivers, presence off. Scenario 2: 300 receivers with presence, emulating the stock
 * y-websocket client: each announces `{ user, cursor }` on connect, renews it every 15 s (y-protocols'
 * Awareness renews a state older than 15 s; phases are random, as for clients connected long ago, and
 * measuring starts 15 s after everyone joined, so both servers are in their steady state), and echoes:
 * for every awareness entry it receives with a newer clock it sends that entry back (the stock
 * provider re-broadcasts every awareness change it applies, including other people's). The writer also
 * moves its cursor with every edit (an awareness change 20 times a second). Only document updates are
 * timed; presence is the load around them.
 *
 * Reported per server: fan-out latency p50 / p99 / max over every (edit, receiver) pair, the share
 * delivered, the server's CPU during the 10 s, its RSS when idle and at peak, its peak V8 heap, and the
 * clients' worst event-loop delay p99 (if that is large, the client side was the bottleneck).
 * A column "1st p99" (per edit, the first receiver's latency) separates delay before fan-out (writer,
 * server scheduling) from fan-out itself. Scenario 1 runs bare, ours, ours, bare and pools the samples,
 * so load that drifts during the run hits both alike; scenario 2 (15 s of settling per run) runs once
 * each. The load average is printed with every run: on a busy machine the tails measure the machine.
 * Targets on the 2-core CI machine: scenario 1 p99 within 1.2× the bare server's; scenario 2 p99 ≤ 50 ms.
 * Verdicts are printed; the exit code is 0 either way (timings on shared machines are noisy).
 *
 * Knobs: BENCH_DATABASE_URL (ours on PostgreSQL; its bench rows are deleted afterwards),
 * BENCH_CLIENT_PROCESSES (default 2), BENCH_SCENARIO=1|2 (run one), BENCH_STORE=memory (ours without
 * the database, to isolate what persistence costs).
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

const SELF = fileURLToPath(import.meta.url);
const EDITS = 200;
const WARMUP_EDITS = 20;
const EDIT_INTERVAL_MS = 50;
const DRAIN_MS = 1_500;
const RENEW_MS = 15_000;
const CLIENT_PROCESSES = Math.max(1, Number(process.env.BENCH_CLIENT_PROCESSES ?? 2));

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

type ServerKind = "bare" | "ours";

interface Scenario {
  id: "S1" | "S2";
  name: string;
  /** The runs, in order: ABBA where time allows, so drifting machine load hits both alike. */
  order: ServerKind[];
  receivers: number;
  presence: boolean;
  /** Wait after everyone has joined, before the writer starts. */
  settleMs: number;
}

const SCENARIOS: Scenario[] = [
  {
    id: "S1",
    name: "S1: 100 clients",
    order: ["bare", "ours", "ours", "bare"],
    receivers: 100,
    presence: false,
    settleMs: 1_000,
  },
  {
    id: "S2",
    name: "S2: 300 clients + presence",
    order: ["bare", "ours"],
    receivers: 300,
    presence: true,
    settleMs: RENEW_MS,
  },
];

// Messages between the processes.
type ToServer = { type: "measure" } | { type: "stats" } | { type: "stop" };
type FromServer =
  | { type: "ready"; port: number; cookies: string[]; docName: string }
  | { type: "stats"; stats: ServerStats };
type ToClients =
  | {
      type: "connect";
      url: string;
      cookies: string[];
      first: number;
      count: number;
      presence: boolean;
    }
  | { type: "measure" }
  | { type: "results" }
  | { type: "stop" };
type FromClients = { type: "connected" } | { type: "results"; results: ClientResults };

interface ServerStats {
  cpuMs: number;
  wallMs: number;
  idleRss: number;
  peakRss: number;
  peakHeap: number;
  loopP99Ms: number;
}

interface ClientResults {
  latencies: Float64Array;
  /** Per edit (index = seq), the latency of the first receiver to get it. */
  firstBySeq: Float64Array;
  received: number;
  loopP99Ms: number;
}

const wallNow = () => performance.timeOrigin + performance.now();

function send(message: unknown) {
  process.send?.(message);
}

// ---------------------------------------------------------------------------------------------------
// The protocol, by hand

function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** What a client with an empty document sends: its state vector, and its (empty) state on request. */
const EMPTY_STEP1 = syncStep1(new Y.Doc());
const EMPTY_STEP2 = (() => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep2(encoder, new Y.Doc());
  return encoding.toUint8Array(encoder);
})();

interface AwarenessEntry {
  clientId: number;
  clock: number;
  json: string;
}

function awarenessMessage(entries: AwarenessEntry[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(inner, entry.clientId);
    encoding.writeVarUint(inner, entry.clock);
    encoding.writeVarString(inner, entry.json);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

/**
 * The stock client's echo: the entries of a received awareness message that are newer than what this
 * client knew (its own excluded), to be sent back as they are.
 */
function echoOf(payload: Uint8Array, known: Map<number, number>, ownId: number): AwarenessEntry[] {
  const decoder = decoding.createDecoder(payload);
  const count = decoding.readVarUint(decoder);
  const echo: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (clientId === ownId) continue;
    const previous = known.get(clientId);
    if (previous !== undefined && previous >= clock) continue;
    known.set(clientId, clock);
    echo.push({ clientId, clock, json });
  }
  return echo;
}

function toBytes(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw);
}

const COLORS = ["#b3261e", "#1d6b35", "#0b57d0", "#7b1fa2", "#8a4b00", "#00695c"];

function presenceState(name: string, index: number, cursor: unknown = null): string {
  return JSON.stringify({ user: { name, color: COLORS[index % COLORS.length] }, cursor });
}

function randomClientId(): number {
  return Math.floor(Math.random() * 0xffff_ffff);
}

function open(url: string, cookie: string | undefined): WebSocket {
  return new WebSocket(url, {
    perMessageDeflate: false,
    headers: cookie ? { cookie } : {},
  });
}

// ---------------------------------------------------------------------------------------------------
// Server processes

async function runServer(kind: ServerKind, receivers: number) {
  let stats: { startCpu: NodeJS.CpuUsage; startWall: number } | undefined;
  let peakRss = 0;
  let peakHeap = 0;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  let close: () => Promise<void>;
  let cookies: string[] = [];
  const docName = `bench:${randomUUID().slice(0, 8)}`;
  const http = createServer((_req, res) => res.end());

  if (kind === "bare") {
    const { setupWSConnection } = await import("@y/websocket-server/utils");
    const wss = new WebSocketServer({ noServer: true });
    http.on("upgrade", (req: IncomingMessage, socket, head) => {
      wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName }));
    });
    close = () => new Promise<void>((resolve) => wss.close(() => resolve()));
  } else {
    const { pino } = await import("pino");
    const { openDatabase } = await import("../../db/client");
    const { migrateDatabase } = await import("../../db/migrate");
    const { users, collabUpdates, collabSnapshots } = await import("../../db/schema");
    const { openSession } = await import("../../app/services/sessions.server");
    const { createAuthorizer } = await import("../../server/collab/authorize");
    const { createDatabaseStore } = await import("../../server/collab/persistence");
    const { createCollabServer } = await import("../../server/collab/server");
    const { routeUpgrades } = await import("../../server/collab/upgrade");
    const { eq, like } = await import("drizzle-orm");
    const url = process.env.BENCH_DATABASE_URL;
    const handle = url
      ? await openDatabase({ driver: "postgres", url, maxConnections: 10 })
      : await openDatabase({ driver: "pglite-memory" });
    await migrateDatabase(handle);
    const { db } = handle;
    const run = randomUUID().slice(0, 8);
    const people = Array.from({ length: receivers + 1 }, (_, i) => ({
      id: `bench-${run}-${i}`,
      email: `bench-${run}-${i}@bench.invalid`,
      displayName: `Resident ${i}`,
      emailVerifiedAt: new Date(),
    }));
    await db.insert(users).values(people);
    for (const person of people) {
      const setCookie = await openSession(db, false, person.id, {
        userAgent: null,
        ipAddress: null,
      });
      cookies.push(setCookie.split(";")[0]!);
    }
    // Warnings (a client cut off, a failed write) go to stderr, where they are seen.
    const logger = pino({ level: "warn" }, pino.destination(2));
    const collab = createCollabServer({
      store:
        process.env.BENCH_STORE === "memory"
          ? {
              load: () => Promise.resolve(null),
              append: () => Promise.resolve(),
              compact: () => Promise.resolve(),
              logLength: () => Promise.resolve(0),
            }
          : createDatabaseStore(db),
      logger,
      authorize: createAuthorizer({
        db,
        trustProxy: false,
        kinds: { bench: () => Promise.resolve("edit") },
      }),
      limits: { maxConnectionsPerIp: 10_000 },
    });
    routeUpgrades(http, collab);
    close = async () => {
      await collab.close();
      if (url) {
        await db.delete(collabUpdates).where(eq(collabUpdates.docName, docName));
        await db.delete(collabSnapshots).where(eq(collabSnapshots.docName, docName));
        await db.delete(users).where(like(users.email, `bench-${run}-%`));
      }
      await handle.close();
    };
  }

  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const idleRss = process.memoryUsage().rss;
  peakRss = idleRss;
  const sampler = setInterval(() => {
    const memory = process.memoryUsage();
    peakRss = Math.max(peakRss, memory.rss);
    peakHeap = Math.max(peakHeap, memory.heapUsed);
  }, 100);
  process.on("message", (message: ToServer) => {
    if (message.type === "measure") {
      stats = { startCpu: process.cpuUsage(), startWall: performance.now() };
      loop.reset();
      loop.enable();
    } else if (message.type === "stats") {
      loop.disable();
      const cpu = process.cpuUsage(stats?.startCpu);
      send({
        type: "stats",
        stats: {
          cpuMs: (cpu.user + cpu.system) / 1000,
          wallMs: performance.now() - (stats?.startWall ?? 0),
          idleRss,
          peakRss,
          peakHeap,
          loopP99Ms: loop.percentile(99) / 1e6,
        },
      } satisfies FromServer);
    } else if (message.type === "stop") {
      clearInterval(sampler);
      http.closeAllConnections();
      void close().then(() => process.exit(0));
    }
  });
  const { port } = http.address() as AddressInfo;
  send({ type: "ready", port, cookies, docName } satisfies FromServer);
  cookies = [];
}

// ---------------------------------------------------------------------------------------------------
// Client processes: receivers only

function runClients() {
  const sockets: WebSocket[] = [];
  const timers: NodeJS.Timeout[] = [];
  let latencies: number[] = [];
  let firstBySeq = new Float64Array(EDITS + 1).fill(Infinity);
  let received = 0;
  let measuring = false;
  const loop = monitorEventLoopDelay({ resolution: 5 });

  function receiver(url: string, cookie: string | undefined, index: number, presence: boolean) {
    return new Promise<void>((resolve, reject) => {
      const ws = open(url, cookie);
      sockets.push(ws);
      const ownId = randomClientId();
      const known = new Map<number, number>();
      let clock = 1;
      const state = presenceState(`Resident ${index}`, index);
      ws.on("error", reject);
      ws.on("open", () => {
        ws.send(EMPTY_STEP1);
        if (!presence) return;
        ws.send(awarenessMessage([{ clientId: ownId, clock, json: state }]));
        // Renewal as y-protocols does it, from a random phase (a client connected long ago).
        const renew = () => {
          clock++;
          if (ws.readyState === WebSocket.OPEN)
            ws.send(awarenessMessage([{ clientId: ownId, clock, json: state }]));
        };
        const first = setTimeout(() => {
          renew();
          timers.push(setInterval(renew, RENEW_MS));
        }, Math.random() * RENEW_MS);
        timers.push(first);
      });
      ws.on("message", (raw) => {
        const data = toBytes(raw);
        const type = data[0];
        if (type === MESSAGE_SYNC) {
          const step = data[1];
          if (step === syncProtocol.messageYjsSyncStep1) ws.send(EMPTY_STEP2);
          else if (step === syncProtocol.messageYjsSyncStep2) resolve();
          else if (step === syncProtocol.messageYjsUpdate) {
            const at = data.indexOf("[#", 2);
            if (at < 0) return;
            const end = data.indexOf("]", at);
            const [seq, stamp] = data
              .toString("latin1", at + 2, end)
              .split("@")
              .map(Number);
            if (measuring && seq !== undefined && stamp !== undefined && seq >= 1) {
              const latency = wallNow() - stamp;
              latencies.push(latency);
              firstBySeq[seq] = Math.min(firstBySeq[seq] ?? Infinity, latency);
              received++;
            }
          }
        } else if (type === MESSAGE_AWARENESS && presence) {
          const decoder = decoding.createDecoder(data);
          decoding.readVarUint(decoder);
          const echo = echoOf(decoding.readVarUint8Array(decoder), known, ownId);
          if (echo.length > 0) ws.send(awarenessMessage(echo));
        }
      });
    });
  }

  process.on("message", (message: ToClients) => {
    if (message.type === "connect") {
      void (async () => {
        // In batches, as people arrive, rather than all in one instant.
        for (let start = 0; start < message.count; start += 25) {
          const batch = [];
          for (let i = start; i < Math.min(message.count, start + 25); i++) {
            const index = message.first + i;
            batch.push(receiver(message.url, message.cookies[index], index, message.presence));
          }
          await Promise.all(batch);
        }
        send({ type: "connected" } satisfies FromClients);
      })();
    } else if (message.type === "measure") {
      latencies = [];
      firstBySeq = new Float64Array(EDITS + 1).fill(Infinity);
      received = 0;
      measuring = true;
      loop.reset();
      loop.enable();
    } else if (message.type === "results") {
      measuring = false;
      loop.disable();
      send({
        type: "results",
        results: {
          latencies: Float64Array.from(latencies),
          firstBySeq,
          received,
          loopP99Ms: loop.percentile(99) / 1e6,
        },
      } satisfies FromClients);
    } else if (message.type === "stop") {
      for (const timer of timers) clearTimeout(timer);
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    }
  });
}

// ---------------------------------------------------------------------------------------------------
// The orchestrator, which is also the writer

/** The one writer: a real Y.Doc typing into a paragraph, and (with presence) moving its cursor. */
class Writer {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  readonly synced: Promise<void>;
  private text: Y.XmlText | undefined;
  private clock = 1;
  private readonly known = new Map<number, number>();

  constructor(
    url: string,
    cookie: string | undefined,
    private readonly presence: boolean,
  ) {
    this.ws = open(url, cookie);
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.ws.send(encoding.toUint8Array(encoder));
    });
    this.synced = new Promise((resolve, reject) => {
      this.ws.on("error", reject);
      this.ws.on("open", () => {
        this.ws.send(syncStep1(this.doc));
        if (presence) this.sendCursor();
      });
      this.ws.on("message", (raw) => {
        const data = toBytes(raw);
        const decoder = decoding.createDecoder(data);
        const type = decoding.readVarUint(decoder);
        if (type === MESSAGE_SYNC) {
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          const step = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
          if (encoding.length(encoder) > 1) this.ws.send(encoding.toUint8Array(encoder));
          if (step === syncProtocol.messageYjsSyncStep2) resolve();
        } else if (type === MESSAGE_AWARENESS && presence) {
          const echo = echoOf(decoding.readVarUint8Array(decoder), this.known, this.doc.clientID);
          if (echo.length > 0) this.ws.send(awarenessMessage(echo));
        }
      });
    });
  }

  /** The paragraph to type into (one update before measuring starts). */
  start() {
    const paragraph = new Y.XmlElement("paragraph");
    this.text = new Y.XmlText();
    paragraph.insert(0, [this.text]);
    const fragment = this.doc.getXmlFragment("default");
    fragment.insert(fragment.length, [paragraph]);
  }

  edit(seq: number) {
    const text = this.text!;
    text.insert(text.length, `[#${seq}@${wallNow().toFixed(3)}]`);
    if (this.presence) this.sendCursor();
  }

  private sendCursor() {
    const id = this.doc.clientID;
    const position = {
      type: null,
      tname: "default",
      item: { client: id, clock: this.clock },
      assoc: 0,
    };
    const json = presenceState("Writer", 0, { anchor: position, head: position });
    this.clock++;
    this.ws.send(awarenessMessage([{ clientId: id, clock: this.clock, json }]));
  }
}

function once<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`child exited (${code}) before ${type}`));
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

function spawn(args: string[]): ChildProcess {
  const env = { ...process.env };
  delete env.YPERSISTENCE;
  delete env.CALLBACK_URL;
  return fork(SELF, args, {
    env,
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.send({ type: "stop" });
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One run's raw figures. */
interface RunSamples {
  latencies: Float64Array;
  /** Per edit, the latency of the first receiver to get it (the delay before fan-out). */
  firsts: Float64Array;
  received: number;
  expected: number;
  server: ServerStats;
  clientLoopP99Ms: number;
}

/** One server's figures in one scenario, its runs pooled. */
interface RunResult {
  runs: number;
  p50: number;
  p99: number;
  max: number;
  /** p99 over edits of the first receipt: large means the delay was before fan-out. */
  firstP99: number;
  delivered: number;
  /** Server CPU over the measured seconds, 1 = one core (mean of the runs). */
  cpu: number;
  loopP99Ms: number;
  idleRss: number;
  peakRss: number;
  peakHeap: number;
  clientLoopP99Ms: number;
}

function pool(runs: RunSamples[]): RunResult {
  const all = new Float64Array(runs.reduce((n, r) => n + r.latencies.length, 0));
  let offset = 0;
  for (const run of runs) {
    all.set(run.latencies, offset);
    offset += run.latencies.length;
  }
  all.sort();
  const firsts = Float64Array.from(runs.flatMap((run) => [...run.firsts])).sort();
  const max = (pick: (r: RunSamples) => number) => Math.max(...runs.map(pick));
  return {
    runs: runs.length,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    max: all.length ? (all[all.length - 1] as number) : Number.NaN,
    firstP99: percentile(firsts, 99),
    delivered: runs.reduce((n, r) => n + r.received, 0) / runs.reduce((n, r) => n + r.expected, 0),
    cpu: runs.reduce((sum, r) => sum + r.server.cpuMs / r.server.wallMs, 0) / runs.length,
    loopP99Ms: max((r) => r.server.loopP99Ms),
    idleRss: max((r) => r.server.idleRss),
    peakRss: max((r) => r.server.peakRss),
    peakHeap: max((r) => r.server.peakHeap),
    clientLoopP99Ms: max((r) => r.clientLoopP99Ms),
  };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Edits `first`..`last` at the steady rate, paced against the start (a late tick does not push
 * every later edit back). */
async function type(writer: Writer, first: number, last: number) {
  const started = performance.now();
  for (let seq = first; seq <= last; seq++) {
    const wait = started + (seq - first) * EDIT_INTERVAL_MS - performance.now();
    if (wait > 0) await sleep(wait);
    writer.edit(seq);
  }
}

async function run(kind: ServerKind, scenario: Scenario): Promise<RunSamples> {
  const server = spawn(["server", kind, String(scenario.receivers)]);
  const clients: ChildProcess[] = [];
  let writer: Writer | undefined;
  try {
    const ready = await once<Extract<FromServer, { type: "ready" }>>(server, "ready");
    const url = `ws://127.0.0.1:${ready.port}/collab/${ready.docName}`;
    const perProcess = Math.ceil(scenario.receivers / CLIENT_PROCESSES);
    for (let first = 0; first < scenario.receivers; first += perProcess) {
      const child = spawn(["clients"]);
      clients.push(child);
      child.send({
        type: "connect",
        url,
        cookies: ready.cookies,
        first,
        count: Math.min(perProcess, scenario.receivers - first),
        presence: scenario.presence,
      } satisfies ToClients);
    }
    await Promise.all(clients.map((child) => once(child, "connected")));
    writer = new Writer(url, ready.cookies[scenario.receivers], scenario.presence);
    await writer.synced;
    writer.start();
    // A second of unmeasured edits first, so that neither server is timed while it warms up.
    await type(writer, 1 - WARMUP_EDITS, 0);
    await sleep(scenario.settleMs);

    for (const child of [server, ...clients]) child.send({ type: "measure" });
    await sleep(50);
    await type(writer, 1, EDITS);
    await sleep(DRAIN_MS);

    const [serverStats, ...clientResults] = await Promise.all([
      (async () => {
        const reply = once<Extract<FromServer, { type: "stats" }>>(server, "stats");
        server.send({ type: "stats" } satisfies ToServer);
        return (await reply).stats;
      })(),
      ...clients.map(async (child) => {
        const reply = once<Extract<FromClients, { type: "results" }>>(child, "results");
        child.send({ type: "results" } satisfies ToClients);
        return (await reply).results;
      }),
    ]);
    const latencies = new Float64Array(clientResults.reduce((n, r) => n + r.latencies.length, 0));
    let offset = 0;
    for (const result of clientResults) {
      latencies.set(result.latencies, offset);
      offset += result.latencies.length;
    }
    const firsts = new Float64Array(EDITS);
    for (let seq = 1; seq <= EDITS; seq++)
      firsts[seq - 1] = Math.min(...clientResults.map((r) => r.firstBySeq[seq] ?? Infinity));
    return {
      latencies,
      firsts,
      received: clientResults.reduce((n, r) => n + r.received, 0),
      expected: EDITS * scenario.receivers,
      server: serverStats,
      clientLoopP99Ms: Math.max(...clientResults.map((r) => r.loopP99Ms)),
    };
  } finally {
    writer?.ws.terminate();
    await Promise.all([server, ...clients].map(stop));
  }
}

function out(line = "") {
  process.stdout.write(`${line}\n`);
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

function row(cells: string[], widths: number[]) {
  return cells
    .map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
    .join("  ");
}

async function main() {
  const startedAt = performance.now();
  out(
    `bench:collab · node ${process.version} · ${os.availableParallelism()} CPUs · ${EDITS} edits at ` +
      `${1000 / EDIT_INTERVAL_MS}/s · receivers in ${CLIENT_PROCESSES} processes · ours on ` +
      `${process.env.BENCH_DATABASE_URL ? "PostgreSQL" : "PGlite (in memory, in the server process)"}`,
  );
  const results: Array<{ scenario: Scenario; bare: RunResult; ours: RunResult }> = [];
  const only = process.env.BENCH_SCENARIO;
  for (const scenario of SCENARIOS.filter((_, i) => !only || only === String(i + 1))) {
    const runs: Record<ServerKind, RunSamples[]> = { bare: [], ours: [] };
    for (const kind of scenario.order) {
      out(`  ${scenario.name}: ${kind} (load average ${os.loadavg()[0]!.toFixed(1)}) …`);
      runs[kind].push(await run(kind, scenario));
    }
    results.push({ scenario, bare: pool(runs.bare), ours: pool(runs.ours) });
  }

  const widths = [28, 9, 7, 7, 7, 8, 9, 5, 8, 17, 8, 10];
  out();
  out(
    row(
      [
        "scenario",
        "server",
        "p50 ms",
        "p99 ms",
        "max ms",
        "1st p99",
        "delivered",
        "CPU",
        "srv lag",
        "RSS idle→peak",
        "heap",
        "client lag",
      ],
      widths,
    ),
  );
  for (const { scenario, bare, ours } of results) {
    for (const [label, r] of [
      ["bare", bare],
      ["ours", ours],
    ] as const) {
      out(
        row(
          [
            label === "bare" ? scenario.name : "",
            `${label}${r.runs > 1 ? ` ×${r.runs}` : ""}`,
            r.p50.toFixed(1),
            r.p99.toFixed(1),
            r.max.toFixed(1),
            r.firstP99.toFixed(1),
            `${(r.delivered * 100).toFixed(1)}%`,
            `${(r.cpu * 100).toFixed(0)}%`,
            `${r.loopP99Ms.toFixed(1)} ms`,
            `${mib(r.idleRss)}→${mib(r.peakRss)}`,
            mib(r.peakHeap),
            `${r.clientLoopP99Ms.toFixed(1)} ms`,
          ],
          widths,
        ),
      );
    }
    const growth = (r: RunResult) => Math.max(0, r.peakRss - r.idleRss);
    out(
      row(
        [
          "",
          "ours/bare",
          `${(ours.p50 / bare.p50).toFixed(2)}×`,
          `${(ours.p99 / bare.p99).toFixed(2)}×`,
          `${(ours.max / bare.max).toFixed(2)}×`,
          `${(ours.firstP99 / bare.firstP99).toFixed(2)}×`,
          "",
          `${(ours.cpu / bare.cpu).toFixed(2)}×`,
          "",
          `+${mib(growth(ours))} / +${mib(growth(bare))}`,
          `${(ours.peakHeap / bare.peakHeap).toFixed(2)}×`,
          "",
        ],
        widths,
      ),
    );
  }

  out();
  for (const { scenario, bare, ours } of results) {
    if (scenario.id === "S1") {
      const ratio = ours.p99 / bare.p99;
      out(
        `target S1: p99 within 1.2× bare: ${ratio.toFixed(2)}× (${ours.p99.toFixed(1)} vs ` +
          `${bare.p99.toFixed(1)} ms): ${ratio <= 1.2 ? "met" : "MISSED"}`,
      );
    } else {
      out(
        `target S2: p99 ≤ 50 ms with presence: ${ours.p99.toFixed(1)} ms: ` +
          `${ours.p99 <= 50 ? "met" : "MISSED"} (bare: ${bare.p99.toFixed(1)} ms)`,
      );
    }
    for (const [label, r] of [
      ["bare", bare],
      ["ours", ours],
    ] as const) {
      if (r.delivered < 1) {
        out(
          `warning: ${scenario.name}, ${label}: only ${(r.delivered * 100).toFixed(2)}% of ` +
            `(edit, receiver) pairs were delivered`,
        );
      }
    }
  }
  out(
    "Latency: writer's send → receiver's receipt, pooled over the runs (×n); 1st p99: the p99 over " +
      "edits of the first receiver's latency (the delay before fan-out: writer, network, server " +
      "scheduling). CPU: the server's CPU " +
      "time while measuring (100% = one core). srv lag / client lag: worst event-loop delay p99 of " +
      "the server / of the receivers' processes (a large client lag means the client side was the " +
      "bottleneck). RSS idle→peak: when listening, and the highest while running; ours holds PGlite " +
      "in its process unless BENCH_DATABASE_URL is set, so compare the growth (+) and the V8 heap.",
  );
  out(
    `load average now ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(" ")}; total ${((performance.now() - startedAt) / 1000).toFixed(0)} s`,
  );
}

const [role, ...args] = process.argv.slice(2);
if (role === "server") {
  await runServer(args[0] as ServerKind, Number(args[1]));
} else if (role === "clients") {
  runClients();
} else {
  await main();
  process.exit(0);
}
