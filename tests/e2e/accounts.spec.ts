import {
  createAccount,
  hydrated,
  openMail,
  signIn,
  signOut,
  uniqueEmail,
} from "./support/accounts";
import { expect, test } from "./support/fixtures";

test("sign up, confirm the email from the mailbox, sign in and out", async ({ page }) => {
  const { email } = await createAccount(page, "新居民 小周");
  await expect(page.getByRole("link", { name: "新居民 小周" })).toBeVisible();
  // The welcome notification is waiting.
  await expect(page.getByRole("link", { name: /通知/ })).toContainText("1");
  await page.getByRole("link", { name: /通知/ }).click();
  await expect(page.getByText("欢迎加入议事，新居民 小周！")).toBeVisible();
  await signOut(page);
  await expect(page.getByRole("status")).toContainText("已退出登录");
  // Signing in before confirming is refused with a way to get a new link.
  const unconfirmed = uniqueEmail("unconfirmed");
  await page.goto("/sign-up");
  await page.getByLabel("称呼").fill("未确认");
  await page.getByLabel("电子邮箱").fill(unconfirmed);
  await page.getByLabel("密码").fill("Chun-hui-2026-garden");
  await page.getByRole("button", { name: "注册", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel("电子邮箱").fill(unconfirmed);
  await page.getByLabel("密码").fill("Chun-hui-2026-garden");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("请先打开确认邮件中的链接");
  await expect(page.getByRole("button", { name: "重新发送确认邮件" })).toBeVisible();
  expect(email).toContain("@example.net");
});

test("sign-up explains refused passwords and keeps what was typed", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("称呼").fill("王阿姨");
  await page.getByLabel("电子邮箱").fill("not-an-email");
  await page.getByLabel("密码").fill("1234567890");
  await page.getByRole("button", { name: "注册", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("请输入有效的电子邮箱地址");
  await expect(page.getByLabel("称呼")).toHaveValue("王阿姨");
  await page.getByLabel("电子邮箱").fill(uniqueEmail("weak"));
  await page.getByLabel("密码").fill("1234567890");
  await page.getByRole("button", { name: "注册", exact: true }).click();
  await expect(page.locator("#field-password-error")).toContainText("这个密码太常见");
});

test("repeated bad passwords are rate limited with a clear message and Retry-After", async ({
  page,
  request,
}) => {
  const { email } = await createAccount(page, "限速测试");
  await signOut(page);
  for (let i = 0; i < 5; i++) {
    const response = await request.post("/sign-in", {
      form: { email, password: `wrong-password-${i}` },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(400);
  }
  const limited = await request.post("/sign-in", {
    form: { email, password: "wrong-again-123" },
    maxRedirects: 0,
  });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  // Even the right password waits now; the page says why, in the reader's language.
  await page.goto("/sign-in");
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码").fill("Gui-yuan-2026-street");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("尝试次数太多，请 15 分钟后再试");
});

test("a forgotten password is reset by email", async ({ page }) => {
  const { email } = await createAccount(page, "忘记密码的人");
  await signOut(page);
  await page.goto("/forgot-password");
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByRole("button", { name: "发送重设链接" }).click();
  await expect(page.getByRole("status")).toContainText("重设密码的链接已发送");
  await openMail(page, email);
  await page.getByRole("link", { name: /reset-password\?token=/ }).click();
  await hydrated(page);
  await page.getByLabel("新密码").fill("Meilin-lane-2027");
  await page.getByRole("button", { name: "保存新密码" }).click();
  await expect(page.getByRole("status")).toContainText("密码已更新");
  await signIn(page, email, "Meilin-lane-2027");
});

test("settings: change language and care mode on the account, see and revoke sessions", async ({
  page,
  browser,
}) => {
  const { email, password } = await createAccount(page, "设置测试");
  // A second device.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, email, password);
  await page.goto("/settings/sessions");
  const devices = page.locator(".card");
  await expect(devices).toHaveCount(2);
  await expect(page.getByText("当前设备")).toBeVisible();
  await devices
    .filter({ hasNotText: "当前设备" })
    .getByRole("button", { name: "退出该设备" })
    .click();
  await expect(page.getByRole("status")).toContainText("该设备已退出登录");
  await otherPage.goto("/settings");
  await expect(otherPage).toHaveURL(/\/sign-in\?redirectTo=%2Fsettings/);
  await other.close();

  await page.goto("/settings");
  await page.getByLabel("界面语言").selectOption("en");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("status")).toContainText("Saved.");
});

test("export one's data and delete the account", async ({ page }) => {
  const { email, password } = await createAccount(page, "注销测试");
  await page.goto("/settings/data");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "下载数据" }).click(),
  ]);
  const exported = JSON.parse(
    await (
      await download.createReadStream()
    )
      .toArray()
      .then((c) => Buffer.concat(c).toString("utf8")),
  ) as {
    account: { email: string; displayName: string };
    sections: { notifications: unknown[] };
  };
  expect(exported.account).toMatchObject({ email, displayName: "注销测试" });
  expect(exported.sections.notifications.length).toBeGreaterThan(0);

  await page.getByLabel("密码").fill("wrong-password-here");
  await page.getByRole("button", { name: "永久注销账户" }).click();
  await expect(page.locator("#field-password-error")).toContainText("密码不正确");
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "永久注销账户" }).click();
  await expect(page.getByRole("status")).toContainText("账户已注销");
  await page.goto("/sign-in");
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("邮箱或密码不正确");
});

test("a session cookie is refused after sign-out", async ({ page, context, request }) => {
  await signIn(page, "resident2@example.org");
  const cookie = (await context.cookies()).find((c) => c.name === "yishi_session");
  expect(cookie).toBeTruthy();
  await signOut(page);
  const replay = await request.get("/settings", {
    headers: { Cookie: `yishi_session=${cookie!.value}` },
    maxRedirects: 0,
  });
  expect(replay.status()).toBe(302);
  expect(replay.headers().location).toContain("/sign-in");
});
