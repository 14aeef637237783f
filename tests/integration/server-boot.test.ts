import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";

describe("server boot", () => {
  it.each([
    [{ PORT: "not-a-port" }, /^Invalid environment: PORT: /],
    [{ DATABASE_URL: "mysql://db/yishi" }, /^Invalid environment: DATABASE_URL: /],
    [{ NODE_ENV: "production" }, /^Invalid environment: SESSION_SECRET: is required in production/],
  ])("refuses to start with %j, in one line naming the variable", (env, message) => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "server/index.ts"], {
      env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("embedded database", () => {
  it("belongs to one process: a second opener of the same folder is refused", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "yishi-lock-"));
    const dataDir = path.join(dir, "pglite");
    const first = await openDatabase({ driver: "pglite", dataDir });
    try {
      await expect(openDatabase({ driver: "pglite", dataDir })).rejects.toThrow(
        /in use by another process/,
      );
      await first.ping();
    } finally {
      await first.close();
    }
    // Once closed, the folder can be opened again, with what was written still there.
    const again = await openDatabase({ driver: "pglite", dataDir });
    await again.ping();
    await again.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("is taken over at once from a process that died holding it (a crash)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "yishi-lock-"));
    const dataDir = path.join(dir, "pglite");
    // A process that has ended: its pid is free, as after a SIGKILL.
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    await writeFile(`${dataDir}.lock`, `${gone.stdout}@${hostname()}`);
    const handle = await openDatabase({ driver: "pglite", dataDir });
    await handle.ping();
    expect(await readFile(`${dataDir}.lock`, "utf8")).toBe(`${process.pid}@${hostname()}`);
    await handle.close();
    await expect(readFile(`${dataDir}.lock`, "utf8")).rejects.toThrow();
    await rm(dir, { recursive: true, force: true });
  });
});
