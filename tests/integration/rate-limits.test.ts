import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createRateLimits } from "~/services/rate-limit.server";

describe("rate limits in memory", () => {
  it("answers with the seconds to wait once the limit is passed, and forgets on reset", async () => {
    const limits = createRateLimits();
    for (let i = 0; i < 5; i++)
      expect(await limits.consume("signInAccount", "a@example.org")).toBeNull();
    expect(await limits.blocked("signInAccount", "a@example.org")).toBeGreaterThan(0);
    const wait = await limits.consume("signInAccount", "a@example.org");
    expect(wait).toBeGreaterThan(800);
    expect(wait).toBeLessThanOrEqual(900);
    expect(await limits.consume("signInAccount", "b@example.org")).toBeNull();
    await limits.reset("signInAccount", "a@example.org");
    expect(await limits.blocked("signInAccount", "a@example.org")).toBeNull();
  });
});

// Across instances: two app instances (two clients) share one count in Redis.
const redisUrl = process.env.TEST_REDIS_URL;
describe.runIf(Boolean(redisUrl))("rate limits in Redis", () => {
  const clients: Redis[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
  });

  it("hold across several app instances", async () => {
    const a = new Redis(redisUrl!);
    const b = new Redis(redisUrl!);
    clients.push(a, b);
    // Until a connection is ready its instance counts alone (in memory): wait for both.
    await Promise.all(
      clients.map((c) =>
        c.status === "ready"
          ? Promise.resolve()
          : new Promise((resolve) => c.once("ready", resolve)),
      ),
    );
    const instanceA = createRateLimits(a);
    const instanceB = createRateLimits(b);
    const key = `shared-${Date.now()}-${Math.random()}@example.org`;
    for (let i = 0; i < 3; i++) expect(await instanceA.consume("resetAccount", key)).toBeNull();
    expect(await instanceB.consume("resetAccount", key)).toBeGreaterThan(0);
    await instanceB.reset("resetAccount", key);
    expect(await instanceA.consume("resetAccount", key)).toBeNull();
  });
});
