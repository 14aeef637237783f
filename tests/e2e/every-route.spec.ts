import { readdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { hydrated, signIn } from "./support/accounts";
import { expect, test } from "./support/fixtures";

/**
 * Every page of the app, opened once in a browser with JavaScript by someone who may see it, and
 * hydrated: the `page` fixture fails the test on any uncaught exception, console error or hydration
 * warning, so a page that renders on the server but breaks in the browser (a value imported from a
 * `.server` module and used at module level, as the moderation page once did) is caught here.
 *
 * The list is checked against app/routes: a new route file fails this spec until it is listed,
 * either with the page to open or as a resource route (no page to hydrate).
 */

type Who = "anyone" | "resident@example.org" | "admin@example.org" | "grid@example.org";

interface Ids {
  proposal: string;
  vote: string;
  mail: string;
}

/** Route file → who opens it and where. */
const PAGES: Record<string, { as: Who; url: (ids: Ids) => string }> = {
  "$.tsx": { as: "anyone", url: () => "/no-such-page" },
  "_index.tsx": { as: "anyone", url: () => "/" },
  "c._index.tsx": { as: "anyone", url: () => "/c" },
  "c.$slug._index.tsx": { as: "anyone", url: () => "/c/chunhui" },
  "c.$slug.audit.tsx": { as: "admin@example.org", url: () => "/c/chunhui/audit" },
  "c.$slug.codes.tsx": { as: "admin@example.org", url: () => "/c/chunhui/codes" },
  "c.$slug.join.tsx": { as: "admin@example.org", url: () => "/c/chunhui/join" },
  "c.$slug.manage.tsx": { as: "admin@example.org", url: () => "/c/chunhui/manage" },
  "c.$slug.members.tsx": { as: "admin@example.org", url: () => "/c/chunhui/members" },
  "c.$slug.moderation.tsx": { as: "admin@example.org", url: () => "/c/chunhui/moderation" },
  "c.$slug.proposals.tsx": { as: "anyone", url: () => "/c/chunhui/proposals" },
  "c.$slug.proposals_.new.tsx": {
    as: "resident@example.org",
    url: () => "/c/chunhui/proposals/new",
  },
  "c.$slug.roles.tsx": { as: "admin@example.org", url: () => "/c/chunhui/roles" },
  "c.$slug.settings.tsx": { as: "admin@example.org", url: () => "/c/chunhui/settings" },
  "c.$slug.votes._index.tsx": { as: "anyone", url: () => "/c/chunhui/votes" },
  "c.$slug.votes_.new.tsx": { as: "admin@example.org", url: () => "/c/chunhui/votes/new" },
  "confirm-email.tsx": { as: "anyone", url: () => "/confirm-email?token=not-a-token" },
  "design.tsx": { as: "anyone", url: () => "/design" },
  "dev.mail._index.tsx": { as: "anyone", url: () => "/dev/mail" },
  "dev.mail.$id.tsx": { as: "anyone", url: (ids) => `/dev/mail/${ids.mail}` },
  "forgot-password.tsx": { as: "anyone", url: () => "/forgot-password" },
  "join.tsx": { as: "resident@example.org", url: () => "/join" },
  "notifications.tsx": { as: "resident@example.org", url: () => "/notifications" },
  "proposals._index.tsx": { as: "anyone", url: () => "/proposals" },
  "proposals.$id._index.tsx": {
    as: "resident@example.org",
    url: (ids) => `/proposals/${ids.proposal}`,
  },
  "proposals.$id.compare.tsx": {
    as: "resident@example.org",
    url: (ids) => `/proposals/${ids.proposal}/compare`,
  },
  "proposals.$id.hearings.tsx": {
    as: "admin@example.org",
    url: (ids) => `/proposals/${ids.proposal}/hearings`,
  },
  "proposals.$id.versions._index.tsx": {
    as: "resident@example.org",
    url: (ids) => `/proposals/${ids.proposal}/versions`,
  },
  "proposals.$id.versions.$number.tsx": {
    as: "resident@example.org",
    url: (ids) => `/proposals/${ids.proposal}/versions/1`,
  },
  "reset-password.tsx": { as: "anyone", url: () => "/reset-password?token=not-a-token" },
  "settings.tsx": { as: "resident@example.org", url: () => "/settings" },
  "settings._index.tsx": { as: "resident@example.org", url: () => "/settings" },
  "settings.data.tsx": { as: "resident@example.org", url: () => "/settings/data" },
  "settings.data_.summary.tsx": { as: "resident@example.org", url: () => "/settings/data/summary" },
  "settings.notifications.tsx": {
    as: "resident@example.org",
    url: () => "/settings/notifications",
  },
  "settings.password.tsx": { as: "resident@example.org", url: () => "/settings/password" },
  "settings.sessions.tsx": { as: "resident@example.org", url: () => "/settings/sessions" },
  "sign-in.tsx": { as: "anyone", url: () => "/sign-in" },
  "sign-out.tsx": { as: "resident@example.org", url: () => "/sign-out" },
  "sign-up.tsx": { as: "anyone", url: () => "/sign-up" },
  "votes._index.tsx": { as: "resident@example.org", url: () => "/votes" },
  "votes.$id._index.tsx": { as: "resident@example.org", url: (ids) => `/votes/${ids.vote}` },
  "votes.$id.ballots.tsx": { as: "anyone", url: (ids) => `/votes/${ids.vote}/ballots` },
  "votes.$id.paper.tsx": { as: "admin@example.org", url: (ids) => `/votes/${ids.vote}/paper` },
  "votes.$id.proxy.tsx": { as: "grid@example.org", url: (ids) => `/votes/${ids.vote}/proxy` },
};

/** Routes that answer with data or a file, not a page: nothing to hydrate. */
const RESOURCE_ROUTES = [
  "preferences.tsx",
  "settings.export.tsx",
  "votes.$id.results[.]csv.tsx",
  "votes.$id.results[.]json.tsx",
];

test("every route file is listed here, as a page to open or a resource route", () => {
  const files = readdirSync(path.resolve("app/routes")).filter((f) => /\.tsx?$/.test(f));
  expect([...Object.keys(PAGES), ...RESOURCE_ROUTES].sort()).toEqual(files.sort());
});

/** The first link on `listUrl` whose address matches `pattern`: its first capture. */
async function firstId(page: Page, listUrl: string, pattern: RegExp): Promise<string> {
  await page.goto(listUrl);
  const hrefs = await page
    .locator("main a[href]")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const id = hrefs.map((href) => pattern.exec(href)?.[1]).find(Boolean);
  expect(id, `a link matching ${pattern} on ${listUrl}`).toBeTruthy();
  return id!;
}

/**
 * The ids the demo city has: a proposal, a vote, and (for the visitor, who opens the development
 * mailbox) one email, sent by asking for a password reset. Only one test asks: the form is rate limited.
 */
async function demoIds(page: Page, withMail: boolean): Promise<Ids> {
  const proposal = await firstId(page, "/c/chunhui/proposals", /^\/proposals\/(\d+)$/);
  const vote = await firstId(page, "/votes", /^\/votes\/(\d+)$/);
  if (!withMail) return { proposal, vote, mail: "" };
  await page.goto("/forgot-password");
  await hydrated(page);
  await page.getByLabel("电子邮箱").fill("resident2@example.org");
  await page.getByRole("button", { name: /发送/ }).click();
  await expect(page.getByRole("status")).toBeVisible();
  const mail = await firstId(page, "/dev/mail", /^\/dev\/mail\/([\w-]+)$/);
  return { proposal, vote, mail };
}

const PEOPLE: Who[] = ["anyone", "resident@example.org", "admin@example.org", "grid@example.org"];

for (const who of PEOPLE) {
  test(`every page hydrates without an error, for ${who === "anyone" ? "a visitor" : who}`, async ({
    page,
  }) => {
    test.setTimeout(480_000);
    const ids = await demoIds(page, who === "anyone");
    if (who !== "anyone") await signIn(page, who);
    // Signing out last: it ends the session the other pages need.
    const files = Object.keys(PAGES)
      .filter((file) => PAGES[file]!.as === who)
      .sort((a, b) => Number(a === "sign-out.tsx") - Number(b === "sign-out.tsx"));
    for (const file of files) {
      const url = PAGES[file]!.url(ids);
      const response = await page.goto(url);
      expect(response?.status() ?? 0, `${file} at ${url}`).toBeLessThan(500);
      await hydrated(page);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    }
  });
}
