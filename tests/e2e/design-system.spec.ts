import { expect, test } from "./support/fixtures";

for (const javaScriptEnabled of [true, false]) {
  test(`a form explains its errors and keeps what was typed (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto("/design");
    await page.getByLabel("称呼").fill("王阿姨");
    await page.getByLabel("电子邮箱").fill("not-an-email");
    await page.getByLabel("您的意见").fill("太短");
    await page.getByRole("button", { name: "提交" }).click();

    const summary = page.getByRole("alert");
    await expect(summary).toContainText("有 3 处需要修改");
    await expect(page.getByLabel("称呼")).toHaveValue("王阿姨");
    await expect(page.getByLabel("电子邮箱")).toHaveValue("not-an-email");
    await expect(page.getByLabel("电子邮箱")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#field-email-error")).toContainText("请输入有效的电子邮箱地址");
    await expect(summary.getByRole("link", { name: /电子邮箱/ })).toHaveAttribute(
      "href",
      "#field-email",
    );
    await expect(page.locator("#field-message-error")).toContainText("至少需要 10 个字");
    await expect(page.locator("#field-topic-error")).toContainText("请从选项中选择一项");

    await page.getByLabel("电子邮箱").fill("wang@example.org");
    await page.getByLabel("议题类别").selectOption({ label: "交通停车" });
    await page.getByLabel("您的意见").fill("小区门口早晚高峰停车太乱，希望划定临时停车位。");
    await page.getByRole("button", { name: "提交" }).click();
    await expect(page.getByRole("status")).toContainText("示例表单已通过校验");
    await expect(page.getByRole("alert")).toHaveCount(0);
    await context.close();
  });
}

test("a dialog opens, traps focus and closes with Escape", async ({ page }) => {
  await page.goto("/design");
  const opener = page.getByRole("button", { name: "什么是关怀模式？" });
  await opener.click();
  const dialog = page.getByRole("dialog", { name: "关怀模式" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await opener.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "关闭" }).click();
  await expect(dialog).toBeHidden();
});

test("the style guide shows a table of real data and pagination", async ({ page }) => {
  await page.goto("/design?page=5");
  const table = page.getByRole("table", { name: "云溪市 各级单位数量" });
  await expect(table.getByRole("row")).toHaveCount(6);
  await expect(table.getByRole("row", { name: /楼栋/ })).toContainText("75");
  await expect(
    page.getByRole("navigation", { name: "分页示例" }).getByRole("link", { name: "第 5 页" }),
  ).toHaveAttribute("aria-current", "page");
});
