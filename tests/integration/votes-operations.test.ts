/**
 * Running votes: paper ballots are checked against the roll; a vote that cannot be counted is marked
 * for the committee without stopping the clock from closing the others, and its pages still answer;
 * every card counts ballots as the results do; the committee closes a vote early or extends it.
 */
import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { auditLog, notifications, roleGrants, users, votePaperBatches } from "../../db/schema";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import type { Actor } from "~/domain/policy";
import { loadActor } from "~/services/actors.server";
import { communityResource, findCommunityBySlug } from "~/services/communities.server";
import {
  ATTENTION_RETRY_MS,
  castBallot,
  closeVoteEarly,
  confirmPaperBatch,
  createVote,
  enterPaperBatch,
  extendVote,
  listVotes,
  loadVote,
  syncDueVotes,
  voteResults,
  type NewVote,
} from "~/services/votes/index.server";
import { loader as votePage } from "~/routes/votes.$id._index";
import { loader as ballotBox } from "~/routes/votes.$id.ballots";
import { loader as communityVotes } from "~/routes/c.$slug.votes._index";
import { emptyDocuments, loadContextFor } from "../support/load-context";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const documents = emptyDocuments;

describe.each(TEST_DRIVERS)("running votes on %s", (driver) => {
  let test: TestDatabase;
  let db: Database;
  let committee: Actor;
  let committee2: Actor;
  let setup: Omit<NewVote, "title" | "method" | "secret" | "opensAt" | "closesAt">;
  const start = Date.now() - 3 * HOUR;
  const at = (ms: number) => new Date(start + ms);

  const contextFor = (userId: string | null): Promise<AppLoadContext> =>
    loadContextFor(db, documents, userId);

  async function get(
    loader: (args: LoaderFunctionArgs) => Promise<unknown>,
    userId: string | null,
    path: string,
    params: Record<string, string>,
  ) {
    const result = await loader({
      request: new Request(`http://localhost${path}`),
      params,
      context: await contextFor(userId),
    });
    if (result instanceof Response) throw new Error(`answered ${result.status}`);
    return result as Record<string, unknown>;
  }

  /** A majority vote opened at `opensAt` (frozen then), closing at `closesAt`. */
  async function majorityVote(title: string, opensAt: Date, closesAt: Date): Promise<number> {
    const created = await createVote(
      db,
      documents,
      { ...setup, title, method: "majority", secret: true, opensAt, closesAt },
      opensAt,
    );
    if (!created.ok) throw new Error(created.reason);
    return created.id;
  }

  async function cast(voteId: number, voters: string[], when: Date) {
    const vote = (await loadVote(db, voteId, when))!;
    for (const id of voters) {
      const done = await castBallot(
        db,
        documents,
        vote,
        await loadActor(db, { id, emailVerified: true }),
        { content: "yes" },
        when,
      );
      if (!done.ok) throw new Error(done.reason);
    }
  }

  beforeAll(async () => {
    test = await createTestDatabase(driver);
    db = test.handle.db;
    await seedDemoCity(db);
    await seedDemoAccounts(db);
    await db.update(roleGrants).set({ grantedAt: new Date(start - 24 * HOUR) });
    const chunhui = (await findCommunityBySlug(db, "chunhui"))!;
    await db
      .insert(users)
      .values({ id: "committee2", email: "c2@example.org", emailVerifiedAt: new Date() });
    await db.insert(roleGrants).values({
      userId: "committee2",
      communityId: chunhui.id,
      role: "committee",
      grantedAt: new Date(start - 24 * HOUR),
    });
    committee = await loadActor(db, { id: "demo-committee", emailVerified: true });
    committee2 = await loadActor(db, { id: "committee2", emailVerified: true });
    setup = {
      community: chunhui,
      resource: await communityResource(db, chunhui),
      actor: committee,
    };
  });
  afterAll(() => test.destroy());

  it("refuses a paper batch that would bring the ballots above the roll, saying by how many", async () => {
    const id = await majorityVote("纸质票核对", at(0), at(10 * HOUR));
    await cast(id, ["demo-resident", "demo-resident2"], at(MINUTE));
    const vote = (await loadVote(db, id, at(2 * MINUTE)))!;
    const electorate = vote.row.electorateSize!;
    expect(electorate).toBeGreaterThan(2);
    const room = electorate - 2;

    // Entered too many at once: refused at entry.
    expect(
      await enterPaperBatch(
        db,
        vote,
        committee,
        { label: "太多", kind: "counts", counts: { yes: room + 3 } },
        at(2 * MINUTE),
      ),
    ).toEqual({ ok: false, reason: "exceedsElectorate", over: 3 });

    // Two batches that fit one at a time: the second confirmation is refused.
    const first = await enterPaperBatch(
      db,
      vote,
      committee,
      { label: "一号箱", kind: "counts", counts: { yes: room } },
      at(2 * MINUTE),
    );
    const second = await enterPaperBatch(
      db,
      vote,
      committee,
      { label: "二号箱", kind: "counts", counts: { no: 2 } },
      at(2 * MINUTE),
    );
    if (!first.ok || !second.ok) throw new Error("enter");
    expect(await confirmPaperBatch(db, vote, committee2, first.id, at(3 * MINUTE))).toEqual({
      ok: true,
    });
    expect(await confirmPaperBatch(db, vote, committee2, second.id, at(3 * MINUTE))).toEqual({
      ok: false,
      reason: "exceedsElectorate",
      over: 2,
    });
    const [unconfirmed] = await db
      .select({ confirmedBy: votePaperBatches.confirmedBy })
      .from(votePaperBatches)
      .where(eq(votePaperBatches.id, second.id));
    expect(unconfirmed?.confirmedBy).toBeNull();
  });

  it("marks a vote it cannot count for the committee and still closes another on time", async () => {
    const broken = await majorityVote("无法计票的表决", at(0), at(HOUR));
    const fine = await majorityVote("按时结束的表决", at(0), at(HOUR + MINUTE));
    await cast(broken, ["demo-resident"], at(MINUTE));
    await cast(fine, ["demo-resident", "demo-resident2"], at(MINUTE));
    // A confirmed batch beyond the roll, as one could be before batches were checked.
    const electorate = (await loadVote(db, broken))!.row.electorateSize!;
    await db.insert(votePaperBatches).values({
      voteId: broken,
      label: "旧数据",
      kind: "counts",
      counts: { yes: electorate },
      papers: electorate,
      enteredBy: "demo-committee",
      enteredAt: at(2 * MINUTE),
      confirmedBy: "committee2",
      confirmedAt: at(2 * MINUTE),
    });

    const tick = await syncDueVotes(db, documents, at(2 * HOUR));
    expect(tick.closed).toContain(fine);
    expect(tick.attention).toEqual([broken]);
    expect(tick.failed).toEqual([]);
    expect((await loadVote(db, fine))!.row.closedAt).not.toBeNull();
    const marked = (await loadVote(db, broken))!;
    expect(marked.row.closedAt).toBeNull();
    expect(marked.row.attention).toEqual({
      reason: "overElectorate",
      cast: electorate + 1,
      electorate,
    });

    // The next ticks leave it alone until the back-off has passed; it is audited once.
    expect((await syncDueVotes(db, documents, at(2 * HOUR + MINUTE))).attention).toEqual([]);
    const retried = await syncDueVotes(db, documents, at(2 * HOUR + ATTENTION_RETRY_MS + MINUTE));
    expect(retried.attention).toEqual([broken]);
    const audited = await db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, "vote.needsAttention"), eq(auditLog.targetId, String(broken))),
      );
    expect(audited).toHaveLength(1);

    // Its pages answer: the committee reads why, a resident that the count is being checked.
    const params = { id: String(broken) };
    const forCommittee = await get(votePage, "demo-committee", `/votes/${broken}`, params);
    expect(forCommittee.results).toBeNull();
    expect(forCommittee.problem).toEqual(marked.row.attention);
    const forResident = await get(votePage, "demo-resident", `/votes/${broken}`, params);
    expect(forResident.problem).toBe("checking");
    await get(ballotBox, null, `/votes/${broken}/ballots`, params);
    await get(communityVotes, null, "/c/chunhui/votes", { slug: "chunhui" });
  });

  it("shows each vote card the count its results show", async () => {
    const withPaper = await majorityVote("有纸质票", at(0), at(HOUR));
    const without = await majorityVote("无纸质票", at(0), at(HOUR));
    await cast(withPaper, ["demo-resident", "demo-resident2"], at(MINUTE));
    await cast(without, ["demo-resident3"], at(MINUTE));
    const vote = (await loadVote(db, withPaper, at(MINUTE)))!;
    const batch = await enterPaperBatch(
      db,
      vote,
      committee,
      { label: "议事厅", kind: "counts", counts: { yes: 1, no: 1 } },
      at(MINUTE),
    );
    if (!batch.ok) throw new Error(batch.reason);
    expect(await confirmPaperBatch(db, vote, committee2, batch.id, at(MINUTE))).toEqual({
      ok: true,
    });
    const later = at(2 * HOUR);
    const { items } = await listVotes(
      db,
      { communityIds: [setup.community.id] },
      { page: 1, pageSize: 100 },
      later,
    );
    for (const id of [withPaper, without]) {
      const results = await voteResults(db, (await loadVote(db, id, later))!, later);
      expect(items.find((item) => item.id === id)?.turnout).toBe(results!.turnout.total);
    }
    expect(items.find((item) => item.id === withPaper)?.turnout).toBe(4);
    expect(items.find((item) => item.id === without)?.turnout).toBe(1);
  });

  it("lets the committee extend or close a vote early, with a reason, audited and announced", async () => {
    const now = new Date();
    const id = await majorityVote(
      "可调整的表决",
      new Date(now.getTime() - HOUR),
      new Date(now.getTime() + HOUR),
    );
    const vote = (await loadVote(db, id, now))!;
    const resident = await loadActor(db, { id: "demo-resident", emailVerified: true });
    const later = new Date(now.getTime() + 3 * HOUR);
    expect(
      await extendVote(db, undefined, vote, resident, { closesAt: later, reason: "x" }, now),
    ).toEqual({ ok: false, reason: "notAllowed" });
    expect(
      await extendVote(db, undefined, vote, committee, { closesAt: later, reason: "  " }, now),
    ).toEqual({ ok: false, reason: "badReason" });
    expect(
      await extendVote(
        db,
        undefined,
        vote,
        committee,
        { closesAt: new Date(now.getTime() - MINUTE), reason: "晚了" },
        now,
      ),
    ).toEqual({ ok: false, reason: "badClose" });
    expect(
      await extendVote(
        db,
        undefined,
        vote,
        committee,
        { closesAt: later, reason: "纸质投票点延期" },
        now,
      ),
    ).toEqual({ ok: true });
    expect((await loadVote(db, id))!.row.closesAt).toEqual(later);
    const told = await db
      .select({ userId: notifications.userId, payload: notifications.payload })
      .from(notifications)
      .where(eq(notifications.kind, "vote.rescheduled"));
    const electorate = (await loadVote(db, id))!.row.electorateSize!;
    expect(told).toHaveLength(electorate);
    expect(told[0]!.payload).toMatchObject({ values: { reason: "纸质投票点延期" } });

    const closing = (await loadVote(db, id, now))!;
    expect(
      await closeVoteEarly(db, documents, undefined, closing, committee, "全体住户已投票", now),
    ).toEqual({ ok: true });
    const closed = (await loadVote(db, id))!;
    expect(closed.row.closedAt).not.toBeNull();
    expect(closed.row.outcome).toBe("decided");
    const acts = await db
      .select({ action: auditLog.action, after: auditLog.after })
      .from(auditLog)
      .where(eq(auditLog.targetId, String(id)));
    expect(acts.map((a) => a.action)).toEqual(
      expect.arrayContaining(["vote.extended", "vote.closedEarly", "vote.closed"]),
    );
    expect(acts.find((a) => a.action === "vote.closedEarly")?.after).toMatchObject({
      reason: "全体住户已投票",
    });
    // Closed: no more changes.
    expect(
      await extendVote(db, undefined, closed, committee, { closesAt: later, reason: "再延" }, now),
    ).toEqual({ ok: false, reason: "notOpen" });
  });
});
