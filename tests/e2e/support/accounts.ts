import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "yishi-demo-2026";

/** Waits until React has hydrated the page, so that enhanced forms and buttons behave as enhanced. */
export async function hydrated(page: Page) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(
    page.getByRole("navigation", { name: "账户" }).getByRole("button", { name: "退出登录" }),
  ).toBeVisible();
}

export async function signOut(page: Page) {
  await page
    .getByRole("navigation", { name: "账户" })
    .getByRole("button", { name: "退出登录" })
    .click();
  await expect(
    page.getByRole("navigation", { name: "账户" }).getByRole("link", { name: "登录" }),
  ).toBeVisible();
}

/** A unique address for a test's own new account. */
export function uniqueEmail(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.net`;
}

/** Opens the newest message to `email` in the development mailbox (waiting for it to arrive). */
export async function openMail(page: Page, email: string) {
  const message = page.locator(".link-card", { hasText: email }).first();
  await expect(async () => {
    await page.goto("/dev/mail");
    await expect(message).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await message.click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

/** Signs up, confirms the email from the development mailbox and signs in. */
export async function createAccount(page: Page, displayName: string, email = uniqueEmail("e2e")) {
  const password = "Gui-yuan-2026-street";
  await page.goto("/sign-up");
  await hydrated(page);
  await page.getByLabel("称呼").fill(displayName);
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "注册", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(`确认邮件已发送到 ${email}`);
  await openMail(page, email);
  await page.getByRole("link", { name: /confirm-email\?token=/ }).click();
  await hydrated(page);
  await page.getByRole("button", { name: "确认邮箱" }).click();
  await expect(page.getByRole("status")).toContainText("邮箱已确认");
  await signIn(page, email, password);
  return { email, password };
}
