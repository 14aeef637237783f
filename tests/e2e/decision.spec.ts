import { randomBytes } from "node:crypto";
import type { Browser } from "@playwright/test";
import { hydrated, signIn } from "./support/accounts";
import { expect, test } from "./support/fixtures";

/** A wall-clock time in Asia/Shanghai (UTC+8, no summer time) as a datetime-local value. */
function shanghaiLocal(at: number): string {
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 19);
}

async function personPage(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

test("a matter goes from raised to decided: supports, a courtyard meeting, a vote, and the decision on its page", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const tag = randomBytes(3).toString("hex");
  const title = `在${tag}号楼门口修无障碍坡道`;

  // Everyone signs in first, so that the voting fits in the minute the vote is open.
  await signIn(page, "resident4@example.org");
  const committee = await personPage(browser, "committee@example.org");
  const voters = await Promise.all(
    ["resident@example.org", "resident2@example.org", "resident3@example.org"].map((email) =>
      personPage(browser, email),
    ),
  );

  // Raised and published by a resident.
  await page.goto("/c/chunhui");
  await page.getByRole("link", { name: "提出议题" }).click();
  await hydrated(page);
  await page.getByLabel("标题").fill(title);
  await page
    .getByLabel("概要")
    .fill("楼门口有三级台阶，坐轮椅和推婴儿车的居民进出要人抬。建议在台阶旁修一条坡道并装扶手。");
  await page.getByLabel("类别").selectOption({ label: "公共设施" });
  await page.getByLabel("正文").fill("- 坡度不大于 1:12\n- 两侧扶手");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page.getByRole("status")).toContainText("草稿已保存");
  await hydrated(page);
  await page.getByRole("button", { name: "发布，征集支持" }).click();
  await expect(page.locator(".badge--open")).toHaveText("征集支持");
  const proposalUrl = page.url();

  // Three neighbours support it: the community's threshold.
  for (const voter of voters) {
    await voter.page.goto(proposalUrl);
    await hydrated(voter.page);
    await voter.page.getByRole("button", { name: "我支持" }).click();
    await expect(voter.page.getByText("您已支持")).toBeVisible();
  }

  // The committee takes it up and records the courtyard meeting held on it.
  const desk = committee.page;
  await desk.goto(proposalUrl);
  await hydrated(desk);
  await desk.getByRole("button", { name: "进入协商" }).click();
  await expect(desk.locator(".badge--deliberation")).toHaveText("协商中");
  await desk.getByRole("link", { name: "记录听证会" }).click();
  await hydrated(desk);
  await desk.getByLabel("会议形式").selectOption({ label: "院落会" });
  await desk.getByLabel("会议要点").fill("十二户到场，都赞成；一楼住户希望坡道不要挡住窗户。");
  await desk.getByRole("button", { name: "保存记录" }).click();
  // Back on the proposal, which now links to what was heard.
  await expect(desk.getByText("会议已记录。")).toBeVisible();
  await desk.getByRole("link", { name: "已召开 1 次听证会或协商会议" }).click();
  await expect(desk.getByText("一楼住户希望坡道不要挡住窗户")).toBeVisible();

  // Then a vote on it, open for a minute.
  await desk.goto(proposalUrl);
  await desk.getByRole("link", { name: "就这个议题发起表决" }).click();
  await hydrated(desk);
  await expect(desk.getByLabel("标题")).toHaveValue(title);
  await desk.getByLabel("表决方式").selectOption({ label: "多数表决" });
  await desk.getByLabel("开始时间").fill(shanghaiLocal(Date.now()));
  await desk.getByLabel("截止时间").fill(shanghaiLocal(Date.now() + 60_000));
  await desk.getByRole("button", { name: "创建表决" }).click();
  await expect(desk.locator(".toast")).toContainText("表决已创建");
  const voteUrl = desk.url();

  // The proposal is frozen for the vote and says so.
  await page.goto(proposalUrl);
  await expect(page.locator(".badge--voting")).toHaveText("表决中");
  await expect(page.getByRole("link", { name: title, exact: true })).toHaveAttribute(
    "href",
    new URL(voteUrl).pathname,
  );

  // 王阿姨 finds it under "votes" in the site's menu, as awaiting her ballot.
  const wang = voters[0]!.page;
  await wang.goto("/");
  await wang
    .getByRole("navigation", { name: "主导航" })
    .getByRole("link", { name: "表决" })
    .click();
  const awaiting = wang.getByRole("region", { name: /^等您投票/ });
  await expect(awaiting.getByRole("link", { name: title })).toBeVisible();

  for (const [index, voter] of voters.entries()) {
    await voter.page.goto(voteUrl);
    await voter.page.getByLabel(index < 2 ? "赞成" : "反对", { exact: true }).check();
    await voter.page.getByRole("button", { name: "投出选票" }).click();
    await expect(voter.page.getByRole("heading", { name: "您的投票回执" })).toBeVisible();
  }

  await wang.goto("/votes");
  await expect(awaiting.getByRole("link", { name: title })).toHaveCount(0);

  // Nobody opens the vote's page again: the vote clock closes the vote once its time has passed,
  // and the proposal's own page then shows the decision (pages only read).
  await expect
    .poll(
      async () => {
        await page.goto(proposalUrl);
        return page.locator(".badge--decided").isVisible();
      },
      { timeout: 100_000, intervals: [3_000] },
    )
    .toBe(true);
  await expect(page.locator(".badge--decided")).toHaveText("已决定");
  await expect(page.getByText("议题获得通过。")).toBeVisible();
  const card = page.locator(".vote-card");
  await expect(card.locator(".badge--vote-closed")).toHaveText("已结束");
  await card.getByRole("link", { name: title }).click();
  await expect(page.getByText(/^3 \/ \d+ 人/)).toBeVisible();

  for (const person of [committee, ...voters]) await person.context.close();
});
