import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "../../server/env";

describe("loadEnv", () => {
  it("has development defaults", () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      DATA_DIR: path.resolve("data"),
      TRUST_PROXY: false,
      LOG_LEVEL: "info",
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("reads every variable", () => {
    const env = loadEnv({
      NODE_ENV: "production",
      PORT: "8080",
      HOST: "127.0.0.1",
      DATABASE_URL: "postgres://yishi@db/yishi",
      DATA_DIR: "/var/lib/yishi",
      APP_URL: "https://yishi.example.org/some/path",
      SESSION_SECRET: "s".repeat(40),
      TRUST_PROXY: "1",
      LOG_LEVEL: "warn",
      SHUTDOWN_TIMEOUT_MS: "2500",
      VOTE_CLOCK_INTERVAL_MS: "1000",
      SMTP_URL: "smtps://mailer:secret@smtp.example.org:465",
      MAIL_FROM: "议事 <no-reply@yishi.example.org>",
      REDIS_URL: "redis://cache:6379",
      COLLAB_MAX_DOCUMENT_BYTES: "4194304",
      COLLAB_MAX_CONNECTIONS_PER_IP: "500",
      COLLAB_MAX_CONNECTIONS_PER_USER: "12",
    });
    expect(env).toMatchObject({
      PORT: 8080,
      HOST: "127.0.0.1",
      APP_URL: "https://yishi.example.org",
      TRUST_PROXY: 1,
      LOG_LEVEL: "warn",
      SHUTDOWN_TIMEOUT_MS: 2500,
      VOTE_CLOCK_INTERVAL_MS: 1000,
      DATA_DIR: "/var/lib/yishi",
      SMTP_URL: "smtps://mailer:secret@smtp.example.org:465",
      REDIS_URL: "redis://cache:6379",
      COLLAB_MAX_DOCUMENT_BYTES: 4_194_304,
      COLLAB_MAX_CONNECTIONS_PER_IP: 500,
      COLLAB_MAX_CONNECTIONS_PER_USER: 12,
    });
  });

  it("leaves the collaboration limits to the server's defaults when unset", () => {
    const env = loadEnv({});
    expect(env.COLLAB_MAX_DOCUMENT_BYTES).toBeUndefined();
    expect(env.COLLAB_MAX_CONNECTIONS_PER_IP).toBeUndefined();
    expect(env.COLLAB_MAX_CONNECTIONS_PER_USER).toBeUndefined();
  });

  it("treats an empty variable as unset", () => {
    expect(loadEnv({ PORT: "", DATABASE_URL: "" })).toMatchObject({ PORT: 3000 });
  });

  it.each([
    [{ PORT: "abc" }, /^Invalid environment: PORT: /],
    [{ PORT: "70000" }, /^Invalid environment: PORT: /],
    [{ DATABASE_URL: "mysql://x" }, /^Invalid environment: DATABASE_URL: must be a postgres/],
    [{ APP_URL: "not a url" }, /^Invalid environment: APP_URL: /],
    [{ NODE_ENV: "staging" }, /^Invalid environment: NODE_ENV: /],
    [{ TRUST_PROXY: "maybe" }, /^Invalid environment: TRUST_PROXY: /],
    [{ SESSION_SECRET: "short" }, /^Invalid environment: SESSION_SECRET: must be at least 32/],
    [{ NODE_ENV: "production" }, /^Invalid environment: SESSION_SECRET: is required in production/],
    [
      { NODE_ENV: "production", SESSION_SECRET: "s".repeat(40), SMTP_URL: "smtp://mail" },
      /^Invalid environment: APP_URL: is required in production/,
    ],
    [
      { NODE_ENV: "production", SESSION_SECRET: "s".repeat(40), APP_URL: "https://y.example" },
      /^Invalid environment: SMTP_URL: is required in production/,
    ],
    [{ SMTP_URL: "http://mail" }, /^Invalid environment: SMTP_URL: must be an smtp/],
    [{ REDIS_URL: "localhost:6379" }, /^Invalid environment: REDIS_URL: must be a redis/],
    [{ VOTE_CLOCK_INTERVAL_MS: "10" }, /^Invalid environment: VOTE_CLOCK_INTERVAL_MS: /],
    [{ COLLAB_MAX_DOCUMENT_BYTES: "1000" }, /^Invalid environment: COLLAB_MAX_DOCUMENT_BYTES: /],
    [
      { COLLAB_MAX_CONNECTIONS_PER_IP: "0" },
      /^Invalid environment: COLLAB_MAX_CONNECTIONS_PER_IP: /,
    ],
    [
      { COLLAB_MAX_CONNECTIONS_PER_USER: "8.5" },
      /^Invalid environment: COLLAB_MAX_CONNECTIONS_PER_USER: /,
    ],
  ])("refuses %j with one line naming the variable", (source, message) => {
    expect(() => loadEnv(source)).toThrow(EnvError);
    try {
      loadEnv(source);
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
    }
  });
});
