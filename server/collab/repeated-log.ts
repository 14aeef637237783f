import type { Logger } from "pino";

type Level = "info" | "warn" | "error";

interface Pending {
  level: Level;
  fields: Record<string, unknown>;
  message: string;
  repeats: number;
  timer: NodeJS.Timeout;
}

/**
 * Logs an event once per window and counts its repeats: the first occurrence of a key (e.g. "closed
 * for too many messages" from one address) is logged at once with `count: 1`; later ones within
 * `windowMs` are only counted, and one line with their `count` follows when the window ends. A burst
 * of ten thousand bad messages is then two lines, not ten thousand.
 */
export function createRepeatedLog(logger: Logger, windowMs: number) {
  const pending = new Map<string, Pending>();

  function report(key: string) {
    const entry = pending.get(key);
    if (!entry) return;
    pending.delete(key);
    clearTimeout(entry.timer);
    if (entry.repeats > 0)
      logger[entry.level](
        { ...entry.fields, count: entry.repeats, repeated: true },
        `${entry.message} (repeated)`,
      );
  }

  return {
    log(level: Level, key: string, fields: Record<string, unknown>, message: string): void {
      const entry = pending.get(key);
      if (entry) {
        entry.repeats++;
        return;
      }
      logger[level]({ ...fields, count: 1 }, message);
      pending.set(key, {
        level,
        fields,
        message,
        repeats: 0,
        timer: setTimeout(() => report(key), windowMs).unref(),
      });
    },
    /** Logs every count still waiting (at shutdown). */
    flush(): void {
      for (const key of [...pending.keys()]) report(key);
    },
  };
}

export type RepeatedLog = ReturnType<typeof createRepeatedLog>;
