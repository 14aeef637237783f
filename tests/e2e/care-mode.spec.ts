import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

async function rootFontSize(page: Page) {
  return page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
}

test("care mode makes type larger, is remembered, and can be switched off", async ({ page }) => {
  await page.goto("/c/chunhui");
  const toggle = page.getByRole("button", { name: "关怀模式" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  const normal = await rootFontSize(page);
  const bodyNormal = await page.evaluate(() =>
    parseFloat(getComputedStyle(document.body).fontSize),
  );

  await toggle.click();
  await expect(page.locator("html")).toHaveAttribute("data-care", "on");
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("status")).toContainText("已开启关怀模式");
  const large = await rootFontSize(page);
  expect(large).toBeGreaterThanOrEqual(normal * 1.2);
  const bodyLarge = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(bodyLarge).toBeGreaterThan(bodyNormal);
  // Larger targets: every link card is at least 4.5rem high in care mode.
  const cardHeight = await page
    .locator(".link-card")
    .first()
    .evaluate((el) => el.getBoundingClientRect().height);
  expect(cardHeight).toBeGreaterThanOrEqual(4.5 * large - 1);

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-care", "on");
  await page.goto("/");
  expect(await rootFontSize(page)).toBe(large);

  await page.getByRole("button", { name: "关怀模式" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-care", "off");
  expect(await rootFontSize(page)).toBe(normal);
});

test("care mode works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("button", { name: "关怀模式" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-care", "on");
  await expect(page).toHaveURL(/\/$/);
  await context.close();
});
