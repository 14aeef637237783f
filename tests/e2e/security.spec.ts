import { expect, test } from "./support/fixtures";

test("a cross-origin POST is refused with 403", async ({ request, baseURL }) => {
  const response = await request.post("/preferences", {
    headers: { Origin: "https://evil.example" },
    form: { intent: "care", care: "on", redirectTo: "/" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  const same = await request.post("/preferences", {
    headers: { Origin: baseURL! },
    form: { intent: "care", care: "on", redirectTo: "/" },
    maxRedirects: 0,
  });
  expect(same.status()).toBe(302);
});

test("a form on another site cannot post here from a browser", async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent(
    `<form method="post" action="${baseURL}/preferences"><input name="intent" value="care">` +
      `<input name="care" value="on"><button>go</button></form>`,
  );
  const [response] = await Promise.all([
    page.waitForResponse(`${baseURL}/preferences`),
    page.click("button"),
  ]);
  expect(response.status()).toBe(403);
  const cookies = await context.cookies(baseURL);
  expect(cookies.find((c) => c.name === "yishi_care")).toBeUndefined();
  await context.close();
});

test("pages carry a nonce-based CSP and run their scripts under it", async ({ page }) => {
  const response = await page.goto("/");
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp).toContain("frame-ancestors 'none'");
  // Hydration ran (the fixture fails the test on any CSP violation in the console).
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-Hans");
  await page.getByRole("link", { name: "社区" }).first().click();
  await expect(page).toHaveURL(/\/c$/);
});

test("a language switch cannot redirect off the site", async ({ request }) => {
  const response = await request.post("/preferences", {
    form: { intent: "language", locale: "en", redirectTo: "//evil.example/" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  expect(response.headers().location).toBe("/");
});

test("/healthz reports the database", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok" });
});
