/**
 * Every vote use case that writes checks who acts itself: called by a signed-in resident without
 * the right, each refuses, and the database is as it was.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Database } from "../../db/client";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import { roleGrants, users } from "../../db/schema";
import type { Actor } from "~/domain/policy";
import type { LiveDocuments } from "~/lib/live-documents";
import { communityResource, findCommunityBySlug } from "~/services/communities.server";
import {
  castBallot,
  castByProxy,
  confirmPaperBatch,
  createVote,
  enterPaperBatch,
  loadVote,
  type VoteRecord,
} from "~/services/votes/index.server";
import { snapshotDatabase } from "../support/db-snapshot";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

const HOUR = 3_600_000;

const documents: LiveDocuments = {
  state: () => Promise.resolve(Y.encodeStateAsUpdate(new Y.Doc())),
  transact: () => Promise.resolve(),
  reauthorize: () => {},
};

async function actor(db: Database, id: string, emailVerified = true): Promise<Actor> {
  const roles = await db
    .select({ role: roleGrants.role, communityId: roleGrants.communityId })
    .from(roleGrants)
    .where(eq(roleGrants.userId, id));
  return { id, emailVerified, roles };
}

describe.each(TEST_DRIVERS)("vote acts refused to a resident without the right on %s", (driver) => {
  let test: TestDatabase;
  let db: Database;
  let vote: VoteRecord;
  let batchId: number;
  const now = new Date(Date.now() + 60_000);

  beforeAll(async () => {
    test = await createTestDatabase(driver);
    db = test.handle.db;
    await seedDemoCity(db);
    await seedDemoAccounts(db);
    const chunhui = (await findCommunityBySlug(db, "chunhui"))!;
    const cuizhu = (await findCommunityBySlug(db, "cuizhu"))!;
    // A resident of the next community: verified, but not in this vote's electorate.
    await db
      .insert(users)
      .values({ id: "neighbour", email: "n@example.org", emailVerifiedAt: new Date() });
    await db
      .insert(roleGrants)
      .values({ userId: "neighbour", communityId: cuizhu.id, role: "resident" });
    const created = await createVote(
      db,
      documents,
      {
        community: chunhui,
        resource: await communityResource(db, chunhui),
        actor: await actor(db, "demo-committee"),
        title: "楼道灯更换",
        method: "majority",
        secret: true,
        opensAt: new Date(now.getTime() - 1000),
        closesAt: new Date(now.getTime() + HOUR),
      },
      now,
    );
    if (!created.ok) throw new Error(created.reason);
    vote = (await loadVote(db, created.id, now))!;
    const entered = await enterPaperBatch(
      db,
      vote,
      await actor(db, "demo-committee"),
      { label: "议事厅", kind: "counts", counts: { yes: 2 } },
      now,
    );
    if (!entered.ok) throw new Error(entered.reason);
    batchId = entered.id;
  });
  afterAll(() => test.destroy());

  it("refuses each act and writes nothing", async () => {
    const resident = await actor(db, "demo-resident");
    const neighbour = await actor(db, "neighbour");
    const before = await snapshotDatabase(db);

    expect(
      await createVote(
        db,
        documents,
        {
          community: vote.community,
          resource: vote.resource,
          actor: resident,
          title: "我来发起",
          method: "majority",
          secret: false,
          opensAt: now,
          closesAt: new Date(now.getTime() + HOUR),
        },
        now,
      ),
    ).toEqual({ ok: false, reason: "notAllowed" });
    expect(await castBallot(db, documents, vote, neighbour, { content: "yes" }, now)).toEqual({
      ok: false,
      reason: "notEligible",
    });
    expect(
      await castBallot(
        db,
        documents,
        vote,
        await actor(db, "demo-resident2", false),
        { content: "yes" },
        now,
      ),
    ).toEqual({ ok: false, reason: "emailNotVerified" });
    expect(
      await castByProxy(
        db,
        documents,
        vote,
        resident,
        { voterId: "demo-resident2", content: "yes", consentNote: "当面口述" },
        now,
      ),
    ).toEqual({ ok: false, reason: "notAllowed" });
    expect(
      await enterPaperBatch(
        db,
        vote,
        resident,
        { label: "我的一箱", kind: "counts", counts: { yes: 5 } },
        now,
      ),
    ).toEqual({ ok: false, reason: "notAllowed" });
    expect(await confirmPaperBatch(db, vote, resident, batchId, now)).toEqual({
      ok: false,
      reason: "notAllowed",
    });

    expect(await snapshotDatabase(db)).toEqual(before);
  });
});
