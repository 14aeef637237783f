import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shutdownGracefully } from "../../server/shutdown";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { silentLogger, startTestServer } from "../support/http-server";

/** Sends a raw HTTP upgrade request and returns the status line the server answers with. */
function upgradeStatus(url: string, path: string, extraHeaders = ""): Promise<string> {
  const { hostname, port, host } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
          `${extraHeaders}\r\n`,
      );
    });
    let data = "";
    socket.on("data", (chunk) => (data += chunk.toString()));
    socket.on("end", () => resolve(data.split("\r\n")[0] ?? ""));
    socket.on("error", reject);
  });
}

describe("HTTP server", () => {
  let test: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    test = await createTestDatabase("pglite");
    server = await startTestServer({
      database: test.handle,
      handler: (req, res) => {
        res
          .status(200)
          .type("text/plain")
          .send(`handled ${req.method} nonce=${String(res.locals.cspNonce)}`);
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await test.destroy();
  });

  it("sends a strict Content-Security-Policy with a fresh nonce per request", async () => {
    const a = await fetch(`${server.url}/`);
    const b = await fetch(`${server.url}/`);
    const csp = a.headers.get("content-security-policy") ?? "";
    const nonceA = /'nonce-([^']+)'/.exec(csp)?.[1];
    const nonceB = /'nonce-([^']+)'/.exec(b.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonceA).toBeTruthy();
    expect(nonceA).not.toBe(nonceB);
    expect(await a.text()).toBe(`handled GET nonce=${nonceA}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(a.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("x-frame-options")).toBe("DENY");
    expect(a.headers.get("x-powered-by")).toBeNull();
    expect(a.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends HSTS only over TLS (here: a trusted proxy says https)", async () => {
    const plain = await fetch(`${server.url}/`);
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const proxied = await startTestServer({
      database: test.handle,
      handler: (_req, res) => void res.send("ok"),
      env: { TRUST_PROXY: "1" },
    });
    try {
      const secure = await fetch(`${proxied.url}/`, { headers: { "X-Forwarded-Proto": "https" } });
      expect(secure.headers.get("strict-transport-security")).toBe(
        "max-age=31536000; includeSubDomains",
      );
    } finally {
      await proxied.close();
    }
  });

  it("compresses responses", async () => {
    const big = await startTestServer({
      database: test.handle,
      handler: (_req, res) => void res.type("text/html").send("议事".repeat(2000)),
    });
    try {
      const response = await fetch(`${big.url}/`, { headers: { "Accept-Encoding": "gzip" } });
      expect(response.headers.get("content-encoding")).toBe("gzip");
    } finally {
      await big.close();
    }
  });

  it.each([
    ["an Origin of another site", { Origin: "https://evil.example" }],
    ["a Referer of another site", { Referer: "https://evil.example/form" }],
    ["an opaque Origin", { Origin: "null" }],
    ["a cross-site fetch", { "Sec-Fetch-Site": "cross-site" }],
  ])("refuses a POST with %s (403, handler not reached)", async (_, headers) => {
    const response = await fetch(`${server.url}/preferences`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: "intent=care&care=on",
    });
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain("handled");
  });

  it.each(["PUT", "PATCH", "DELETE"])("refuses a cross-origin %s", async (method) => {
    const response = await fetch(`${server.url}/x`, {
      method,
      headers: { Origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
  });

  it("lets same-origin writes and requests without Origin through", async () => {
    const sameOrigin = await fetch(`${server.url}/preferences`, {
      method: "POST",
      headers: { Origin: server.url, "Sec-Fetch-Site": "same-origin" },
      body: "x=1",
    });
    expect(sameOrigin.status).toBe(200);
    const noOrigin = await fetch(`${server.url}/preferences`, { method: "POST", body: "x=1" });
    expect(noOrigin.status).toBe(200);
    const crossOriginRead = await fetch(`${server.url}/`, {
      headers: { Origin: "https://evil.example" },
    });
    expect(crossOriginRead.status).toBe(200);
  });

  it("checks writes against APP_URL when it is set", async () => {
    const behindProxy = await startTestServer({
      database: test.handle,
      handler: (_req, res) => void res.send("ok"),
      env: { APP_URL: "https://yishi.example.org" },
    });
    try {
      const ok = await fetch(`${behindProxy.url}/x`, {
        method: "POST",
        headers: { Origin: "https://yishi.example.org" },
      });
      expect(ok.status).toBe(200);
      const own = await fetch(`${behindProxy.url}/x`, {
        method: "POST",
        headers: { Origin: behindProxy.url },
      });
      expect(own.status).toBe(403);
    } finally {
      await behindProxy.close();
    }
  });

  it("serves static files with caching: an hour for public/, a year and immutable for /build", async () => {
    const icon = await fetch(`${server.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("cache-control")).toBe("public, max-age=3600");
  });

  it("answers /healthz from the database", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", database: "pglite" });
  });

  it("refuses WebSocket upgrades cleanly: 404 for documents nobody serves and for other paths", async () => {
    // No kind of document is registered here: no room is created by naming one.
    expect(await upgradeStatus(server.url, "/collab/proposal:1")).toBe("HTTP/1.1 404 Not Found");
    expect(await upgradeStatus(server.url, "/collab/..%2Fetc")).toBe("HTTP/1.1 404 Not Found");
    expect(await upgradeStatus(server.url, "/elsewhere")).toBe("HTTP/1.1 404 Not Found");
    // The server is still serving after both.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("refuses an upgrade from a page of another site before anything else (403)", async () => {
    const { host } = new URL(server.url);
    expect(
      await upgradeStatus(server.url, "/collab/proposal:1", "Origin: https://evil.example\r\n"),
    ).toBe("HTTP/1.1 403 Forbidden");
    expect(await upgradeStatus(server.url, "/collab/proposal:1", "Origin: null\r\n")).toBe(
      "HTTP/1.1 403 Forbidden",
    );
    // Its own pages pass on to the next check (here: no kind of document is served).
    expect(
      await upgradeStatus(server.url, "/collab/proposal:1", `Origin: http://${host}\r\n`),
    ).toBe("HTTP/1.1 404 Not Found");
  });
});

describe("health check with the database down", () => {
  it("answers 503", async () => {
    const test = await createTestDatabase("pglite");
    const server = await startTestServer({
      database: test.handle,
      handler: (_req, res) => void res.send("ok"),
    });
    try {
      await test.handle.close();
      const response = await fetch(`${server.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "error", database: "down" });
    } finally {
      await server.close();
    }
  });
});

describe("graceful shutdown", () => {
  it("finishes in-flight requests, refuses new connections, then closes the database", async () => {
    const test = await createTestDatabase("pglite");
    let release = () => {};
    let markStarted = () => {};
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const server = await startTestServer({
      database: test.handle,
      handler: (_req, res) => {
        release = () => void res.send("finished");
        markStarted();
      },
    });
    server.server.keepAliveTimeout = 10 * 60_000;
    const inFlight = fetch(`${server.url}/slow`).then((r) => r.text());
    await started;
    const closed: string[] = [];
    const shutdown = shutdownGracefully({
      server: server.server,
      logger: silentLogger,
      timeoutMs: 5_000,
      resources: [
        {
          name: "database",
          close: async () => {
            closed.push("database");
            await test.handle.close();
          },
        },
      ],
    });
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(closed).toEqual([]);
    release();
    expect(await inFlight).toBe("finished");
    // Without the idle sweep, the keep-alive connection would hold shutdown past the test's timeout.
    await shutdown;
    expect(closed).toEqual(["database"]);
    await expect(test.handle.ping()).rejects.toThrow();
  });
});
