/**
 * Runs before the end-to-end tests: Playwright drives the system Chromium (it cannot download its
 * own browser here). If it is missing and this is a Debian machine where we are root, install it;
 * otherwise say exactly what to do.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

if (!executable(chromium)) {
  const canInstall =
    process.platform === "linux" &&
    process.getuid?.() === 0 &&
    spawnSync("sh", ["-c", "command -v apt-get"]).status === 0 &&
    chromium === "/usr/bin/chromium";
  if (!canInstall) {
    console.error(
      `Chromium was not found at ${chromium}. Install it (Debian/Ubuntu: apt-get install chromium) ` +
        "or set CHROMIUM_PATH to a Chromium or Chrome binary.",
    );
    process.exit(1);
  }
  console.warn("Chromium is missing: installing Debian's chromium package…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-q"],
    ["install", "-y", "-q", "--no-install-recommends", "chromium"],
  ]) {
    const result = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}
