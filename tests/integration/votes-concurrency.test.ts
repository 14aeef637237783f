import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import {
  roleGrants,
  users,
  voteBallots,
  voteOpenBallots,
  voteVoters,
  type Community,
} from "../../db/schema";
import type { Actor, CommunityResource } from "~/domain/policy";
import { verifyAuditChain } from "~/services/audit.server";
import { communityResource, findCommunityBySlug } from "~/services/communities.server";
import {
  castBallot,
  createVote,
  loadVote,
  syncDueVotes,
  voteResults,
  type CastResult,
  type VoteRecord,
} from "~/services/votes/index.server";
import { fakeDocuments } from "../support/fixtures";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

const VOTERS = 200;
const REQUESTS = 1000;
/** Requests in flight at once: enough to collide on PostgreSQL's pool, few enough for PGlite's queue. */
const WAVE = 100;
const HOUR = 3_600_000;

const { documents } = fakeDocuments();

/** A seeded shuffle (mulberry32), so that a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function inWaves<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < tasks.length; i += WAVE) {
    results.push(...(await Promise.all(tasks.slice(i, i + WAVE).map((task) => task()))));
  }
  return results;
}

describe.each(TEST_DRIVERS)("concurrent ballots on %s", (driver) => {
  let test: TestDatabase;
  let db: Database;
  let chunhui: Community;
  let resource: CommunityResource;
  let t0: number;
  const voter = (i: number): Actor => ({ id: `v${i}`, emailVerified: true, roles: [] });

  beforeAll(async () => {
    test = await createTestDatabase(driver);
    db = test.handle.db;
    await seedDemoCity(db);
    await seedDemoAccounts(db);
    chunhui = (await findCommunityBySlug(db, "chunhui"))!;
    resource = await communityResource(db, chunhui);
    await db.insert(users).values(
      Array.from({ length: VOTERS }, (_, i) => ({
        id: `v${i}`,
        email: `v${i}@example.org`,
        emailVerifiedAt: new Date(),
      })),
    );
    await db.insert(roleGrants).values(
      Array.from({ length: VOTERS }, (_, i) => ({
        userId: `v${i}`,
        communityId: chunhui.id,
        role: "resident" as const,
      })),
    );
    t0 = Date.now() + 1000;
  }, 60_000);
  afterAll(() => test.destroy());

  /** The vote clock's pass for this vote at `now` (pages never open or close one), then the vote. */
  async function tick(id: number, now: Date) {
    await syncDueVotes(db, documents, now, { voteId: id });
    return loadVote(db, id, now);
  }

  async function openVote(secret: boolean, title: string): Promise<VoteRecord> {
    const created = await createVote(
      db,
      documents,
      {
        community: chunhui,
        resource,
        actor: {
          id: "demo-committee",
          emailVerified: true,
          roles: [{ role: "committee", communityId: chunhui.id }],
        },
        title,
        method: "majority",
        secret,
        opensAt: new Date(t0),
        closesAt: new Date(t0 + HOUR),
      },
      new Date(t0),
    );
    if (!created.ok) throw new Error(created.reason);
    return (await tick(created.id, new Date(t0)))!;
  }

  /** 1,000 requests from 200 voters: each voter five times, in a shuffled order. */
  const requests = shuffled(
    Array.from({ length: REQUESTS }, (_, i) => ({
      voter: i % VOTERS,
      choice: (["yes", "no", "abstain"] as const)[(i * 7) % 3]!,
    })),
    20260501,
  );

  it("counts each voter of a secret vote once: one receipt each, the rest told to bring it", async () => {
    const vote = await openVote(true, "secret storm");
    const now = new Date(t0 + 60_000);
    const results = await inWaves(
      requests.map(
        (r) => () => castBallot(db, documents, vote, voter(r.voter), { content: r.choice }, now),
      ),
    );
    const accepted = results.filter((r): r is Extract<CastResult, { ok: true }> => r.ok);
    expect(accepted).toHaveLength(VOTERS);
    expect(new Set(accepted.map((r) => r.receipt)).size).toBe(VOTERS);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === "receiptRequired")).toBe(
      true,
    );
    const [roll] = await db
      .select({ n: count() })
      .from(voteVoters)
      .where(eq(voteVoters.voteId, vote.row.id));
    const [box] = await db
      .select({ n: count() })
      .from(voteBallots)
      .where(eq(voteBallots.voteId, vote.row.id));
    expect([roll?.n, box?.n]).toEqual([VOTERS, VOTERS]);

    const closed = (await tick(vote.row.id, new Date(t0 + HOUR)))!;
    const result = (await voteResults(db, closed, new Date(t0 + HOUR)))!;
    expect(result.turnout.total).toBe(VOTERS);
    expect(result.tally?.method === "majority" && result.tally.cast).toBe(VOTERS);
  }, 60_000);

  it("counts each voter of an open vote once, the last ballot of each standing", async () => {
    const vote = await openVote(false, "open storm");
    const now = new Date(t0 + 60_000);
    const results = await inWaves(
      requests.map(
        (r) => () => castBallot(db, documents, vote, voter(r.voter), { content: r.choice }, now),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && !r.replaced)).toHaveLength(VOTERS);
    const [roll] = await db
      .select({ n: count() })
      .from(voteVoters)
      .where(eq(voteVoters.voteId, vote.row.id));
    const stored = await db
      .select({ userId: voteOpenBallots.userId, content: voteOpenBallots.content })
      .from(voteOpenBallots)
      .where(eq(voteOpenBallots.voteId, vote.row.id));
    expect([roll?.n, stored.length]).toEqual([VOTERS, VOTERS]);
    // Each stored ballot is one that voter sent.
    const sent = new Map<string, Set<string>>();
    for (const r of requests) {
      const set = sent.get(`v${r.voter}`) ?? new Set<string>();
      set.add(r.choice);
      sent.set(`v${r.voter}`, set);
    }
    for (const row of stored) expect(sent.get(row.userId)?.has(row.content as string)).toBe(true);
  }, 60_000);

  it("lets no ballot in after the count: casts racing the close are either counted or refused", async () => {
    const vote = await openVote(true, "racing the close");
    const before = new Date(t0 + HOUR - 1);
    const after = new Date(t0 + HOUR);
    const tasks: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < VOTERS; i++) {
      tasks.push(() => castBallot(db, documents, vote, voter(i), { content: "yes" }, before));
      if (i % 20 === 0) tasks.push(() => tick(vote.row.id, after));
    }
    const outcomes = await inWaves(tasks);
    const accepted = outcomes.filter((o) => (o as CastResult | null)?.ok === true).length;
    const closed = (await tick(vote.row.id, after))!;
    const result = (await voteResults(db, closed, after))!;
    // Some casts got in before the close and the rest were refused as late.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(VOTERS);
    expect(
      outcomes
        .filter((o) => (o as CastResult | null)?.ok === false)
        .every((o) => (o as { reason: string }).reason === "closed"),
    ).toBe(true);
    // Whatever was accepted is in the count; nothing else is.
    expect(result.turnout.total).toBe(accepted);
    const [box] = await db
      .select({ n: count() })
      .from(voteBallots)
      .where(eq(voteBallots.voteId, vote.row.id));
    expect(box?.n).toBe(accepted);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  }, 60_000);
});
