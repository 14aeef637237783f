import type { Logger } from "pino";

/** How long repeats of one event are gathered into one line, and how many events are tracked. */
export const REPEAT_WINDOW_MS = 60_000;
const MAX_TRACKED = 10_000;

type Level = "info" | "warn" | "error";

export interface RepeatLog {
  /**
   * Logs the event the first time `key` is seen in a window, with `count: 1`; repeats within the
   * window are only counted, and logged once when the window ends, as one line with `count` and
   * `repeated` (both the number of repeats).
   */
  log(level: Level, key: string, fields: Record<string, unknown>, message: string): void;
  /** `log("warn", …)`. */
  warn(key: string, fields: Record<string, unknown>, message: string): void;
  /** Writes the pending counts now (at shutdown, and in tests). */
  flush(): void;
}

/**
 * A log that names a repeated event once with a count: a client sending ten thousand bad requests
 * (or WebSocket frames) writes two lines, not ten thousand. Key by event and address or connection.
 * The HTTP server and the collaboration server share it.
 */
export function createRepeatLog(logger: Logger, options: { windowMs?: number } = {}): RepeatLog {
  const windowMs = options.windowMs ?? REPEAT_WINDOW_MS;
  const pending = new Map<
    string,
    {
      level: Level;
      count: number;
      fields: Record<string, unknown>;
      message: string;
      timer: NodeJS.Timeout;
    }
  >();
  const settle = (key: string) => {
    const entry = pending.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    pending.delete(key);
    if (entry.count > 0)
      logger[entry.level](
        { ...entry.fields, count: entry.count, repeated: entry.count },
        entry.message,
      );
  };
  const log: RepeatLog["log"] = (level, key, fields, message) => {
    const entry = pending.get(key);
    if (entry) {
      entry.count += 1;
      return;
    }
    // Past the cap (a flood from many addresses), every further key shares one line.
    if (pending.size >= MAX_TRACKED) {
      log(level, `(many sources):${level}:${message}`, { sources: "many" }, message);
      return;
    }
    logger[level]({ ...fields, count: 1 }, message);
    const timer = setTimeout(() => settle(key), windowMs);
    timer.unref();
    pending.set(key, { level, count: 0, fields, message, timer });
  };
  return {
    log,
    warn: (key, fields, message) => log("warn", key, fields, message),
    flush() {
      for (const key of [...pending.keys()]) settle(key);
    },
  };
}
