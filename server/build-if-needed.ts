/**
 * `npm start` runs this first: it builds the app when there is no build yet or when a source file is
 * newer than the build, so that `npm install && npm start` works on a fresh clone.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const BUILD = path.resolve("build/index.js");
const SOURCES = ["app", "remix.config.js", "package-lock.json"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry))
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

const built = existsSync(BUILD) ? statSync(BUILD).mtimeMs : 0;
const changed = Math.max(...SOURCES.map((entry) => newestMtime(path.resolve(entry))));
if (built === 0 || changed > built) {
  console.log(built === 0 ? "No build yet: building…" : "Sources changed: rebuilding…");
  const result = spawnSync("npx", ["--no-install", "remix", "build"], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}
