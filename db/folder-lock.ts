import { open, readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the lock file `path` for this process: it holds the owner's pid and host. A lock left by a
 * process that no longer runs (a crash, a SIGKILL) is taken over at once, so a restart after a crash
 * does not have to wait. Returns the release function, or throws when a live process holds it.
 */
export async function lockFolder(path: string): Promise<() => Promise<void>> {
  const me = `${process.pid}@${hostname()}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(me);
      await handle.close();
      return async () => {
        // Only our own lock is removed.
        if ((await readFile(path, "utf8").catch(() => "")) === me)
          await unlink(path).catch(() => {});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = await readFile(path, "utf8").catch(() => "");
      const [pid, host] = owner.split("@");
      const sameHost = host === hostname();
      if (sameHost && pid && /^\d+$/.test(pid) && !alive(Number(pid))) {
        await unlink(path).catch(() => {});
        continue;
      }
      throw new Error(`locked by ${owner || "another process"}`);
    }
  }
  throw new Error("could not take the lock");
}
