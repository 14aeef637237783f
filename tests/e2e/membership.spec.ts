import { createAccount, signIn, signOut } from "./support/accounts";
import { expect, test } from "./support/fixtures";

test("ask to join, a committee member verifies, the resident sees their role and a notification", async ({
  page,
  browser,
}) => {
  await createAccount(page, "新来的租户 小吴");
  await page.goto("/c/chunhui");
  await page.getByRole("link", { name: "申请加入本社区" }).click();
  await page.getByLabel("楼栋").selectOption({ label: "春晖花园7栋" });
  await page.getByLabel("单元和门牌").fill("2单元 702");
  await page.getByLabel("给审核人的说明").fill("租住，2026 年 10 月搬来。");
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByRole("status")).toContainText("申请已提交");
  await expect(page.getByText("您的入社申请正在等待审核。")).toBeVisible();

  const committeeContext = await browser.newContext();
  const committee = await committeeContext.newPage();
  await signIn(committee, "committee@example.org");
  await committee.goto("/notifications");
  await expect(
    committee.getByRole("link", { name: /新来的租户 小吴 申请加入春晖社区/ }).first(),
  ).toBeVisible();
  await committee.goto("/c/chunhui/members");
  const request = committee.locator(".card", { hasText: "新来的租户 小吴" });
  await expect(request).toContainText("春晖花园7栋 · 2单元 702");
  await request.getByRole("button", { name: "认证" }).click();
  await expect(committee.getByRole("status")).toContainText("已认证");
  await committee.goto("/c/chunhui/audit");
  await expect(committee.getByRole("table")).toContainText("通过了新来的租户 小吴的入社申请");
  await committeeContext.close();

  await page.goto("/c/chunhui");
  await expect(page.getByText("您是本社区的认证居民。")).toBeVisible();
  await page.goto("/notifications");
  await expect(page.getByText("您已成为春晖社区的认证居民")).toBeVisible();
});

test("a declined request says why, and the person gains no rights", async ({ page, browser }) => {
  await createAccount(page, "不住这里的人");
  await page.goto("/c/chunhui/join");
  await page.getByRole("button", { name: "提交申请" }).click();
  const committeeContext = await browser.newContext();
  const committee = await committeeContext.newPage();
  await signIn(committee, "committee@example.org");
  await committee.goto("/c/chunhui/members");
  const request = committee.locator(".card", { hasText: "不住这里的人" });
  await request.getByLabel(/不通过的理由/).fill("经核实不在本社区居住");
  await request.getByRole("button", { name: "不通过" }).click();
  await expect(committee.getByRole("status")).toContainText("已不予通过");
  await committeeContext.close();
  await page.goto("/notifications");
  await expect(page.getByText("理由：经核实不在本社区居住")).toBeVisible();
  await page.goto("/c/chunhui");
  await expect(page.getByText("您是本社区的认证居民。")).toHaveCount(0);
});

test("a household code from a grid worker verifies at once", async ({ page, browser }) => {
  const gridContext = await browser.newContext();
  const grid = await gridContext.newPage();
  await signIn(grid, "grid@example.org");
  await grid.goto("/c/chunhui/codes");
  await grid.getByLabel("数量（1–50）").fill("3");
  await grid.getByRole("button", { name: "生成入户码" }).click();
  await expect(grid.getByRole("heading", { name: /已生成 3 个入户码/ })).toBeVisible();
  const code = (await grid.locator(".code-card__code").first().textContent())!.trim();
  await gridContext.close();

  await createAccount(page, "上门认证的老人");
  await page.goto("/join");
  await page.getByLabel("入户码").fill(code.toLowerCase().replace("-", " "));
  await page.getByRole("button", { name: "使用入户码" }).click();
  await expect(page.getByRole("status")).toContainText("认证成功");
  await expect(page).toHaveURL(/\/c\/chunhui$/);
  await expect(page.getByText("您是本社区的认证居民。")).toBeVisible();
  // A code works once.
  await signOut(page);
  await createAccount(page, "第二个人");
  await page.goto("/join");
  await page.getByLabel("入户码").fill(code);
  await page.getByRole("button", { name: "使用入户码" }).click();
  await expect(page.getByRole("alert")).toContainText("入户码无效、已使用或已过期");
});

test("an admin grants a role, the audit log shows it, and revocation works on the next request", async ({
  page,
  browser,
}) => {
  const { email } = await createAccount(page, "未来的网格员");
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "admin@example.org");
  await admin.goto("/c/chunhui/roles");
  await admin.getByLabel("电子邮箱").fill(email);
  await admin.getByRole("combobox", { name: /^角色/ }).selectOption({ label: "网格员" });
  await admin.getByRole("button", { name: "授予" }).click();
  await expect(admin.getByRole("status")).toContainText("角色已授予");
  await expect(admin.getByRole("row", { name: /未来的网格员/ })).toContainText("网格员");
  await admin.goto("/c/chunhui/audit");
  await expect(
    admin.getByRole("row", { name: /授予未来的网格员“网格员”角色/ }).first(),
  ).toBeVisible();

  await page.goto("/c/chunhui/codes");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("入户码");

  await admin.goto("/c/chunhui/roles");
  await admin.getByRole("button", { name: "撤销 未来的网格员 的网格员角色" }).click();
  await expect(admin.getByRole("status")).toContainText("角色已撤销");
  await adminContext.close();

  const response = await page.goto("/c/chunhui/codes");
  expect(response?.status()).toBe(403);
  await page.goto("/notifications");
  await expect(page.getByText("您在春晖社区的角色“网格员”已被撤销。")).toBeVisible();
});

test("a committee member may grant only grid worker and moderator", async ({ page }) => {
  await signIn(page, "committee@example.org");
  await page.goto("/c/chunhui/roles");
  const options = await page
    .getByRole("combobox", { name: /^角色/ })
    .locator("option")
    .allTextContents();
  expect(options).toEqual(["网格员", "版主"]);
});

test("a resident calling committee actions by hand gets 403, and others' ids get 404", async ({
  page,
  request,
}) => {
  await signIn(page, "resident@example.org");
  for (const path of [
    "/c/chunhui/members",
    "/c/chunhui/roles",
    "/c/chunhui/codes",
    "/c/chunhui/manage",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
  // The audit log is open to all, in its public form (votes, decisions, offices) only.
  const audit = await page.goto("/c/chunhui/audit");
  expect(audit?.status()).toBe(200);
  await expect(page.getByText(/这里公开本级及下级单位表决的开始与结束/)).toBeVisible();
  const cookies = await page.context().cookies();
  const headers = { Cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") };
  const forged = await request.post("/c/chunhui/members", {
    headers,
    form: { membershipId: "1", decision: "verify" },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(403);
  const grant = await request.post("/c/chunhui/roles", {
    headers,
    form: { intent: "grant", email: "resident@example.org", role: "admin" },
    maxRedirects: 0,
  });
  expect(grant.status()).toBe(403);
  const notification = await request.post("/notifications", {
    headers,
    form: { id: "999999" },
    maxRedirects: 0,
  });
  expect(notification.status()).toBe(404);
  const session = await request.post("/settings/sessions", {
    headers,
    form: { sessionId: "someone-elses-session" },
    maxRedirects: 0,
  });
  expect(session.status()).toBe(404);
});
