import { pino, type Logger } from "pino";
import type { Env } from "./env";

/** Structured JSON logs on stdout (one object per line), the level from LOG_LEVEL. */
export function createLogger(env: Pick<Env, "LOG_LEVEL">): Logger {
  return pino({
    level: env.LOG_LEVEL,
    base: { service: "yishi" },
    redact: {
      paths: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'],
      censor: "[redacted]",
    },
  });
}
