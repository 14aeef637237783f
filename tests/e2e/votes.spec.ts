import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { hydrated, signIn } from "./support/accounts";
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./support/fixtures";

/** A wall-clock time in Asia/Shanghai (UTC+8, no summer time) as a datetime-local value, seconds included. */
function shanghaiLocal(at: number): string {
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 19);
}

/** A signed-in page in a context of its own (a resident on their own phone). */
async function personPage(browser: Browser, email: string, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  if (javaScriptEnabled) await signIn(page, email);
  else {
    await page.goto("/sign-in");
    await page.getByLabel("电子邮箱").fill(email);
    await page.getByLabel("密码").fill("yishi-demo-2026");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
  }
  return { context, page };
}

/** The committee opens a vote on the community's votes page; returns its address. */
async function openVote(
  page: Page,
  vote: { title: string; method: string; options: string; closesAt: number; budget?: string },
) {
  await page.goto("/c/chunhui");
  await page.getByRole("link", { name: "查看表决" }).click();
  await page.getByRole("link", { name: "发起表决" }).first().click();
  await hydrated(page);
  await page.getByLabel("标题").fill(vote.title);
  await page.getByLabel("表决方式").selectOption({ label: vote.method });
  await page.getByLabel("选项").fill(vote.options);
  // Opening now, to the second: the default (this minute) may precede the demo residents' roles
  // when the test server has just been seeded.
  await page.getByLabel("开始时间").fill(shanghaiLocal(Date.now()));
  await page.getByLabel("截止时间").fill(shanghaiLocal(vote.closesAt));
  if (vote.budget) await page.getByLabel("预算总额（元）").fill(vote.budget);
  await page.getByRole("button", { name: "创建表决" }).click();
  await expect(page.locator(".toast")).toContainText("表决已创建");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(vote.title);
  await expect(page.locator(".badge--vote-open")).toHaveText("进行中");
  return page.url();
}

/** Taps the options in this order (the enhanced ranked ballot) and checks each is announced. */
async function tapToRank(page: Page, names: string[]) {
  for (const [index, name] of names.entries()) {
    await page.getByRole("button", { name: new RegExp(`^${name}`) }).click();
    await expect(page.locator(".tap-rank__order li").nth(index)).toContainText(name);
  }
}

/** Reloads until the vote has closed and its results are shown. */
async function waitForResults(page: Page, url: string) {
  await expect
    .poll(
      async () => {
        await page.goto(url);
        return page.getByRole("heading", { name: "结果", exact: true }).isVisible();
      },
      { timeout: 100_000, intervals: [3_000] },
    )
    .toBe(true);
}

test("a ranked secret vote: three residents vote, one changes, the count is shown round by round and a receipt is found", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const tag = randomBytes(3).toString("hex");
  const [a, b, c] = [`东门方案${tag}`, `西门方案${tag}`, `北门方案${tag}`];
  const title = `停车棚选址 ${tag}`;

  // Everyone signs in first, so that the voting fits in the minute the vote is open.
  await signIn(page, "committee@example.org");
  const wang = await personPage(browser, "resident@example.org");
  const li = await personPage(browser, "resident2@example.org", false);
  const zhang = await personPage(browser, "resident3@example.org");

  const url = await openVote(page, {
    title,
    method: "排序复选",
    options: [a, b, c].join("\n"),
    closesAt: Date.now() + 60_000,
  });
  await expect(page.getByText(/还有 \d+ 分钟 截止/)).toBeVisible();

  // 王阿姨 ranks by tapping: A then B, with an undo on the way.
  await wang.page.goto(url);
  await hydrated(wang.page);
  // The number boxes (what a browser without JavaScript shows) are there on request too.
  await wang.page.getByRole("button", { name: "改为填写名次数字" }).click();
  await expect(wang.page.getByLabel(a, { exact: true })).toBeVisible();
  await expectAccessible(wang.page, "the ranked ballot's number boxes");
  await wang.page.getByRole("button", { name: "改为点选排序" }).click();
  await tapToRank(wang.page, [c]);
  await wang.page.getByRole("button", { name: "撤销上一步" }).click();
  await expect(wang.page.locator(".tap-rank__order li")).toHaveCount(0);
  await tapToRank(wang.page, [a, b]);
  await expect(wang.page.getByText(`已把“${b}”排为第 2 位。`)).toBeAttached();
  await expectAccessible(wang.page, "the tap-to-rank ballot");
  await wang.page.getByRole("button", { name: "投出选票" }).click();
  await expect(wang.page.getByRole("heading", { name: "您的投票回执" })).toBeVisible();
  await expect(wang.page.getByText("请保存好这个回执码")).toBeVisible();
  const wangReceipt = (await wang.page.locator(".receipt__code code").textContent())!.trim();
  expect(wangReceipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

  // 李师傅 has no JavaScript: he types rank numbers (B first, C second).
  await expectAccessibleWithoutScripts(li.context, url, "the ranked ballot without JavaScript");
  await li.page.goto(url);
  await li.page.getByLabel(b, { exact: true }).fill("1");
  await li.page.getByLabel(c, { exact: true }).fill("2");
  await li.page.getByRole("button", { name: "投出选票" }).click();
  await expect(li.page.getByRole("heading", { name: "您的投票回执" })).toBeVisible();

  // 张同学 votes A > C, then changes the ballot to C > A with the receipt.
  await zhang.page.goto(url);
  await hydrated(zhang.page);
  await tapToRank(zhang.page, [a, c]);
  await zhang.page.getByRole("button", { name: "投出选票" }).click();
  const zhangReceipt = (await zhang.page.locator(".receipt__code code").textContent())!.trim();
  await zhang.page.reload();
  await hydrated(zhang.page);
  await expect(zhang.page.getByText("您已经投票。")).toBeVisible();
  await expect(zhang.page.locator(".receipt")).toHaveCount(0);
  await zhang.page.getByText("修改我的选票").click();
  await tapToRank(zhang.page, [c, a]);
  await zhang.page.getByLabel("回执码").fill(zhangReceipt.toLowerCase());
  await zhang.page.getByRole("button", { name: "提交修改后的选票" }).click();
  await expect(zhang.page.locator(".toast")).toContainText("您的选票已修改");

  // Nobody sees running results of a secret vote.
  await page.reload();
  await expect(page.getByRole("heading", { name: "结果", exact: true })).toHaveCount(0);

  // First preferences split 1–1–1; the lot excludes one, and its ballot moves on: two rounds.
  await waitForResults(page, url);
  await expect(page.locator(".badge--vote-closed")).toHaveText("已结束");
  await expect(page.getByText(/^3 \/ \d+ 人/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "逐轮计票（共 2 轮）" })).toBeVisible();
  await expect(page.getByText(/票数相同，按公开的抽签顺序决定/)).toBeVisible();
  const rounds = page.getByRole("table", { name: "逐轮票数" });
  await expect(rounds.getByRole("columnheader", { name: "第 2 轮" })).toBeVisible();
  await expect(page.locator(".outcome").first()).toContainText(/胜出：(东门|西门|北门)方案/);

  // The downloads: CSV with the rounds, JSON with the ballot box.
  const csv = await page.request.get(`${url}/results.csv`);
  expect(csv.headers()["content-disposition"]).toContain("attachment;");
  expect(await csv.text()).toContain("round_2");
  const json = (await (await page.request.get(`${url}/results.json`)).json()) as {
    ballots: Array<{ receipt: string }>;
  };
  expect(json.ballots.map((ballot) => ballot.receipt)).toContain(wangReceipt);

  // 张同学 finds his changed ballot in the published box with his receipt.
  await page.getByRole("link", { name: "公开票箱和回执查询" }).click();
  await expect(page.getByRole("heading", { name: "公开票箱" })).toBeVisible();
  await expect(page.getByRole("table")).toContainText(wangReceipt);
  await page.getByLabel("回执码").fill(zhangReceipt.replaceAll("-", " "));
  await page.getByRole("button", { name: "查询" }).click();
  const found = page.locator(".notice--success");
  await expect(found).toContainText(`找到了回执码 ${zhangReceipt} 的选票`);
  await expect(found.locator("li").first()).toHaveText(c);
  await page.getByLabel("回执码").fill("0000-0000-0000-0000");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.locator(".notice--error")).toContainText("票箱里没有回执码为");

  for (const person of [wang, li, zhang]) await person.context.close();
});

test("a participatory budget: the spending bar follows the ticks, the server refuses too much, the funded projects are shown", async ({
  page,
  browser,
}) => {
  test.setTimeout(200_000);
  const tag = randomBytes(3).toString("hex");
  const [lights, benches, garden] = [`换路灯${tag}`, `加座椅${tag}`, `修花园${tag}`];
  await signIn(page, "committee@example.org");
  const resident = await personPage(browser, "resident4@example.org");
  const url = await openVote(page, {
    title: `小区微更新预算 ${tag}`,
    method: "参与式预算",
    options: `${lights} | 30000\n${benches} | 50000\n${garden} | 40000`,
    budget: "100000",
    closesAt: Date.now() + 45_000,
  });

  const voter = resident.page;
  await voter.goto(url);
  await hydrated(voter);
  const words = voter.locator(".spending__words");
  await expect(words).toContainText("已选 ¥0，预算 ¥100,000");
  await voter.getByRole("checkbox", { name: new RegExp(lights) }).check();
  await expect(words).toContainText("已选 ¥30,000，预算 ¥100,000（用了 30%），还剩 ¥70,000");
  await voter.getByRole("checkbox", { name: new RegExp(benches) }).check();
  await voter.getByRole("checkbox", { name: new RegExp(garden) }).check();
  await expect(words).toContainText("超出预算 ¥100,000，多了 ¥20,000");
  await expect(voter.locator(".spending--over")).toBeVisible();
  await expectAccessible(voter, "the budget ballot");
  // Submitted anyway: the server checks the total too, and keeps the ticks.
  await voter.getByRole("button", { name: "投出选票" }).click();
  await expect(voter.getByRole("alert")).toContainText("所选项目的总费用超过了预算");
  await expect(voter.getByRole("checkbox", { name: new RegExp(garden) })).toBeChecked();
  await voter.getByRole("checkbox", { name: new RegExp(garden) }).uncheck();
  await expect(words).toContainText("已选 ¥80,000");
  await voter.getByRole("button", { name: "投出选票" }).click();
  await expect(voter.getByRole("heading", { name: "您的投票回执" })).toBeVisible();
  await resident.context.close();

  await waitForResults(page, url);
  await expect(page.getByText("获得资助的项目（2）")).toBeVisible();
  await expect(page.locator(".budget-result .spending__words")).toContainText(
    "资助 ¥80,000，预算 ¥100,000",
  );
  const projects = page.getByRole("table", { name: "全部项目（按计票顺序）" });
  await expect(projects.getByRole("row", { name: new RegExp(lights) })).toContainText("获得资助");
  await expect(projects.getByRole("row", { name: new RegExp(garden) })).toContainText("未获资助");
});

test("paper ballots wait for a second member; a grid worker records a resident's ballot with consent", async ({
  page,
  browser,
}) => {
  const tag = randomBytes(3).toString("hex");
  await signIn(page, "committee@example.org");
  await page.goto("/c/chunhui/votes/new");
  await hydrated(page);
  await page.getByLabel("标题").fill(`是否同意夜间关闭北门 ${tag}`);
  await page.getByLabel("开始时间").fill(shanghaiLocal(Date.now()));
  await page.getByLabel("截止时间").fill(shanghaiLocal(Date.now() + 3_600_000));
  await page.getByRole("radio", { name: "记名", exact: true }).check();
  await page.getByRole("checkbox", { name: "表决期间公开实时结果" }).check();
  await page.getByRole("button", { name: "创建表决" }).click();
  await expect(page.locator(".toast")).toContainText("表决已创建");
  const url = page.url();

  // Paper ballots from the room: entered by one member, waiting for another to confirm.
  await page.getByRole("link", { name: "纸质选票" }).click();
  await page.getByLabel("批次名称").fill("居民大会会场");
  await page.getByLabel("赞成").fill("3");
  await page.getByLabel("反对").fill("1");
  await page.getByRole("button", { name: "录入这批纸质票" }).click();
  await expect(page.locator(".toast")).toContainText("请另一位议事会成员核对后确认");
  await expect(page.getByRole("table")).toContainText("居民大会会场");
  await expect(page.getByRole("table")).toContainText("等待另一位成员确认");

  // A grid worker records 孙先生's ballot at his door, with his consent.
  const grid = await personPage(browser, "grid@example.org");
  await grid.page.goto(url);
  await grid.page.getByRole("link", { name: "代为投票" }).click();
  await grid.page.getByLabel("按姓名查找").fill("孙");
  await grid.page.getByRole("button", { name: "查找" }).click();
  await grid.page.getByRole("link", { name: "为孙先生代投" }).click();
  await hydrated(grid.page);
  await grid.page.getByRole("button", { name: "记录这张选票" }).click();
  await expect(grid.page.getByRole("alert")).toContainText("请记录居民同意代为投票的说明");
  await grid.page.getByLabel("居民的同意").fill("上门走访，本人口头同意，女儿在场。");
  await grid.page.getByRole("radio", { name: "赞成" }).check();
  await expectAccessible(grid.page, "the proxy ballot");
  await grid.page.getByRole("button", { name: "记录这张选票" }).click();
  await expect(grid.page.locator(".toast")).toContainText("选票已代为记录");
  await grid.context.close();

  // 孙先生 sees that his ballot was recorded for him; the running results count it.
  const sun = await personPage(browser, "resident5@example.org");
  await sun.page.goto(url);
  await expect(sun.page.getByText("网格员已按您的意思代为投票。")).toBeVisible();
  await expect(sun.page.getByText("表决还在进行，下面是目前的结果")).toBeVisible();
  await expect(sun.page.getByText(/其中 1 张由网格员经居民同意代投/)).toBeVisible();
  await sun.context.close();
});
