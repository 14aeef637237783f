import { connect } from "node:net";
import { gzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions, users } from "../../db/schema";
import { hashToken } from "~/services/tokens.server";
import { openSession, SESSION_COOKIE, validateSessionCookie } from "~/services/sessions.server";
import { BODY_LIMITS, bodyOf } from "../../server/body-limits";
import { PERMISSIONS_POLICY } from "../../server/security";
import { startTestServer } from "../support/http-server";
import { stubBuild } from "../support/remix-stub-build";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * Writes a request head and the first part of a body, never the rest, and resolves with what the
 * server answers: a 413 must come without the server waiting for the body.
 */
function partialRequest(url: string, head: string, firstPart: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head + firstPart));
    let data = "";
    socket.on("data", (chunk) => (data += chunk.toString()));
    socket.on("close", () => resolve(data));
    socket.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "ECONNRESET" && data ? resolve(data) : reject(error),
    );
  });
}

describe("hardening: request bodies, headers, proxies, sessions", () => {
  let test: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let reached: string[];
  beforeAll(async () => {
    test = await createTestDatabase("pglite");
    server = await startTestServer({
      database: test.handle,
      handler: (req, res) => {
        reached.push(req.path);
        res.type("text/plain").send(`read ${bodyOf(res)?.length ?? 0} bytes`);
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await test.destroy();
  });

  it("refuses a body whose Content-Length is over the limit (413) before reading it", async () => {
    reached = [];
    const { host } = new URL(server.url);
    const head =
      `POST /sign-in HTTP/1.1\r\nHost: ${host}\r\nAccept-Language: en\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`;
    // Only 10 bytes of the 50 MB announced are ever sent: the answer cannot wait for the rest.
    const answer = await partialRequest(server.url, head, "email=a%40b");
    expect(answer.split("\r\n")[0]).toBe("HTTP/1.1 413 Payload Too Large");
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toContain("What you sent is too large");
    expect(answer).toContain("64 kB");
    expect(reached).toEqual([]);
  });

  it("refuses a chunked body at the first chunk past the limit, while the client still sends", async () => {
    reached = [];
    const { host } = new URL(server.url);
    const head =
      `POST /settings HTTP/1.1\r\nHost: ${host}\r\nAccept-Language: zh-TW\r\n` +
      "Accept: text/html\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
      "Transfer-Encoding: chunked\r\n\r\n";
    const chunk = "a".repeat(BODY_LIMITS.form + 1);
    const answer = await partialRequest(
      server.url,
      head,
      `${chunk.length.toString(16)}\r\n${chunk}\r\n`, // and never the last chunk
    );
    expect(answer.split("\r\n")[0]).toBe("HTTP/1.1 413 Payload Too Large");
    expect(answer).toContain('<html lang="zh-Hant">');
    expect(answer).toContain("提交的內容太大");
    expect(answer).toContain('<a href="/settings">');
    expect(reached).toEqual([]);
  });

  it("takes a body within its route's limit: larger for paper ballots and new proposals", async () => {
    reached = [];
    const post = (path: string, bytes: number) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: `ballots=${"1".repeat(bytes - 8)}`,
      });
    const small = await post("/votes/7/paper", 60 * 1024);
    expect(await small.text()).toBe(`read ${60 * 1024} bytes`);
    const batch = await post("/votes/7/paper", 1024 * 1024);
    expect(batch.status).toBe(200);
    expect(await batch.text()).toBe(`read ${1024 * 1024} bytes`);
    expect((await post("/votes/7/paper.data", 1024 * 1024)).status).toBe(200);
    expect((await post("/c/chunhui/proposals/new", 200 * 1024)).status).toBe(200);
    expect((await post("/proposals/7", 200 * 1024)).status).toBe(413);
    expect((await post("/votes/7/paper", BODY_LIMITS.paperBallots + 1)).status).toBe(413);
    expect(reached).toEqual([
      "/votes/7/paper",
      "/votes/7/paper",
      "/votes/7/paper.data",
      "/c/chunhui/proposals/new",
    ]);
  });

  it("refuses compressed bodies (415): nothing inflates them", async () => {
    const response = await fetch(`${server.url}/sign-in`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Encoding": "gzip",
        "Accept-Language": "en",
      },
      body: gzipSync("email=a%40b.org&password=x"),
    });
    expect(response.status).toBe(415);
    expect(await response.text()).toContain("uncompressed forms only");
  });

  it("sends a Permissions-Policy on every answer", async () => {
    for (const path of ["/", "/favicon.svg", "/healthz"]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get("permissions-policy")).toBe(PERMISSIONS_POLICY);
    }
    expect(PERMISSIONS_POLICY).toContain("camera=()");
    expect(PERMISSIONS_POLICY).toContain("geolocation=()");
  });

  it("stores a session's id as the SHA-256 of the cookie's token, never the token", async () => {
    await test.handle.db.insert(users).values({
      id: "hash-1",
      email: "hash@example.org",
      displayName: "散列",
      emailVerifiedAt: new Date(),
    });
    const setCookie = await openSession(test.handle.db, false, "hash-1", {
      userAgent: null,
      ipAddress: null,
    });
    const token = setCookie.split(";")[0]!.split("=")[1]!;
    const rows = await test.handle.db.select().from(sessions).where(eq(sessions.userId, "hash-1"));
    expect(rows.map((row) => row.id)).toEqual([hashToken(token)]);
    const cookie = `${SESSION_COOKIE}=${token}`;
    const valid = await validateSessionCookie(test.handle.db, false, cookie);
    expect(valid.user?.id).toBe("hash-1");
    expect(valid.session?.id).toBe(hashToken(token));
    // What the table holds signs nobody in.
    const stolen = await validateSessionCookie(
      test.handle.db,
      false,
      `${SESSION_COOKIE}=${rows[0]!.id}`,
    );
    expect(stolen.user).toBeNull();
  });

  describe("with Remix", () => {
    let remix: Awaited<ReturnType<typeof startTestServer>>;
    let errors: unknown[];
    beforeAll(async () => {
      errors = [];
      remix = await startTestServer({
        database: test.handle,
        handler: stubBuild({ onError: (error) => errors.push(error) }),
        env: { APP_URL: "https://yishi.example.org", TRUST_PROXY: "1" },
      });
    });
    afterAll(() => remix.close());

    it("keeps a signed-in person's pages private (no-store), not an anonymous visitor's", async () => {
      const setCookie = await openSession(test.handle.db, false, "hash-1", {
        userAgent: null,
        ipAddress: null,
      });
      const signedIn = await fetch(`${remix.url}/`, {
        headers: { Cookie: setCookie.split(";")[0]! },
      });
      expect(await signedIn.json()).toMatchObject({ loaderData: { root: { user: "hash-1" } } });
      expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
      const data = await fetch(`${remix.url}/_root.data`, {
        headers: { Cookie: setCookie.split(";")[0]! },
      });
      expect(data.status).toBe(200);
      expect(data.headers.get("cache-control")).toBe("private, no-store");
      const anonymous = await fetch(`${remix.url}/`);
      expect(await anonymous.json()).toMatchObject({ loaderData: { root: { user: null } } });
      expect(anonymous.headers.get("cache-control")).toBeNull();
    });

    it("takes form posts behind a proxy that does not pass the public Host (APP_URL, TRUST_PROXY)", async () => {
      // The proxy forwards to 127.0.0.1:port with its own Host; the browser's Origin is the public one.
      const response = await fetch(`${remix.url}/?index`, {
        method: "POST",
        headers: {
          Origin: "https://yishi.example.org",
          "X-Forwarded-Proto": "https",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: "displayName=%E7%8E%8B",
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        actionData: { root: { posted: { displayName: "王" } } },
      });
      // A proxy that sets X-Forwarded-Host to its own name changes nothing either.
      const forwarded = await fetch(`${remix.url}/`, {
        method: "POST",
        headers: { Origin: "https://yishi.example.org", "X-Forwarded-Host": "10.0.0.5:3000" },
        body: new URLSearchParams({ a: "1" }),
      });
      expect(forwarded.status).toBe(200);
      expect(errors).toEqual([]);
      // Another site is still refused, before Remix.
      const evil = await fetch(`${remix.url}/`, {
        method: "POST",
        headers: { Origin: "https://evil.example" },
        body: new URLSearchParams({ a: "1" }),
      });
      expect(evil.status).toBe(403);
    });
  });
});
