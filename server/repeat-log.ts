import type { Logger } from "pino";

/** How long repeats of one event are gathered into one line, and how many events are tracked. */
export const REPEAT_WINDOW_MS = 60_000;
const MAX_TRACKED = 10_000;

export interface RepeatLog {
  /**
   * Logs the event at warn level the first time `key` is seen in a window; repeats within the window
   * are counted and logged once, as one line with `repeated: n`, when the window ends.
   */
  warn(key: string, fields: Record<string, unknown>, message: string): void;
  /** Writes the pending counts now (at shutdown, and in tests). */
  flush(): void;
}

/**
 * A log that names a repeated event once with a count: a client sending ten thousand bad requests
 * (or WebSocket frames) writes two lines, not ten thousand. Key by event and address or connection.
 */
export function createRepeatLog(logger: Logger, options: { windowMs?: number } = {}): RepeatLog {
  const windowMs = options.windowMs ?? REPEAT_WINDOW_MS;
  const pending = new Map<
    string,
    { count: number; fields: Record<string, unknown>; message: string; timer: NodeJS.Timeout }
  >();
  const settle = (key: string) => {
    const entry = pending.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    pending.delete(key);
    if (entry.count > 0) logger.warn({ ...entry.fields, repeated: entry.count }, entry.message);
  };
  return {
    warn(key, fields, message) {
      const entry = pending.get(key);
      if (entry) {
        entry.count += 1;
        return;
      }
      // Past the cap (a flood from many addresses), every further key shares one line.
      if (pending.size >= MAX_TRACKED) {
        this.warn("(many sources)", { sources: "many" }, message);
        return;
      }
      logger.warn(fields, message);
      const timer = setTimeout(() => settle(key), windowMs);
      timer.unref();
      pending.set(key, { count: 0, fields, message, timer });
    },
    flush() {
      for (const key of [...pending.keys()]) settle(key);
    },
  };
}
