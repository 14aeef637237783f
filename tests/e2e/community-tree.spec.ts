import { hydrated } from "./support/accounts";
import { expect, tabTo, test } from "./support/fixtures";

test("the community tree is navigable by keyboard alone", async ({ page }) => {
  await page.goto("/");
  // Keys pressed before hydration race React taking over the page (React error #345).
  await hydrated(page);

  // The skip link comes first and moves focus to the main content.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "跳到主要内容" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  await tabTo(page, "云溪市");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/c\/yunxi$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("云溪市");

  for (const [name, slug] of [
    ["东湖区", "donghu"],
    ["桂园街道", "guiyuan"],
    ["春晖社区", "chunhui"],
    ["第一网格", "chunhui-g1"],
  ] as const) {
    await tabTo(page, name);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/c/${slug}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  }

  // A long list pages, by keyboard too.
  await tabTo(page, "下一页");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/c\/chunhui-g1\?page=2$/);
  await tabTo(page, "春晖花园24栋");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/c\/chunhui-g1-b24$/);
  await expect(page.getByRole("heading", { name: "这是一栋楼" })).toBeVisible();

  // Breadcrumbs lead back up.
  const crumbs = page.getByRole("navigation", { name: "当前位置" });
  await expect(crumbs.getByRole("link")).toHaveText([
    "全部社区",
    "云溪市",
    "东湖区",
    "桂园街道",
    "春晖社区",
    "第一网格",
  ]);
  await tabTo(page, "春晖社区");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/c\/chunhui$/);
});

test("a community page shows its units, counts and place in the tree", async ({ page }) => {
  await page.goto("/c/chunhui");
  await expect(page.getByText("社区", { exact: true }).first()).toBeVisible();
  const stats = page.locator(".stats");
  await expect(stats).toContainText("网格");
  await expect(stats).toContainText("3");
  await expect(stats).toContainText("34");
  await expect(page.getByRole("link", { name: /第一网格.*下辖 24 个单位/ })).toBeVisible();
});

test("an unknown community is a translated 404", async ({ page }) => {
  const response = await page.goto("/c/atlantis");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("找不到这个页面");
  const bad = await page.goto("/c/NOT_A_SLUG");
  expect(bad?.status()).toBe(404);
});

test("pages read without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/c/chunhui-g1?page=2");
  await expect(page.getByRole("link", { name: "春晖花园21栋" })).toBeVisible();
  await page.getByRole("link", { name: "上一页" }).click();
  await expect(page.getByRole("link", { name: "春晖花园1栋" })).toBeVisible();
  await context.close();
});

test("on a phone the page fits the screen", async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
  });
  const page = await context.newPage();
  for (const path of ["/", "/c/chunhui-g1", "/design"]) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  await context.close();
});
