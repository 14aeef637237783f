import { expect, test } from "./support/fixtures";

const HANS = { lang: "zh-Hans", heading: "社区的事，大家一起商量", title: "首页 · 议事" };
const HANT = { lang: "zh-Hant", heading: "社區的事，大家一起商量", title: "首頁 · 議事" };
const EN = { lang: "en", heading: "Community matters, decided together", title: "Home · Yishi" };
const HOME = [
  { browserLocale: "zh-CN", ...HANS },
  { browserLocale: "zh-SG", ...HANS },
  { browserLocale: "zh-TW", ...HANT },
  { browserLocale: "zh-HK", ...HANT },
  { browserLocale: "zh-MO", ...HANT },
  { browserLocale: "en-GB", ...EN },
  { browserLocale: "en-US", ...EN },
];

for (const { browserLocale, lang, heading, title } of HOME) {
  test(`the home page speaks ${lang} to a browser set to ${browserLocale}`, async ({ browser }) => {
    // The browser's locale sets the Accept-Language header it sends.
    const context = await browser.newContext({ locale: browserLocale });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page).toHaveTitle(title);
    await context.close();
  });
}

test("the home page lists the demo city and its districts", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-Hans");
  await expect(page.getByRole("link", { name: "云溪市" })).toBeVisible();
  await expect(page.getByRole("link", { name: /东湖区/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /西山区/ })).toBeVisible();
});

test("switching language keeps the page and is remembered", async ({ page }) => {
  await page.goto("/c/chunhui-g1?page=2");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("第一网格");

  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/c\/chunhui-g1\?page=2$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Grid 1");
  await expect(page.getByRole("status")).toContainText("The interface is now in English.");
  await expect(page.getByRole("link", { name: "Chunhui Garden Building 21" })).toBeVisible();

  await page.getByRole("button", { name: "繁體中文" }).click();
  await expect(page).toHaveURL(/\/c\/chunhui-g1\?page=2$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-Hant");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("第一網格");
  await expect(page.getByRole("navigation", { name: "目前位置" })).toContainText("春暉社區");

  // Remembered: a new visit to another page, whatever the browser asks for, stays in zh-Hant.
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-Hant");
  await expect(page.getByRole("button", { name: "繁體中文" })).toHaveAttribute(
    "aria-current",
    "true",
  );
});

test("language switching works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/c/chunhui");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("春晖社区");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/c\/chunhui$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Chunhui Community");
  await context.close();
});

test("dates and numbers follow the language", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/c/yunxi");
  await expect(page.getByText(/^Information updated \d{1,2} [A-Z][a-z]+ \d{4}$/)).toBeVisible();
  await context.close();
  await page.close();
});
