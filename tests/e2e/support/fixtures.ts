import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

export { expect };

/** Runs axe on the page as it is now and fails on any serious or critical violation. */
export async function expectAccessible(page: Page, label = page.url()) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const serious = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  const report = serious
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`,
    )
    .join("\n");
  expect(serious, `accessibility violations on ${label}:\n${report}`).toEqual([]);
}

/**
 * Runs axe on a page as a browser without JavaScript shows it. axe needs JavaScript to run, so the
 * page is opened in a context that has it (with the cookies of `as`) but whose own scripts are
 * refused: the server-rendered page stays as it is, never hydrated.
 */
export async function expectAccessibleWithoutScripts(
  as: BrowserContext,
  url: string,
  label: string,
) {
  const browser = as.browser();
  if (!browser) throw new Error("the context has no browser");
  const context = await browser.newContext({ storageState: await as.storageState() });
  try {
    await context.route(/\.m?js(\?.*)?$/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(url);
    await expect(page.locator("html[data-hydrated]")).toHaveCount(0);
    await expectAccessible(page, label);
  } finally {
    await context.close();
  }
}

/**
 * The `page` of every test: it fails the test on any console error or uncaught exception (a CSP
 * violation, a hydration mismatch), and after the test it runs axe on every page the test visited,
 * opened afresh with the same cookies, so that no visited page escapes the accessibility check.
 */
export const test = base.extend<{ page: Page }>({
  page: async ({ page, context }, use) => {
    const problems: string[] = [];
    const visited = new Set<string>();
    page.on("console", (message) => {
      // Failed loads are reported below from the responses themselves, with their address.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
        problems.push(`console error: ${message.text()}`);
      }
    });
    page.on("response", (response) => {
      // A page may rightly be a 404; a stylesheet, script or image that fails to load may not.
      const type = response.request().resourceType();
      if (response.status() >= 400 && type !== "document" && type !== "fetch") {
        problems.push(`${response.status()} for ${type} ${response.url()}`);
      }
    });
    page.on("pageerror", (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`));
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame() && frame.url().startsWith("http")) visited.add(frame.url());
    });
    await use(page);
    expect(problems, "the page logged errors").toEqual([]);
    const checker = await context.newPage();
    try {
      for (const url of visited) {
        const response = await checker.goto(url);
        if (response && response.status() < 500) await expectAccessible(checker, url);
      }
    } finally {
      await checker.close();
    }
  },
});

/** Presses Tab until the focused element is a link or button with this accessible text. */
export async function tabTo(page: Page, name: string, maxPresses = 60) {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press("Tab");
    const text = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? (el.innerText || el.getAttribute("aria-label") || "").trim() : "";
    });
    if (text === name || text.startsWith(`${name}\n`)) return;
  }
  throw new Error(`"${name}" was not reached with ${maxPresses} presses of Tab`);
}
