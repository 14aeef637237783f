import { expect, test } from "./support/fixtures";

// The newcomer's path: a server started on a brand-new embedded database seeds the demo city itself.
test.use({ baseURL: process.env.E2E_EMBEDDED_URL });

test("a fresh embedded database serves the demo city in three languages", async ({ browser }) => {
  const health: unknown = await (await fetch(`${process.env.E2E_EMBEDDED_URL}/healthz`)).json();
  expect(health).toEqual({ status: "ok", database: "pglite" });
  for (const [locale, city] of [
    ["zh-CN", "云溪市"],
    ["zh-TW", "雲溪市"],
    ["en-US", "Yunxi City"],
  ] as const) {
    const context = await browser.newContext({ locale, baseURL: process.env.E2E_EMBEDDED_URL });
    const page = await context.newPage();
    await page.goto("/c/yunxi");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(city);
    await context.close();
  }
});
