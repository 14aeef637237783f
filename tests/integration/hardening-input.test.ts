import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/http-server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * The URL a flat route file answers, with sample parameters: `c.$slug.proposals_.new.tsx` →
 * `/c/chunhui/proposals/new`, `votes.$id.results[.]csv.tsx` → `/votes/7/results.csv`.
 */
function pathOf(file: string): string {
  const segments = file
    .replace(/\.tsx?$/, "")
    .replace(/\[\.\]/g, "\uE000")
    .split(".")
    .filter((segment) => segment !== "_index")
    .map((segment) =>
      segment
        .replace(/_$/, "")
        .replace(/^\$slug$/, "chunhui")
        .replace(/^\$id$/, "7")
        .replace(/^\$number$/, "2")
        .replace(/^\$$/, "anything")
        .replace(/\uE000/g, "."),
    );
  return `/${segments.join("/")}`;
}

const routesDir = path.resolve("app/routes");
/** Every route that takes a form: each exports an action. */
const ACTION_PATHS = readdirSync(routesDir)
  .filter((file) =>
    /export (async )?function action\b/.test(readFileSync(path.join(routesDir, file), "utf8")),
  )
  .map(pathOf);

describe("hardening: control characters in form input", () => {
  let test: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let reached: string[];
  beforeAll(async () => {
    test = await createTestDatabase("pglite");
    server = await startTestServer({
      database: test.handle,
      handler: (req, res) => {
        reached.push(req.path);
        res.send("handled");
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await test.destroy();
  });

  it("finds the form actions (sign-in, settings, paper ballots, proxy, …)", () => {
    expect(ACTION_PATHS).toEqual(
      expect.arrayContaining([
        "/sign-in",
        "/sign-up",
        "/settings",
        "/c/chunhui/proposals/new",
        "/c/chunhui/join",
        "/c/chunhui/votes/new",
        "/proposals/7",
        "/proposals/7/hearings",
        "/proposals/7/versions",
        "/votes/7",
        "/votes/7/paper",
        "/votes/7/proxy",
      ]),
    );
    expect(ACTION_PATHS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(ACTION_PATHS)(
    "refuses a NUL byte posted to %s: 400, the field named, no route run",
    async (url) => {
      reached = [];
      for (const [field, body] of [
        ["displayName", "intent=save&displayName=abc%00def"],
        ["body", "intent=comment.create&body=%E4%BD%A0%E5%A5%BD%01"],
      ] as const) {
        const response = await fetch(`${server.url}${url}`, {
          method: "POST",
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept-Language": "en",
          },
          body,
        });
        expect(response.status).toBe(400);
        expect(await response.text()).toContain(`The field “${field}” holds a control character`);
      }
      // The same through single fetch (a form sent by the hydrated page), and as multipart.
      const data = new FormData();
      data.set("reason", "a\u0000b");
      const viaData = await fetch(`${server.url}${url}.data`, { method: "POST", body: data });
      expect(viaData.status).toBe(400);
      expect(await viaData.text()).toContain("“reason”");
      expect(reached).toEqual([]);
    },
  );

  it("names the field in the reader's language, on a page that leads back to the form", async () => {
    const response = await fetch(`${server.url}/settings`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "text/html",
        Cookie: "yishi_lang=zh-Hans",
      },
      body: "displayName=abc%00def",
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('<html lang="zh-Hans">');
    expect(page).toContain("“displayName”一项含有控制字符");
    expect(page).toContain('<a href="/settings">');
  });

  it("refuses every other control character too, in values, names and query strings", async () => {
    reached = [];
    for (const body of ["a=%1B[31m", "a=%7F", "a=%C2%85", "a=line%0Dbreak", "a%00b=1"]) {
      const response = await fetch(`${server.url}/sign-up`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body,
      });
      expect(response.status, body).toBe(400);
    }
    const search = await fetch(`${server.url}/proposals?q=%00`);
    expect(search.status).toBe(400);
    expect(await search.text()).toContain("“q”");
    expect(reached).toEqual([]);
  });

  it("lets tabs, newlines (LF and CRLF), and any other text through", async () => {
    reached = [];
    const response = await fetch(`${server.url}/proposals/7`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        body: "第一行\r\n第二行\n\t缩进 — émoji 🙂 zero\u200Bwidth\u00A0nbsp",
      }),
    });
    expect(response.status).toBe(200);
    expect(
      (await fetch(`${server.url}/proposals?q=${encodeURIComponent("加装 电梯")}`)).status,
    ).toBe(200);
    expect(reached).toEqual(["/proposals/7", "/proposals"]);
  });

  it("refuses a form body it cannot parse (400), not a 500 in the route", async () => {
    const response = await fetch(`${server.url}/sign-up`, {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=x", "Accept-Language": "en" },
      body: "--x\r\nnot a part\r\n",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("could not be read");
  });
});
