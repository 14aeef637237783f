import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createRepeatLog } from "../../server/repeat-log";
import { startCollab } from "../support/collab-helpers";
import { eventually } from "../support/fixtures";
import { startTestServer } from "../support/http-server";
import { stubBuild } from "../support/remix-stub-build";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

interface Line {
  level: number;
  msg: string;
  repeated?: number;
  [key: string]: unknown;
}

/** A pino logger at info whose lines are kept, parsed, for counting. */
function capturingLogger() {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean))
        lines.push(JSON.parse(line) as Line);
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

const WARN = 40;
const ERROR = 50;
/** Lets pino's stream deliver what was written. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("hardening: log amplification", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase("pglite");
  });
  afterAll(() => test.destroy());

  it("logs a burst of refused requests from one address once, then once with the count", async () => {
    const { logger, lines } = capturingLogger();
    const repeatLog = createRepeatLog(logger);
    const server = await startTestServer({
      database: test.handle,
      handler: (_req, res) => void res.send("ok"),
      logger,
      repeatLog,
    });
    try {
      for (let i = 0; i < 200; i++) {
        const response = await fetch(`${server.url}/settings`, {
          method: "POST",
          headers: { Origin: "https://evil.example" },
        });
        expect(response.status).toBe(403);
      }
      for (let i = 0; i < 50; i++) {
        const response = await fetch(`${server.url}/settings`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: "displayName=%00",
        });
        expect(response.status).toBe(400);
      }
      await settle();
      const warnings = () => lines.filter((line) => line.level >= WARN);
      expect(warnings().map((line) => line.msg)).toEqual([
        "refused a cross-origin write",
        "refused a request",
      ]);
      repeatLog.flush();
      await settle();
      expect(warnings().map((line) => [line.msg, line.repeated])).toEqual([
        ["refused a cross-origin write", undefined],
        ["refused a request", undefined],
        ["refused a cross-origin write", 199],
        ["refused a request", 49],
      ]);
      // Each request still has its access line, at info: a client's mistake is not our error.
      const access = lines.filter((line) => line.msg === "request completed");
      expect(access).toHaveLength(250);
      expect(access.every((line) => line.level < WARN)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("answers an anonymous GET /?_data=root with 400 and no error-level line", async () => {
    const { logger, lines } = capturingLogger();
    const errors: unknown[] = [];
    const server = await startTestServer({
      database: test.handle,
      handler: stubBuild({ onError: (error) => errors.push(error) }),
      logger,
    });
    try {
      const response = await fetch(`${server.url}/?_data=root`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("_data");
      expect((await fetch(`${server.url}/`)).status).toBe(200);
      await settle();
      expect(errors).toEqual([]);
      expect(lines.filter((line) => line.level >= ERROR)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("logs a WebSocket burst over the rate limit as one warning and one counted line, not one per frame", async () => {
    const { logger, lines } = capturingLogger();
    const collab = await startCollab({
      store: {
        load: () => Promise.resolve(null),
        append: () => Promise.resolve(),
        compact: () => Promise.resolve(),
        logLength: () => Promise.resolve(0),
      },
      logger,
      limits: { maxMessagesPerSecond: 20 },
    });
    try {
      const ws = new WebSocket(`${collab.url}/doc:burst?as=mallory`);
      await new Promise((resolve) => ws.once("open", resolve));
      const closed = new Promise<number>((resolve) => ws.once("close", resolve));
      // Awareness queries: harmless one by one, 10,000 of them at once.
      for (let i = 0; i < 10_000; i++) ws.send(new Uint8Array([3]));
      expect(await closed).toBe(1008);
      await eventually(() =>
        expect(lines.some((line) => line.msg.startsWith("frames dropped"))).toBe(true),
      );
      // One warning for the client's mistake; what it sent after the close is one counted line, at
      // info level (a consequence of the close, not a new problem).
      const warnings = lines.filter((line) => line.level >= WARN);
      expect(warnings.map((line) => line.msg)).toEqual(["closing a collab connection"]);
      const dropped = lines.filter((line) => line.msg.startsWith("frames dropped"));
      expect(dropped).toHaveLength(1);
      expect(dropped[0]!.dropped).toBeGreaterThan(9_000);
    } finally {
      await collab.close();
    }
  });
});
