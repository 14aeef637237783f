import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page } from "@playwright/test";
import { hydrated, signIn } from "./support/accounts";
import { expect, test } from "./support/fixtures";

const LIFT = "为1号网格3号楼加装电梯";

// Each test ends with axe on every page it visited; on a shared machine that takes a while.
test.describe.configure({ timeout: 300_000 });

/** Care mode as the switch leaves it: the (unsigned) preference cookie, without saving it on the account. */
async function careCookie(context: BrowserContext, baseURL: string) {
  await context.addCookies([{ name: "yishi_care", value: "Im9uIg%3D%3D", url: baseURL }]);
}

/** The WCAG contrast ratio of an element's text against the first opaque background behind it. */
function contrastOf(element: Locator): Promise<number> {
  return element.evaluate((el) => {
    const rgb = (css: string) => {
      const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
      return { r, g, b, a };
    };
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const [R, G, B] = [r, g, b].map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const text = rgb(getComputedStyle(el).color);
    let node: Element | null = el;
    let background = { r: 255, g: 255, b: 255, a: 1 };
    while (node) {
      const candidate = rgb(getComputedStyle(node).backgroundColor);
      if (candidate.a > 0.99) {
        background = candidate;
        break;
      }
      node = node.parentElement;
    }
    const [light, dark] = [luminance(text), luminance(background)].sort((x, y) => y - x) as [
      number,
      number,
    ];
    return (light + 0.05) / (dark + 0.05);
  });
}

/** How the page sits at this width: the header's share of the screen, and the page's own width. */
function layout(page: Page) {
  return page.evaluate(() => ({
    header: document.querySelector(".site-header")!.getBoundingClientRect().height,
    screen: window.innerHeight,
    scrollWidth: document.scrollingElement!.scrollWidth,
  }));
}

/** A wall-clock time in Asia/Shanghai (UTC+8, no summer time) as a datetime-local value. */
function shanghaiLocal(at: number): string {
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 19);
}

/** A person at a desk: the tests' phone viewport is not theirs. */
const DESK = { viewport: { width: 1280, height: 720 }, isMobile: false };

/**
 * The committee opens a single-transferable-vote for two seats that closes in three minutes; three
 * residents (without JavaScript, typing rank numbers) vote A>B, A>C, C>B. A is elected with a
 * surplus that moves on in fractions, so the count carries decimals (C ends on 1.499999999).
 */
async function closedStvVote(browser: Browser, tag: string) {
  const names = [`甲方案${tag}`, `乙方案${tag}`, `丙方案${tag}`] as const;
  const [a, b, c] = names;
  const committee = await browser.newContext(DESK);
  const page = await committee.newPage();
  await signIn(page, "committee@example.org");
  await page.goto("/c/chunhui/votes/new");
  await hydrated(page);
  await page.getByLabel("标题").fill(`楼组长选举 ${tag}`);
  await page.getByLabel("表决方式").selectOption({ label: "单记可让渡投票" });
  await page.getByLabel("选项").fill(names.join("\n"));
  await page.getByLabel("名额").fill("2");
  await page.getByLabel("开始时间").fill(shanghaiLocal(Date.now()));
  await page.getByLabel("截止时间").fill(shanghaiLocal(Date.now() + 180_000));
  await page.getByRole("button", { name: "创建表决" }).click();
  await expect(page.locator(".toast")).toContainText("表决已创建");
  const url = page.url();
  await committee.close();

  const vote = async (email: string, ranks: readonly string[]) => {
    const context = await browser.newContext({ ...DESK, javaScriptEnabled: false });
    const voter = await context.newPage();
    await voter.goto("/sign-in");
    await voter.getByLabel("电子邮箱").fill(email);
    await voter.getByLabel("密码").fill("yishi-demo-2026");
    await voter.getByRole("button", { name: "登录", exact: true }).click();
    await expect(voter.getByRole("button", { name: "退出登录" })).toBeVisible();
    await voter.goto(url);
    for (const [index, option] of ranks.entries())
      await voter.getByLabel(option, { exact: true }).fill(String(index + 1));
    await voter.getByRole("button", { name: "投出选票" }).click();
    await expect(voter.getByRole("heading", { name: "您的投票回执" })).toBeVisible();
    await context.close();
  };
  await Promise.all([
    vote("resident3@example.org", [a, b]),
    vote("resident4@example.org", [a, c]),
    vote("resident5@example.org", [c, b]),
  ]);
  return { url, names };
}

test("a resident opening 发起表决 is told which roles may, not that the site is down (403)", async ({
  page,
  browser,
}) => {
  await signIn(page, "resident@example.org");
  const response = await page.goto("/c/chunhui/votes/new");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("没有权限");
  await expect(page.locator("main")).toContainText(
    "在春晖社区发起和管理表决需要以下角色之一：议事会/居委会成员、管理员。",
  );
  await expect(page.locator("main")).toContainText("您在这里的角色：居民");
  await expect(page.locator("main")).not.toContainText("出错了");
  await page.getByRole("link", { name: "返回春晖社区" }).click();
  await expect(page).toHaveURL(/\/c\/chunhui$/);

  // The committee may run votes but not manage the tree: the page names the one role that may.
  const context = await browser.newContext();
  const committee = await context.newPage();
  await signIn(committee, "committee@example.org");
  const manage = await committee.goto("/c/chunhui/manage");
  expect(manage?.status()).toBe(403);
  await expect(committee.locator("main")).toContainText(
    "在春晖社区管理社区（新增、改名、移动）需要“管理员”角色。",
  );
  await context.close();
});

test("a missing proposal says it does not exist or is hidden, and an unknown address is a 404", async ({
  page,
}) => {
  const response = await page.goto("/proposals/99999999");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("找不到这个页面");
  await expect(page.locator("main")).toContainText("这个议题不存在，或者您看不到它");
  await expect(page.getByRole("link", { name: "登录后再试" })).toHaveAttribute(
    "href",
    "/sign-in?redirectTo=%2Fproposals%2F99999999",
  );
  await expect(page.getByRole("link", { name: "查看全部议题" })).toBeVisible();

  const unknown = await page.goto("/no/such/page");
  expect(unknown?.status()).toBe(404);
  await expect(page.locator("main")).toContainText("链接可能已失效");
});

test("the editor's pressed toolbar button reads clearly, in care mode too", async ({
  page,
  baseURL,
}) => {
  await signIn(page, "resident@example.org");
  for (const care of [false, true]) {
    if (care) await careCookie(page.context(), baseURL!);
    await page.goto("/proposals?q=%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF");
    await page.getByRole("link", { name: LIFT }).click();
    await hydrated(page);
    await expect(page.locator("html")).toHaveAttribute("data-care", care ? "on" : "off");
    await page.getByRole("button", { name: "开始编辑" }).click();
    // The editor's code loads on demand: give a busy machine time.
    await expect(page.locator('[data-testid="live-editor"][data-synced="true"]')).toBeVisible({
      timeout: 30_000,
    });
    await page.getByRole("textbox", { name: /正文/ }).click();
    // Bold with an empty selection only marks what is typed next: the shared text is unchanged.
    const bold = page.getByRole("button", { name: "加粗" });
    await bold.click();
    await expect(bold).toHaveAttribute("aria-pressed", "true");
    expect(await contrastOf(bold), `care mode ${care ? "on" : "off"}`).toBeGreaterThanOrEqual(4.5);
  }
});

test.describe("on a 360 px phone in care mode", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true });

  test("the header is one short row, the language buttons keep whole words, and nothing widens the page", async ({
    page,
    browser,
  }) => {
    test.setTimeout(600_000);
    const vote = await closedStvVote(browser, randomBytes(3).toString("hex"));

    await page.goto("/");
    await hydrated(page);
    // The switches are in the menu; care mode is switched on there.
    await page.getByRole("button", { name: "菜单" }).click();
    await page.getByRole("button", { name: "关怀模式" }).click();
    await expect(page.locator("html")).toHaveAttribute("data-care", "on");
    await expect(page.getByRole("navigation", { name: "主导航" })).toBeHidden();

    // Every language button is one line of text (no "简体中/文").
    await page.getByRole("button", { name: "菜单" }).click();
    for (const name of ["简体中文", "繁體中文", "English"]) {
      const lines = await page.getByRole("button", { name }).evaluate((button) => {
        const range = document.createRange();
        range.selectNodeContents(button);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      });
      expect(lines, name).toBe(1);
    }
    await page.getByRole("button", { name: "关闭菜单" }).click();

    await page.goto("/proposals?q=%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF");
    await page.getByRole("link", { name: LIFT }).click();
    const proposal = page.url();

    // The vote closes three minutes after it opened; its page shows the count once it has.
    await expect
      .poll(
        async () => {
          await page.goto(vote.url);
          return page.getByRole("heading", { name: "结果", exact: true }).isVisible();
        },
        { timeout: 240_000, intervals: [5_000] },
      )
      .toBe(true);
    const rounds = page.getByRole("table", { name: "逐轮票数" });
    await expect(rounds.getByRole("columnheader", { name: "第 2 轮" })).toBeVisible();
    // Counts are shown as people read them (1.5, not 1.499999999); the exact ones are downloads.
    const cells = await rounds.locator("td").allTextContents();
    expect(cells.join(" ")).toContain("1.5");
    for (const cell of cells) expect(cell).not.toMatch(/\d\.\d{3,}/);
    const csv = await page.request.get(`${vote.url}/results.csv`);
    expect(await csv.text()).toContain("1.499999999");
    // The table scrolls inside its own box, which a keyboard can reach.
    const box = page.getByRole("region", { name: "逐轮票数" });
    await expect(box).toHaveAttribute("tabindex", "0");

    for (const path of ["/", proposal, vote.url]) {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("data-care", "on");
      const measured = await layout(page);
      expect(measured.header, `header height on ${path}`).toBeLessThanOrEqual(
        0.25 * measured.screen,
      );
      expect(measured.scrollWidth, `page width on ${path}`).toBeLessThanOrEqual(360);
    }
  });
});
