import type { Redis } from "ioredis";
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";

/** What is limited, and how much: `points` attempts per `duration` seconds for one key. */
const LIMITS = {
  /** Sign-in attempts from one address (generous: a community office or campus shares one). */
  signInIp: { points: 100, duration: 15 * 60 },
  /** Sign-in attempts on one account from one address. */
  signInAccount: { points: 5, duration: 15 * 60 },
  /** Sign-in attempts on one account from anywhere: slows guessing from many addresses. */
  signInAccountAll: { points: 50, duration: 15 * 60 },
  /** Current-password checks (change password, delete account) per person. */
  passwordCheck: { points: 5, duration: 15 * 60 },
  /** Household codes tried per person: the codes are short enough to be read aloud. */
  householdCode: { points: 10, duration: 60 * 60 },
  /** Confirmation emails asked for again, per address. */
  confirmResendIp: { points: 30, duration: 60 * 60 },
  // Generous: a grid worker may sign up many elderly residents from one community office.
  signUpIp: { points: 50, duration: 60 * 60 },
  resetIp: { points: 10, duration: 60 * 60 },
  resetAccount: { points: 3, duration: 60 * 60 },
  /** Proposals raised, supports, invitations and versions per person: a person types, a script floods. */
  proposalWrite: { points: 30, duration: 60 },
  /** Comments, replies and edits per person: a conversation, not a flood. */
  comment: { points: 10, duration: 60 },
  /** Reports to moderators per person. */
  report: { points: 20, duration: 60 * 60 },
  /** Checks of the whole audit chain per address (anyone may ask; each reads the whole log). */
  auditVerify: { points: 10, duration: 60 * 60 },
} as const;

export type LimitName = keyof typeof LIMITS;

export interface RateLimits {
  /** Counts one attempt; returns the seconds to wait when the limit is passed, else null. */
  consume(name: LimitName, key: string): Promise<number | null>;
  /** Whether the limit is already passed (without counting an attempt). */
  blocked(name: LimitName, key: string): Promise<number | null>;
  /** Forgets the attempts for a key (after a successful sign-in). */
  reset(name: LimitName, key: string): Promise<void>;
}

/**
 * Rate limits in memory, or in Redis when a client is given, so that they hold across app instances.
 * While Redis is not ready the limits count in this instance's memory (the insurance limiter) at
 * once, without waiting for Redis: a request never fails or stalls because Redis is away.
 */
export function createRateLimits(redis?: Redis): RateLimits {
  const limiters = Object.fromEntries(
    Object.entries(LIMITS).map(([name, limit]) => [
      name,
      redis
        ? new RateLimiterRedis({
            storeClient: redis,
            keyPrefix: `yishi:rl:${name}`,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, ...limit }),
            ...limit,
          })
        : new RateLimiterMemory({ keyPrefix: name, ...limit }),
    ]),
  ) as unknown as Record<LimitName, RateLimiterAbstract>;

  const seconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return {
    async consume(name, key) {
      try {
        await limiters[name].consume(key);
        return null;
      } catch (error) {
        if (error instanceof RateLimiterRes) return seconds(error);
        throw error;
      }
    },
    async blocked(name, key) {
      const res = await limiters[name].get(key);
      return res && res.remainingPoints <= 0 && res.consumedPoints > LIMITS[name].points - 1
        ? seconds(res)
        : null;
    },
    async reset(name, key) {
      await limiters[name].delete(key);
    },
  };
}
