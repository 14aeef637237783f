import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { votes } from "../../db/schema";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import { DEMO_VOTES, seedDemoVotes } from "../../server/scripts/seed-votes";
import { findCommunityBySlug } from "~/services/communities.server";
import { loadVote, myVote, voteResults } from "~/services/votes/index.server";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

describe.each(TEST_DRIVERS)("the demo city's votes on %s", (driver) => {
  let test: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    test = await createTestDatabase(driver);
    db = test.handle.db;
    await seedDemoCity(db);
    await seedDemoAccounts(db);
  });
  afterAll(() => test.destroy());

  async function demoVote(title: string) {
    const chunhui = (await findCommunityBySlug(db, "chunhui"))!;
    const rows = await db.select().from(votes).where(eq(votes.title, title));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.communityId).toBe(chunhui.id);
    return (await loadVote(db, rows[0]!.id))!;
  }

  it("seeds four votes, one in every state, and seeding again adds nothing", async () => {
    expect(await seedDemoVotes(db)).toEqual({ inserted: 4 });
    const [secret, ranked, stv, budget] = DEMO_VOTES.map((d) => d.setup.title);

    const open = await demoVote(secret!);
    expect(open.status).toBe("open");
    expect(open.row.secret).toBe(true);
    // The demo resident has not voted yet: the newcomer can cast.
    expect(await myVote(db, open, "demo-resident")).toMatchObject({ eligible: true, voted: false });

    const running = await demoVote(ranked!);
    expect(running.status).toBe("open");
    expect(running.row.method).toBe("irv");
    expect((await voteResults(db, running))?.running).toBe(true);

    const election = await demoVote(stv!);
    expect(election.status).toBe("closed");
    const elected = (await voteResults(db, election))!;
    expect(elected.turnout.total).toBe(5);
    expect(elected.tally).toMatchObject({ method: "stv" });
    const tally = elected.tally as { winners: readonly string[]; rounds: readonly unknown[] };
    expect(tally.winners).toHaveLength(2);
    expect(tally.rounds.length).toBeGreaterThan(1);

    const shared = await demoVote(budget!);
    expect(shared.status).toBe("closed");
    const funded = (await voteResults(db, shared))!;
    expect(funded.turnout.total).toBe(5);
    expect(funded.budget).toMatchObject({ rule: "mes", budget: 200_000 });
    expect(funded.budget!.funded.length).toBeGreaterThan(0);

    expect(await seedDemoVotes(db)).toEqual({ inserted: 0 });
    expect(await db.select({ id: votes.id }).from(votes)).toHaveLength(4);
  });
});
