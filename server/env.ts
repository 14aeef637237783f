import path from "node:path";
import { z } from "zod";

const DEVELOPMENT_SESSION_SECRET = "development-only-secret-do-not-use-in-production";

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
    DATA_DIR: z.string().min(1).default("./data"),
    APP_URL: z
      .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })
      .transform((value) => new URL(value).origin)
      .optional(),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    TRUST_PROXY: z
      .string()
      .regex(/^(true|false|\d{1,2})$/, "must be true, false or a number of proxy hops")
      .default("false"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
      .optional(),
    MAIL_FROM: z.string().min(3).default("议事 Yishi <no-reply@yishi.localhost>"),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
      .optional(),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    /** How often the vote clock opens and closes votes whose time has come. */
    VOTE_CLOCK_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    // Unset: the collaboration server's defaults (DEFAULT_LIMITS in server/collab/server.ts).
    COLLAB_MAX_DOCUMENT_BYTES: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .max(256 * 1024 * 1024)
      .optional(),
    COLLAB_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).optional(),
    COLLAB_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).max(10_000).optional(),
  })
  .transform((env, ctx) => {
    if (env.NODE_ENV === "production") {
      // Links in emails must never be built from a request's Host header, and mail must really go out.
      const required = [
        ["SESSION_SECRET", "is required in production (at least 32 random characters)"],
        [
          "APP_URL",
          "is required in production (the public origin, e.g. https://yishi.example.org)",
        ],
        ["SMTP_URL", "is required in production (smtp:// or smtps://)"],
      ] as const;
      let missing = false;
      for (const [name, message] of required) {
        if (!env[name]) {
          ctx.addIssue({ code: "custom", path: [name], message });
          missing = true;
        }
      }
      if (missing) return z.NEVER;
    }
    return {
      ...env,
      DATA_DIR: path.resolve(env.DATA_DIR),
      SESSION_SECRET: env.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
      LOG_LEVEL: env.LOG_LEVEL ?? (env.NODE_ENV === "test" ? "warn" : "info"),
      TRUST_PROXY:
        env.TRUST_PROXY === "true"
          ? true
          : env.TRUST_PROXY === "false"
            ? false
            : Number(env.TRUST_PROXY),
    };
  });

export type Env = z.output<typeof EnvSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

/**
 * Validates the environment once, at boot. Throws an `EnvError` whose message is one line naming the
 * bad variable, e.g. `Invalid environment: PORT: Too big: expected number to be <=65535`.
 */
export function loadEnv(source: Record<string, string | undefined>): Env {
  // An empty variable (`PORT=`) means "not set", as shells and .env files usually intend.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const details = result.error.issues
    .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
    .join("; ");
  throw new EnvError(`Invalid environment: ${details}`);
}
