import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3199);
const baseURL = `http://127.0.0.1:${port}`;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
// With PostgreSQL under test, a second server checks the newcomer's path: a fresh embedded database.
const embeddedPort = onPostgres ? port - 1 : port;
process.env.E2E_EMBEDDED_URL = `http://127.0.0.1:${embeddedPort}`;

function server(serverPort: number, driver: "default" | "pglite") {
  return {
    command: "node --import tsx tests/e2e/support/start-server.ts",
    url: `http://127.0.0.1:${serverPort}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: { E2E_PORT: String(serverPort), E2E_DRIVER: driver },
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
  };
}

/**
 * End-to-end tests in the system Chromium (Playwright cannot download its own browser here), against
 * the built app on PostgreSQL when TEST_DATABASE_URL is set and on a fresh embedded database otherwise.
 */
export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  // Generous: flows sign up and confirm by email in several browsers, and every visited page is then
  // checked with axe, on two cores.
  timeout: 90_000,
  expect: { timeout: 7_000 },
  use: {
    baseURL,
    browserName: "chromium",
    // The product's first audience: browsers asking for Simplified Chinese.
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    },
  },
  webServer: onPostgres
    ? [server(port, "default"), server(embeddedPort, "pglite")]
    : [server(port, "pglite")],
  globalTeardown: "./tests/e2e/support/global-teardown.ts",
});
