import type { Page } from "@playwright/test";
import { hydrated, signIn } from "./support/accounts";
import { expect, test } from "./support/fixtures";

const LIFT = "为1号网格3号楼加装电梯";

test("a resident raises a matter as a draft, fixes a mistake, and publishes it", async ({
  page,
}) => {
  await signIn(page, "resident3@example.org");
  await page.goto("/c/chunhui");
  await page.getByRole("link", { name: "提出议题" }).click();
  await hydrated(page);
  // A mistake first: too short a summary, no category. What was typed stays.
  await page.getByLabel("标题").fill("在小区北门增设非机动车停车架");
  await page.getByLabel("概要").fill("太短");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.getByLabel("标题")).toHaveValue("在小区北门增设非机动车停车架");
  await page
    .getByLabel("概要")
    .fill("北门外自行车乱停，挡住了盲道和消防通道。建议增设二十个停车架并划线。");
  await page.getByLabel("类别").selectOption({ label: "交通停车" });
  await page.getByLabel("正文").fill("## 建议\n- 二十个停车架\n- 地面划线");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page.getByRole("status")).toContainText("草稿已保存");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("在小区北门增设非机动车停车架");
  await expect(page.locator(".badge--draft")).toHaveText("草稿");
  await expect(page.locator(".rich-text h3")).toHaveText("建议");
  const url = page.url();

  // Nobody else sees a draft.
  const other = await page.context().browser()!.newContext();
  const stranger = await other.newPage();
  const response = await stranger.goto(url);
  expect(response?.status()).toBe(404);
  await other.close();

  await hydrated(page);
  await page.getByRole("button", { name: "发布，征集支持" }).click();
  await expect(page.getByRole("status")).toContainText("议题已发布");
  await expect(page.locator(".badge--open")).toHaveText("征集支持");
  await page.getByRole("link", { name: "历史版本" }).click();
  await expect(page.getByText("征集支持").first()).toBeVisible();
});

test("supports until the threshold; the committee is told and takes it up", async ({
  page,
  browser,
}) => {
  await signIn(page, "resident5@example.org");
  await page.goto("/proposals");
  await page.getByRole("link", { name: LIFT }).click();
  await expect(page.getByText("2 位居民支持，门槛 3 位")).toBeVisible();
  await hydrated(page);
  await page.getByRole("button", { name: "我支持" }).click();
  await expect(page.getByRole("status")).toContainText("感谢您的支持");
  await expect(page.getByText("3 位居民支持，门槛 3 位")).toBeVisible();
  await expect(page.getByText("您已支持")).toBeVisible();

  const committeeContext = await browser.newContext();
  const committee = await committeeContext.newPage();
  await signIn(committee, "committee@example.org");
  await committee.goto("/notifications");
  await committee
    .getByRole("link", { name: /达到门槛/ })
    .first()
    .click();
  await hydrated(committee);
  await committee.getByRole("button", { name: "进入协商" }).click();
  await expect(committee.getByRole("status")).toContainText("议题已进入协商");
  await expect(committee.locator(".badge--deliberation")).toHaveText("协商中");
  await committeeContext.close();
});

test("a proposal page is readable without JavaScript, converted for a Traditional reader", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-TW" });
  const page = await context.newPage();
  await page.goto("/proposals");
  // Lists are converted too.
  await page.getByRole("link", { name: "在小區東門建電動腳踏車集中充電棚" }).first().click();
  // Written in Simplified Chinese, shown converted to a zh-Hant reader, with the original a click away.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "在小區東門建電動腳踏車集中充電棚",
  );
  await expect(page.getByText("本文原以另一種中文書寫，已自動轉換。")).toBeVisible();
  await expect(page.locator(".rich-text")).toContainText("充電");
  await page.getByRole("link", { name: "查看原文" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "在小区东门建电动自行车集中充电棚",
  );
  await context.close();
});

test("an opinion with a stance is counted, answered, and can be reported", async ({
  page,
  browser,
}) => {
  await signIn(page, "resident2@example.org");
  await page.goto("/proposals?q=%E5%85%85%E7%94%B5%E6%A3%9A");
  await page.getByRole("link", { name: "在小区东门建电动自行车集中充电棚" }).click();
  await hydrated(page);
  const before = await page.locator("figure figcaption").textContent();
  await page.getByRole("radio", { name: "有疑问" }).check();
  await page.getByLabel("您的意见").fill("充电棚晚上有人看管吗？电费怎么算？");
  await page.getByRole("button", { name: "发表意见" }).click();
  await expect(page.getByRole("status")).toContainText("意见已发表");
  const mine = page.locator("article.comment", { hasText: "充电棚晚上有人看管吗" });
  await expect(mine).toContainText("有疑问");
  await expect(page.locator("figure figcaption")).not.toHaveText(before ?? "");

  // A neighbour answers; the one who asked is told.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, "resident4@example.org");
  await other.goto(page.url().split("#")[0]!);
  await hydrated(other);
  const thread = other.locator("article.comment", { hasText: "充电棚晚上有人看管吗" });
  await thread.getByText("回复", { exact: true }).first().click();
  await thread.getByLabel(/回复 /).fill("物业说会装监控，电费按度数收。");
  await thread.getByRole("button", { name: "发表回复" }).click();
  await expect(other.getByRole("status")).toContainText("已发表");
  await otherContext.close();

  await page.goto("/notifications");
  await expect(page.getByText(/回复了您在议题/).first()).toBeVisible();
});

test("two authors type into the same proposal live; a member follows it but cannot type", async ({
  browser,
}) => {
  const people = [];
  for (const email of ["resident@example.org", "resident2@example.org", "resident4@example.org"]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email);
    await page.goto("/proposals?q=%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF");
    await page.getByRole("link", { name: LIFT }).click();
    await hydrated(page);
    people.push({ context, page });
  }
  const [wang, li, zhao] = people.map((p) => p.page) as [Page, Page, Page];

  for (const author of [wang, li]) {
    await author.getByRole("button", { name: "开始编辑" }).click();
    await expect(author.locator('[data-testid="live-editor"][data-synced="true"]')).toBeVisible();
  }
  await zhao.getByRole("button", { name: "实时查看" }).click();
  await expect(zhao.locator('[data-testid="live-editor"][data-synced="true"]')).toBeVisible();
  await expect(zhao.getByText("您可以实时查看，但没有编辑权限。")).toBeVisible();

  const wangBox = wang.getByRole("textbox", { name: /正文/ });
  await wangBox.click();
  await wang.keyboard.press("Control+End");
  await wang.keyboard.type(" 王阿姨补充：一楼住户补偿另议。");
  const liBox = li.getByRole("textbox", { name: /正文/ });
  await expect(liBox).toContainText("王阿姨补充：一楼住户补偿另议。");
  await liBox.click();
  await li.keyboard.press("Control+End");
  await li.keyboard.type(" 李师傅：施工期间保证通行。");
  await expect(wangBox).toContainText("李师傅：施工期间保证通行。");
  // Each sees the other's caret with their name; the member sees both texts live.
  await expect(wang.locator(".collaboration-carets__label", { hasText: "李师傅" })).toBeVisible();
  await expect(li.locator(".collaboration-carets__label", { hasText: "王阿姨" })).toBeVisible();
  const zhaoBox = zhao.getByRole("textbox", { name: /正文/ });
  await expect(zhaoBox).toContainText("李师傅：施工期间保证通行。");
  await expect(zhaoBox).toHaveAttribute("contenteditable", "false");
  await zhaoBox.click();
  await zhao.keyboard.type("不该出现的字");
  await expect(wangBox).not.toContainText("不该出现的字");

  // The rendered text reaches the server-rendered page (debounced), and a version diff shows the edit.
  await expect
    .poll(
      async () => {
        await li.goto(li.url());
        return li.locator(".rich-text").textContent();
      },
      { timeout: 15_000 },
    )
    .toContain("李师傅：施工期间保证通行。");
  await wang.goto(wang.url().split("?")[0]!.split("#")[0] + "/versions");
  await hydrated(wang);
  await wang.getByLabel("版本名称").fill("补充了补偿和通行");
  await wang.getByRole("button", { name: "保存版本" }).click();
  await expect(wang.getByRole("status")).toBeVisible();
  await wang.getByRole("button", { name: "比较", exact: true }).click();
  await expect(wang.locator("ins.diff__added", { hasText: "王阿姨补充" }).first()).toBeVisible();
  for (const person of people) await person.context.close();
});
