import { pino, type Logger } from "pino";

export interface LogLine {
  level: number;
  msg: string;
  count?: number;
  [field: string]: unknown;
}

/** pino's numeric levels. */
export const LEVEL = { info: 30, warn: 40, error: 50 } as const;

/** A JSON logger whose lines are kept in `lines` (parsed), to assert what was logged and how often. */
export function captureLogs(level = "info"): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino(
    { level },
    { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  );
  return { logger, lines };
}
