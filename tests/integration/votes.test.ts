import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { selectRows } from "../../db/rows";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import {
  auditLog,
  notifications,
  proposals,
  proposalVersions,
  roleGrants,
  users,
  voteBallots,
  voteVoters,
  type Community,
} from "../../db/schema";
import type { CommunityResource } from "~/domain/policy";
import { verifyAuditChain } from "~/services/audit.server";
import { communityResource, findCommunityBySlug } from "~/services/communities.server";
import {
  countHearings,
  listHearings,
  loadProposal,
  recordHearing,
  transitionContext,
} from "~/services/proposals/index.server";
import {
  castBallot,
  castByProxy,
  checkReceipt,
  confirmPaperBatch,
  countVote,
  createVote,
  enterPaperBatch,
  finalizeIfClosed,
  listElectorate,
  listPaperBatches,
  listVotes,
  loadVote,
  myVote,
  publishedBallots,
  syncDueVotes,
  voteErrorKey,
  voteResults,
  type NewVote,
  type PublishedBallot,
  type VoteRecord,
} from "~/services/votes/index.server";
import { actorFor, fakeDocuments, raiseProposal } from "../support/fixtures";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(TEST_DRIVERS)("votes on %s", (driver) => {
  let test: TestDatabase;
  let db: Database;
  let chunhui: Community;
  let resource: CommunityResource;
  const { documents, reauthorized } = fakeDocuments();
  /** Real time at the start: votes open from here, after the seeded residents were granted. */
  let t0: number;

  beforeAll(async () => {
    test = await createTestDatabase(driver);
    db = test.handle.db;
    await seedDemoCity(db);
    await seedDemoAccounts(db);
    chunhui = (await findCommunityBySlug(db, "chunhui"))!;
    resource = await communityResource(db, chunhui);
    // A second committee member (paper batches need two), and residents for the counts.
    await db.insert(users).values([
      {
        id: "committee2",
        email: "c2@example.org",
        displayName: "周主任",
        emailVerifiedAt: new Date(),
      },
      ...Array.from({ length: 30 }, (_, i) => ({
        id: `r${i}`,
        email: `r${i}@example.org`,
        displayName: `居民${i}`,
        emailVerifiedAt: new Date(),
      })),
    ]);
    const grid = (await findCommunityBySlug(db, "chunhui-g2"))!;
    await db.insert(roleGrants).values([
      { userId: "committee2", communityId: chunhui.id, role: "committee" },
      // Residents registered at a grid below the community are in its electorate too.
      ...Array.from({ length: 30 }, (_, i) => ({
        userId: `r${i}`,
        communityId: i % 2 === 0 ? chunhui.id : grid.id,
        role: "resident" as const,
      })),
    ]);
    t0 = Date.now() + 1000;
  });
  afterAll(() => test.destroy());

  const at = (offset: number) => new Date(t0 + offset);

  async function setUp(overrides: Partial<NewVote> = {}, now = at(0)) {
    const created = await createVote(
      db,
      documents,
      {
        community: chunhui,
        resource,
        actor: await actorFor(db, "demo-committee"),
        title: "小区停车位分配方案",
        method: "irv",
        secret: true,
        opensAt: at(0),
        closesAt: at(HOUR),
        options: [{ label: "方案甲" }, { label: "方案乙" }, { label: "方案丙" }],
        ...overrides,
      },
      now,
    );
    if (!created.ok) throw new Error(`createVote: ${created.reason}`);
    return (await tick(created.id, now))!;
  }

  /** The vote clock's pass for this vote at `now` (pages never open or close one), then the vote. */
  async function tick(id: number, now: Date) {
    await syncDueVotes(db, documents, now, { voteId: id });
    return loadVote(db, id, now);
  }

  const ids = (vote: VoteRecord) => vote.options.map((o) => o.id);

  it("lets only the committee set up a vote, and checks the setup", async () => {
    const base: NewVote = {
      community: chunhui,
      resource,
      actor: await actorFor(db, "demo-resident"),
      title: "t",
      method: "majority",
      secret: false,
      opensAt: at(0),
      closesAt: at(HOUR),
    };
    expect(await createVote(db, documents, base, at(0))).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    const committee = await actorFor(db, "demo-committee");
    expect(
      await createVote(db, documents, { ...base, actor: committee, closesAt: at(-1) }, at(0)),
    ).toEqual({
      ok: false,
      reason: "badTimes",
    });
    expect(
      await createVote(
        db,
        documents,
        { ...base, actor: committee, opensAt: at(-2 * HOUR), closesAt: at(-HOUR) },
        at(0),
      ),
    ).toEqual({ ok: false, reason: "pastClose" });
    expect(
      await createVote(
        db,
        documents,
        { ...base, actor: committee, method: "irv", options: [{ label: "a" }] },
        at(0),
      ),
    ).toEqual({ ok: false, reason: "tooFewOptions" });
    expect(
      await createVote(
        db,
        documents,
        {
          ...base,
          actor: committee,
          method: "budget",
          options: [
            { label: "a", cost: 1 },
            { label: "b", cost: 2 },
          ],
        },
        at(0),
      ),
    ).toEqual({ ok: false, reason: "budgetRequired" });
    expect(voteErrorKey("hearingRequired")).toBe("voteError.hearingRequired");
  });

  it("runs a secret ranked vote: electorate frozen at opening, receipts replace, late and ineligible ballots refused", async () => {
    const vote = await setUp();
    expect(vote.status).toBe("open");
    expect(vote.row.openedAt).not.toBeNull();
    // Residents of the community and of the grid below: 5 demo residents + 30.
    expect(vote.row.electorateSize).toBe(35);
    const [a, b, c] = ids(vote);

    // Someone who becomes a resident after the opening is not on the roll.
    await db
      .insert(users)
      .values({ id: "latecomer", email: "late@example.org", emailVerifiedAt: new Date() });
    await db.insert(roleGrants).values({
      userId: "latecomer",
      communityId: chunhui.id,
      role: "resident",
      grantedAt: at(MINUTE),
    });
    expect(
      await castBallot(
        db,
        documents,
        vote,
        await actorFor(db, "latecomer"),
        { content: [[a]] },
        at(2 * MINUTE),
      ),
    ).toEqual({
      ok: false,
      reason: "notEligible",
    });
    expect((await myVote(db, vote, "latecomer")).eligible).toBe(false);
    // Staff who are not residents are not voters.
    expect(
      await castBallot(
        db,
        documents,
        vote,
        await actorFor(db, "demo-committee"),
        { content: [[a]] },
        at(MINUTE),
      ),
    ).toEqual({
      ok: false,
      reason: "notEligible",
    });
    expect(
      await castBallot(
        db,
        documents,
        vote,
        await actorFor(db, "demo-resident", false),
        { content: [[a]] },
        at(MINUTE),
      ),
    ).toEqual({
      ok: false,
      reason: "emailNotVerified",
    });
    expect(await castBallot(db, documents, vote, null, { content: [[a]] }, at(MINUTE))).toEqual({
      ok: false,
      reason: "notSignedIn",
    });
    // A bad ballot is refused with what is wrong with it.
    const resident = await actorFor(db, "demo-resident");
    expect(
      await castBallot(db, documents, vote, resident, { content: [[a, b]] }, at(MINUTE)),
    ).toEqual({
      ok: false,
      reason: "equalRanks",
    });
    expect(
      await castBallot(db, documents, vote, resident, { content: [["999"]] }, at(MINUTE)),
    ).toEqual({
      ok: false,
      reason: "unknownOption",
    });

    // The first ballot gets a receipt, once.
    const first = await castBallot(
      db,
      documents,
      vote,
      resident,
      { content: [[a], [b]] },
      at(MINUTE),
    );
    expect(first).toMatchObject({ ok: true, replaced: false });
    const receipt = first.ok ? first.receipt! : "";
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(await myVote(db, vote, "demo-resident")).toEqual({
      eligible: true,
      voted: true,
      castBy: "self",
      votedOn: expect.any(String) as string,
      content: null,
    });
    // Changing it needs the receipt; a wrong one is refused; the right one (typed loosely) replaces.
    expect(
      await castBallot(db, documents, vote, resident, { content: [[c]] }, at(2 * MINUTE)),
    ).toEqual({
      ok: false,
      reason: "receiptRequired",
    });
    expect(
      await castBallot(
        db,
        documents,
        vote,
        resident,
        { content: [[c]], receipt: "0000-0000-0000-0000" },
        at(2 * MINUTE),
      ),
    ).toEqual({ ok: false, reason: "badReceipt" });
    expect(
      await castBallot(
        db,
        documents,
        vote,
        resident,
        { content: [[c]], receipt: "not a receipt" },
        at(2 * MINUTE),
      ),
    ).toEqual({ ok: false, reason: "badReceipt" });
    const typed = receipt.toLowerCase().replace(/-/g, " ");
    expect(
      await castBallot(
        db,
        documents,
        vote,
        resident,
        { content: [[c], [a]], receipt: typed },
        at(3 * MINUTE),
      ),
    ).toEqual({
      ok: true,
      receipt: null,
      replaced: true,
    });
    expect(await checkReceipt(db, vote, typed)).toEqual({
      found: true,
      receipt,
      content: [[c], [a]],
      castOn: expect.any(String) as string,
    });
    expect(await checkReceipt(db, vote, "0000-0000-0000-0000")).toEqual({ found: false });

    // More voters; the order of casting is kept to compare with the box later.
    const castOrder = [receipt];
    for (let i = 0; i < 20; i++) {
      const ballot = i % 3 === 0 ? [[a], [b]] : i % 3 === 1 ? [[b], [c], [a]] : [[c]];
      const result = await castBallot(
        db,
        documents,
        vote,
        await actorFor(db, `r${i}`),
        { content: ballot },
        at(10 * MINUTE),
      );
      expect(result.ok).toBe(true);
      if (result.ok) castOrder.push(result.receipt!);
    }
    // Secret: no running results.
    expect(await voteResults(db, vote, at(30 * MINUTE))).toBeNull();
    expect(
      await publishedBallots(db, vote, { page: 1, pageSize: 100 }, at(30 * MINUTE)),
    ).toBeNull();

    // Nothing in the ballot box names a voter, or a time finer than a day.
    const columns = await selectRows<{ column_name: string; data_type: string }>(
      db,
      sql`select column_name, data_type from information_schema.columns where table_name = 'vote_ballots' order by ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      "id",
      "vote_id",
      "receipt",
      "content",
      "cast_on",
    ]);
    expect(columns.find((c) => c.column_name === "cast_on")?.data_type).toBe("date");
    expect(columns.map((c) => c.data_type)).not.toContain("timestamp with time zone");
    expect(columns.find((c) => c.column_name === "id")?.data_type).toBe("uuid");
    // Nor does the roll keep more than the day.
    const rollColumns = await selectRows<{ column_name: string; data_type: string }>(
      db,
      sql`select column_name, data_type from information_schema.columns where table_name = 'vote_voters'`,
    );
    expect(rollColumns.map((c) => c.data_type)).not.toContain("timestamp with time zone");
    // Ordered by their key, the ballots are not in the order they were cast.
    const byKey = await db
      .select({ receipt: voteBallots.receipt })
      .from(voteBallots)
      .where(eq(voteBallots.voteId, vote.row.id))
      .orderBy(asc(voteBallots.id));
    expect(byKey.map((r) => r.receipt)).not.toEqual(castOrder);
    expect(new Set(byKey.map((r) => r.receipt))).toEqual(new Set(castOrder));

    // Late: once closed, nothing is accepted; the vote clock finalises it.
    const late = await castBallot(
      db,
      documents,
      vote,
      await actorFor(db, "r25"),
      { content: [[a]] },
      at(HOUR),
    );
    expect(late).toEqual({ ok: false, reason: "closed" });
    const closed = (await tick(vote.row.id, at(HOUR)))!;
    expect(closed.row.closedAt).not.toBeNull();
    expect(closed.row.outcome).toBe("decided");

    // After the close the box is stored in receipt order: physically, and with one transaction id.
    const physical = await selectRows<{ receipt: string }>(
      db,
      sql`select receipt from vote_ballots where vote_id = ${vote.row.id} order by ctid`,
    );
    expect(physical.map((r) => r.receipt)).toEqual([...castOrder].sort());
    const xmins = await selectRows<{ n: number }>(
      db,
      sql`select count(distinct xmin::text)::int as n from vote_ballots where vote_id = ${vote.row.id}`,
    );
    expect(Number(xmins[0]!.n)).toBe(1);

    const results = (await voteResults(db, closed, at(HOUR)))!;
    expect(results.turnout).toEqual({ electorate: 35, online: 21, proxy: 0, paper: 0, total: 21 });
    expect(results.tally?.method).toBe("irv");
    expect(results.names[a!]).toBe("方案甲");
    const box = (await publishedBallots(db, closed, { page: 1, pageSize: 100 }, at(HOUR)))!;
    expect(box.page.total).toBe(21);
    expect(box.items.map((i) => i.receipt)).toEqual([...castOrder].sort());
    expect(box.items.find((i) => i.receipt === receipt)?.content).toEqual([[c], [a]]);
    // The box recounts to the published result.
    const recount = countVote(closed, {
      electorate: 35,
      ballots: box.items.map((i) => i.content),
      online: 21,
      proxy: 0,
      batches: [],
    });
    expect(recount.tally).toEqual(results.tally);

    // The sealed box cannot be changed, even by hand.
    await expect(
      db
        .update(voteBallots)
        .set({ content: [[a]] })
        .where(eq(voteBallots.receipt, receipt)),
    ).rejects.toThrow();
    await expect(
      db.delete(voteBallots).where(eq(voteBallots.voteId, vote.row.id)),
    ).rejects.toThrow();
    await expect(
      db.insert(voteVoters).values({ voteId: vote.row.id, userId: "r29", votedOn: "2026-01-01" }),
    ).rejects.toThrow();

    // The audit log tells opening and closing with the result, never a receipt.
    const audit = await db
      .select({ action: auditLog.action, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.targetType, "vote"), eq(auditLog.targetId, String(vote.row.id))))
      .orderBy(asc(auditLog.id));
    expect(audit.map((r) => r.action)).toEqual(["vote.created", "vote.opened", "vote.closed"]);
    expect(audit[2]!.after).toMatchObject({ outcome: "decided", turnout: { total: 21 } });
    expect(JSON.stringify(audit)).not.toContain(receipt);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    // The electorate was told of the opening and the close.
    const told = await db
      .select({ kind: notifications.kind })
      .from(notifications)
      .where(eq(notifications.userId, "r3"));
    expect(told.map((n) => n.kind)).toEqual(expect.arrayContaining(["vote.opened", "vote.closed"]));
  });

  it("the ballot box refuses changes other than a content replacement while open", async () => {
    const vote = await setUp({ title: "guards" });
    const cast = await castBallot(
      db,
      documents,
      vote,
      await actorFor(db, "r1"),
      { content: [[ids(vote)[0]!]] },
      at(MINUTE),
    );
    const receipt = cast.ok ? cast.receipt! : "";
    await expect(
      db
        .update(voteBallots)
        .set({ receipt: "AAAA-AAAA-AAAA-AAAA" })
        .where(eq(voteBallots.receipt, receipt)),
    ).rejects.toThrow();
    await expect(
      db.update(voteBallots).set({ castOn: "2020-01-01" }).where(eq(voteBallots.receipt, receipt)),
    ).rejects.toThrow();
    await expect(db.delete(voteBallots).where(eq(voteBallots.receipt, receipt))).rejects.toThrow();
    await expect(db.delete(voteVoters).where(eq(voteVoters.userId, "r1"))).rejects.toThrow();
  });

  it("refuses a ballot before the opening, and opens lazily (electorate as it stood at the opening)", async () => {
    const vote = await setUp({ title: "later", opensAt: at(HOUR), closesAt: at(2 * HOUR) });
    expect(vote.status).toBe("scheduled");
    expect(vote.row.openedAt).toBeNull();
    const [a] = ids(vote);
    expect(
      await castBallot(
        db,
        documents,
        vote,
        await actorFor(db, "r2"),
        { content: [[a]] },
        at(MINUTE),
      ),
    ).toEqual({
      ok: false,
      reason: "notOpenYet",
    });
    expect((await myVote(db, vote, "r2")).eligible).toBe(true);
    // A resident whose role was revoked before the opening is not in the electorate.
    await db
      .update(roleGrants)
      .set({ revokedAt: at(30 * MINUTE) })
      .where(and(eq(roleGrants.userId, "r28"), eq(roleGrants.role, "resident")));
    // Nobody looked at it during the opening: the clock's first pass, well after, opens it.
    const opened = (await tick(vote.row.id, at(HOUR + 20 * MINUTE)))!;
    expect(opened.status).toBe("open");
    expect(opened.row.openedAt).not.toBeNull();
    // 5 demo residents + r0–r29 − r28; the latecomer joined at t0+1min, before this opening: in.
    expect(opened.row.electorateSize).toBe(35);
    expect((await myVote(db, opened, "r28")).eligible).toBe(false);
    expect((await myVote(db, opened, "latecomer")).eligible).toBe(true);
    // Idempotent: a second pass changes nothing.
    const again = (await tick(vote.row.id, at(HOUR + 21 * MINUTE)))!;
    expect(again.row.openedAt).toEqual(opened.row.openedAt);
    const openings = await db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.action, "vote.opened"), eq(auditLog.targetId, String(vote.row.id))));
    expect(openings).toHaveLength(1);
  });

  it("runs an open approval vote with running results: the last ballot counts", async () => {
    const vote = await setUp({
      title: "活动室开放时间",
      method: "approval",
      secret: false,
      showRunning: true,
      settings: { maxApprovals: 2 },
      options: [{ label: "早上" }, { label: "下午" }, { label: "晚上" }],
    });
    const [a, b, c] = ids(vote);
    const resident = await actorFor(db, "demo-resident2");
    expect(
      await castBallot(db, documents, vote, resident, { content: [a, b, c] }, at(MINUTE)),
    ).toEqual({
      ok: false,
      reason: "tooMany",
    });
    expect(await castBallot(db, documents, vote, resident, { content: [a] }, at(MINUTE))).toEqual({
      ok: true,
      receipt: null,
      replaced: false,
    });
    expect(
      await castBallot(db, documents, vote, resident, { content: [b, c] }, at(2 * MINUTE)),
    ).toEqual({
      ok: true,
      receipt: null,
      replaced: true,
    });
    await castBallot(
      db,
      documents,
      vote,
      await actorFor(db, "r4"),
      { content: [b] },
      at(2 * MINUTE),
    );
    expect((await myVote(db, vote, "demo-resident2")).content).toEqual([b, c]);
    const running = (await voteResults(db, vote, at(3 * MINUTE)))!;
    expect(running.running).toBe(true);
    expect(running.outcome).toBeNull();
    expect(running.tally).toMatchObject({
      method: "approval",
      approvals: { [a!]: 0, [b!]: 2, [c!]: 1 },
    });
    expect(running.turnout.total).toBe(2);

    const listed = await listVotes(
      db,
      { communityIds: [chunhui.id], status: "open" },
      { page: 1, pageSize: 50 },
      at(3 * MINUTE),
    );
    expect(listed.items.find((i) => i.id === vote.row.id)).toMatchObject({
      status: "open",
      turnout: 2,
    });
    const closed = (await tick(vote.row.id, at(HOUR)))!;
    const final = (await voteResults(db, closed, at(HOUR)))!;
    expect(final).toMatchObject({ running: false, outcome: "decided" });
    expect(final.tally?.winner).toBe(b);
    const box = (await publishedBallots(db, closed, { page: 1, pageSize: 10 }, at(HOUR)))!;
    expect(box.items.map((i) => i.receipt)).toEqual([null, null]);
    expect(box.items.map((i) => i.content)).toEqual(expect.arrayContaining([[b, c], [b]]));
    const closedList = await listVotes(
      db,
      { communityIds: [chunhui.id], status: "closed" },
      { page: 1, pageSize: 50 },
      at(HOUR),
    );
    expect(closedList.items.map((i) => i.id)).toContain(vote.row.id);
    expect(closedList.items.every((i) => i.status === "closed")).toBe(true);
  });

  it("counts paper batches only once a second committee member confirms them", async () => {
    const vote = await setUp({
      title: "垃圾分类时间",
      method: "majority",
      secret: true,
      options: undefined,
      settings: { quorumPercent: 20 },
    });
    const committee = await actorFor(db, "demo-committee");
    const committee2 = await actorFor(db, "committee2");
    expect(
      await enterPaperBatch(
        db,
        vote,
        await actorFor(db, "demo-resident"),
        { label: "x", kind: "counts", counts: { yes: 1 } },
        at(MINUTE),
      ),
    ).toEqual({ ok: false, reason: "notAllowed" });
    expect(
      await enterPaperBatch(
        db,
        vote,
        committee,
        { label: " ", kind: "counts", counts: { yes: 1 } },
        at(MINUTE),
      ),
    ).toEqual({ ok: false, reason: "badLabel" });
    expect(
      await enterPaperBatch(
        db,
        vote,
        committee,
        { label: "b", kind: "ballots", ballots: ["yes", "perhaps"] },
        at(MINUTE),
      ),
    ).toEqual({ ok: false, reason: "badBallot", index: 1 });
    const room = await enterPaperBatch(
      db,
      vote,
      committee,
      { label: "居民议事厅 5月3日", kind: "counts", counts: { yes: 4, no: 1, abstain: 1 } },
      at(MINUTE),
    );
    expect(room.ok).toBe(true);
    const box = await enterPaperBatch(
      db,
      vote,
      committee2,
      { label: "3号楼投票箱", kind: "ballots", ballots: ["no", "no"] },
      at(MINUTE),
    );
    expect(box.ok).toBe(true);
    expect(
      await enterPaperBatch(
        db,
        vote,
        committee,
        { label: "3号楼投票箱", kind: "ballots", ballots: ["no"] },
        at(MINUTE),
      ),
    ).toEqual({ ok: false, reason: "labelTaken" });
    const roomId = room.ok ? room.id : 0;
    const boxId = box.ok ? box.id : 0;
    expect(await confirmPaperBatch(db, vote, committee, roomId, at(2 * MINUTE))).toEqual({
      ok: false,
      reason: "sameMember",
    });
    expect(
      await confirmPaperBatch(db, vote, await actorFor(db, "demo-grid"), roomId, at(2 * MINUTE)),
    ).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(await confirmPaperBatch(db, vote, committee2, roomId, at(2 * MINUTE))).toEqual({
      ok: true,
    });
    expect(await confirmPaperBatch(db, vote, committee2, roomId, at(2 * MINUTE))).toEqual({
      ok: false,
      reason: "alreadyConfirmed",
    });
    expect(await confirmPaperBatch(db, vote, committee2, 999_999, at(2 * MINUTE))).toEqual({
      ok: false,
      reason: "noSuchBatch",
    });
    // The database itself refuses a batch confirmed by the one who entered it.
    await expect(
      db.execute(
        sql`update vote_paper_batches set confirmed_by = entered_by, confirmed_at = now() where id = ${boxId}`,
      ),
    ).rejects.toThrow();

    await castBallot(
      db,
      documents,
      vote,
      await actorFor(db, "r5"),
      { content: "yes" },
      at(3 * MINUTE),
    );
    const closed = (await tick(vote.row.id, at(HOUR)))!;
    // After the close no batch can be entered or confirmed: the result is fixed.
    expect(await confirmPaperBatch(db, closed, committee, boxId, at(HOUR))).toEqual({
      ok: false,
      reason: "closed",
    });
    const results = (await voteResults(db, closed, at(HOUR)))!;
    // The unconfirmed box (two "no") is not counted; the room's batch is, and is named.
    expect(results.batches).toEqual([
      { id: roomId, label: "居民议事厅 5月3日", kind: "counts", papers: 6 },
    ]);
    expect(results.turnout).toMatchObject({ online: 1, paper: 6, total: 7 });
    expect(results.tally).toMatchObject({
      method: "majority",
      yes: 5,
      no: 1,
      abstain: 1,
      outcome: "passed",
    });
    expect(results.quorum).toMatchObject({ percent: 20, met: true });
    const batches = await listPaperBatches(db, closed);
    expect(batches.map((b) => [b.label, b.confirmedByName])).toEqual([
      ["居民议事厅 5月3日", "周主任"],
      ["3号楼投票箱", null],
    ]);
    const paperAudit = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(
        and(eq(auditLog.targetId, String(vote.row.id)), sql`${auditLog.action} like 'vote.paper%'`),
      );
    expect(paperAudit.map((r) => r.action)).toEqual([
      "vote.paperEntered",
      "vote.paperEntered",
      "vote.paperConfirmed",
    ]);
  });

  it("lets a grid worker record a listed resident's ballot with their consent", async () => {
    const vote = await setUp({ title: "代投", method: "schulze" });
    const [a, b, c] = ids(vote);
    const grid = await actorFor(db, "demo-grid");
    const input = {
      voterId: "demo-resident4",
      content: [[b], [a, c]],
      consentNote: "赵奶奶当面口述，女儿在场",
    };
    expect(
      await castByProxy(db, documents, vote, grid, { ...input, consentNote: "  " }, at(MINUTE)),
    ).toEqual({
      ok: false,
      reason: "consentRequired",
    });
    expect(
      await castByProxy(
        db,
        documents,
        vote,
        await actorFor(db, "demo-resident"),
        input,
        at(MINUTE),
      ),
    ).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(
      await castByProxy(db, documents, vote, grid, { ...input, voterId: "demo-grid" }, at(MINUTE)),
    ).toEqual({
      ok: false,
      reason: "selfProxy",
    });
    expect(
      await castByProxy(
        db,
        documents,
        vote,
        grid,
        { ...input, voterId: "demo-committee" },
        at(MINUTE),
      ),
    ).toEqual({
      ok: false,
      reason: "notEligible",
    });
    const done = await castByProxy(db, documents, vote, grid, input, at(MINUTE));
    expect(done).toMatchObject({ ok: true, replaced: false });
    expect(done.ok && done.receipt).toMatch(/^[0-9A-Z-]{19}$/);
    expect(await myVote(db, vote, "demo-resident4")).toMatchObject({
      voted: true,
      castBy: "proxy",
    });
    const [roll] = await db
      .select()
      .from(voteVoters)
      .where(and(eq(voteVoters.voteId, vote.row.id), eq(voteVoters.userId, "demo-resident4")));
    expect(roll).toMatchObject({ castBy: "demo-grid", consentNote: "赵奶奶当面口述，女儿在场" });
    const [audited] = await db
      .select({ actorId: auditLog.actorId, after: auditLog.after })
      .from(auditLog)
      .where(
        and(eq(auditLog.action, "vote.proxyCast"), eq(auditLog.targetId, String(vote.row.id))),
      );
    expect(audited).toEqual({
      actorId: "demo-grid",
      after: {
        voterId: "demo-resident4",
        consentNote: "赵奶奶当面口述，女儿在场",
        replaced: false,
      },
    });
    const electorate = await listElectorate(db, vote, { page: 1, pageSize: 100 }, "赵");
    expect(electorate.items).toEqual([
      { userId: "demo-resident4", displayName: "赵奶奶", voted: true },
    ]);
    const closed = (await tick(vote.row.id, at(HOUR)))!;
    expect((await voteResults(db, closed, at(HOUR)))?.turnout).toMatchObject({
      online: 0,
      proxy: 1,
      total: 1,
    });
  });

  it("publishes a box that, with the confirmed paper batches, recounts to the published result", async () => {
    const vote = await setUp({
      title: "recount",
      method: "schulze",
      options: [{ label: "A" }, { label: "B" }, { label: "C" }, { label: "D" }],
    });
    const [a, b, c, d] = ids(vote);
    const patterns = [[[a], [b], [c]], [[b, c], [a]], [[d], [c]], [[c], [a], [b], [d]], []];
    for (let i = 0; i < 25; i++) {
      const result = await castBallot(
        db,
        documents,
        vote,
        await actorFor(db, `r${i}`),
        { content: patterns[i % patterns.length] },
        at(MINUTE),
      );
      expect(result.ok).toBe(true);
    }
    const entered = await enterPaperBatch(
      db,
      vote,
      await actorFor(db, "committee2"),
      { label: "纸质票 第1箱", kind: "ballots", ballots: [[[d], [a]], [[d]], [[b], [a]]] },
      at(MINUTE),
    );
    await confirmPaperBatch(
      db,
      vote,
      await actorFor(db, "demo-committee"),
      entered.ok ? entered.id : 0,
      at(MINUTE),
    );
    const closed = (await tick(vote.row.id, at(HOUR)))!;
    const published = (await voteResults(db, closed, at(HOUR)))!;
    const box: PublishedBallot[] = [];
    for (let page = 1; ; page++) {
      const slice = (await publishedBallots(db, closed, { page, pageSize: 10 }, at(HOUR)))!;
      box.push(...slice.items);
      if (!slice.page.hasNext) break;
    }
    expect(box).toHaveLength(25);
    const batches = (await listPaperBatches(db, closed)).filter((x) => x.confirmedBy);
    const recount = countVote(closed, {
      electorate: published.turnout.electorate,
      ballots: box.map((x) => x.content),
      online: published.turnout.online,
      proxy: published.turnout.proxy,
      batches,
    });
    expect(recount.tally).toEqual(published.tally);
    expect(recount.turnout).toEqual(published.turnout);
    expect(published.turnout.paper).toBe(3);
  });

  it("shares out a budget: ballots over budget are refused, the greedy rule funds what fits", async () => {
    const vote = await setUp({
      title: "微更新项目",
      method: "budget",
      secret: true,
      settings: { budget: 100_000, rule: "greedy" },
      options: [
        { label: "儿童游乐区", cost: 60_000 },
        { label: "加装座椅", cost: 15_000 },
        { label: "路灯", cost: 50_000 },
      ],
    });
    const [play, seats, lights] = ids(vote);
    expect(
      await castBallot(
        db,
        documents,
        vote,
        await actorFor(db, "r0"),
        { content: { approvals: [play, lights] } },
        at(MINUTE),
      ),
    ).toEqual({ ok: false, reason: "overBudget" });
    const ballots = [[play, seats], [play], [lights, seats], [lights], [lights, seats]];
    for (const [i, approvals] of ballots.entries()) {
      expect(
        (
          await castBallot(
            db,
            documents,
            vote,
            await actorFor(db, `r${i}`),
            { content: { approvals } },
            at(MINUTE),
          )
        ).ok,
      ).toBe(true);
    }
    const closed = (await tick(vote.row.id, at(HOUR)))!;
    const results = (await voteResults(db, closed, at(HOUR)))!;
    // lights 3, seats 3 (cheaper first), play 2: lights + seats = 65,000; play no longer fits.
    expect(results.budget).toMatchObject({
      rule: "greedy",
      budget: 100_000,
      funded: [seats, lights],
      spent: 65_000,
    });
    expect(results.tally).toBeNull();
  });

  it("decides a proposal: a hearing first, then the vote moves it to voting and, closed, to decided", async () => {
    const author = await actorFor(db, "demo-resident");
    const committee = await actorFor(db, "demo-committee");
    const raised = await raiseProposal(db, author, {
      title: "在3号楼加装电梯",
      summary: "老楼加装电梯",
      body: "方案",
    });
    if (!raised.ok) throw new Error("createProposal");
    // Taken up by the committee (the support steps are tested with proposals).
    await db
      .update(proposals)
      .set({ status: "deliberation", publishedAt: new Date() })
      .where(eq(proposals.id, raised.id));
    const base: NewVote = {
      community: chunhui,
      resource,
      actor: committee,
      proposalId: raised.id,
      title: "是否同意在3号楼加装电梯",
      method: "majority",
      secret: true,
      opensAt: at(HOUR),
      closesAt: at(2 * HOUR),
      settings: { quorumPercent: 10, threshold: "majorityCast" },
    };
    expect(await createVote(db, documents, base, at(0))).toEqual({
      ok: false,
      reason: "hearingRequired",
    });
    expect(
      await createVote(
        db,
        documents,
        { ...base, method: "irv", options: [{ label: "a" }, { label: "b" }] },
        at(0),
      ),
    ).toEqual({
      ok: false,
      reason: "methodNotForProposal",
    });

    // The hearing: recorded by the committee only, not in the future.
    let record = (await loadProposal(db, raised.id))!;
    const hearing = {
      format: "courtyard" as const,
      heldOn: "2026-01-10",
      summary: "院落会：多数住户赞成，一楼住户担心采光。",
    };
    expect(await recordHearing(db, record, author, hearing, at(0))).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(
      await recordHearing(db, record, committee, { ...hearing, heldOn: "2999-01-01" }, at(0)),
    ).toEqual({
      ok: false,
      reason: "badDate",
    });
    expect(
      await recordHearing(db, record, committee, { ...hearing, heldOn: "2026-02-30" }, at(0)),
    ).toEqual({
      ok: false,
      reason: "badDate",
    });
    expect((await recordHearing(db, record, committee, hearing, at(0))).ok).toBe(true);
    expect(await countHearings(db, raised.id)).toBe(1);
    expect((await listHearings(db, raised.id))[0]).toMatchObject({
      format: "courtyard",
      recordedByName: expect.any(String) as string,
    });
    expect((await transitionContext(db, record, committee)).hearingsHeld).toBe(1);

    const created = await createVote(db, documents, base, at(0));
    expect(created.ok).toBe(true);
    const id = created.ok ? created.id : 0;
    expect(await createVote(db, documents, base, at(0))).toEqual({
      ok: false,
      reason: "proposalHasVote",
    });
    // Scheduled: the proposal is still in deliberation.
    expect((await loadProposal(db, raised.id))!.context.status).toBe("deliberation");

    // The clock's first pass after the opening opens it, and the proposal goes to voting (text frozen).
    const open = (await tick(id, at(HOUR + MINUTE)))!;
    expect(open.status).toBe("open");
    record = (await loadProposal(db, raised.id))!;
    expect(record.context.status).toBe("voting");
    expect(reauthorized).toContain(`proposal:${raised.id}`);
    const versions = await db
      .select({ status: proposalVersions.status })
      .from(proposalVersions)
      .where(eq(proposalVersions.proposalId, raised.id));
    expect(versions.map((v) => v.status)).toContain("voting");

    for (const [i, choice] of ["yes", "yes", "yes", "no", "abstain"].entries()) {
      const result = await castBallot(
        db,
        documents,
        open,
        await actorFor(db, `r${i + 10}`),
        { content: choice },
        at(HOUR + 2 * MINUTE),
      );
      expect(result.ok).toBe(true);
    }

    // The close: many passes at once (several instances), one finalisation.
    const readers = await Promise.all(
      Array.from({ length: 5 }, () => tick(id, at(2 * HOUR + MINUTE))),
    );
    expect(readers.every((v) => v?.row.outcome === "adopted")).toBe(true);
    expect(await finalizeIfClosed(db, documents, readers[0]!, at(3 * HOUR))).toBe(false);
    record = (await loadProposal(db, raised.id))!;
    expect(record.context.status).toBe("decided");
    expect(record.row.outcome).toBe("adopted");
    const results = (await voteResults(db, readers[0]!, at(2 * HOUR + MINUTE)))!;
    expect(results).toMatchObject({
      outcome: "adopted",
      quorum: { met: true },
      threshold: { rule: "majorityCast", met: true },
      tally: { yes: 3, no: 1, abstain: 1 },
    });

    const audit = await db
      .select({ action: auditLog.action, actorId: auditLog.actorId, after: auditLog.after })
      .from(auditLog)
      .where(
        sql`(${auditLog.targetType} = 'proposal' and ${auditLog.targetId} = ${String(raised.id)}) or (${auditLog.targetType} = 'vote' and ${auditLog.targetId} = ${String(id)})`,
      )
      .orderBy(asc(auditLog.id));
    expect(audit.map((r) => r.action).filter((a) => a !== "proposal.created")).toEqual([
      "proposal.hearing",
      "vote.created",
      "proposal.openVote",
      "vote.opened",
      "vote.closed",
      "proposal.decide",
    ]);
    expect(audit.find((r) => r.action === "proposal.decide")?.after).toMatchObject({
      status: "decided",
      outcome: "adopted",
      voteId: id,
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    // The proposal's followers (its author) heard of both steps.
    const told = await db
      .select({ payload: notifications.payload })
      .from(notifications)
      .where(
        and(eq(notifications.userId, "demo-resident"), eq(notifications.kind, "proposal.status")),
      );
    expect(told.map((n) => (n.payload as { values: { status: string } }).values.status)).toEqual(
      expect.arrayContaining(["voting", "decided"]),
    );
  });

  it("rejects a proposal short of quorum, and cancels a vote whose proposal was withdrawn", async () => {
    const committee = await actorFor(db, "demo-committee");
    const raise = async (title: string) => {
      const raised = await raiseProposal(db, "demo-resident2", { title, summary: "s", body: "b" });
      if (!raised.ok) throw new Error("createProposal");
      await db
        .update(proposals)
        .set({ status: "deliberation", publishedAt: new Date() })
        .where(eq(proposals.id, raised.id));
      const record = (await loadProposal(db, raised.id))!;
      await recordHearing(
        db,
        record,
        committee,
        { format: "forum", heldOn: "2026-01-05", summary: "座谈会" },
        at(0),
      );
      return raised.id;
    };
    const first = await raise("quorum");
    const quorumVote = await createVote(
      db,
      documents,
      {
        community: chunhui,
        resource,
        actor: committee,
        proposalId: first,
        title: "quorum",
        method: "majority",
        secret: false,
        opensAt: at(0),
        closesAt: at(HOUR),
        settings: { quorumPercent: 50 },
      },
      at(0),
    );
    const vote = (await tick(quorumVote.ok ? quorumVote.id : 0, at(MINUTE)))!;
    expect((await loadProposal(db, first))!.context.status).toBe("voting");
    await castBallot(
      db,
      documents,
      vote,
      await actorFor(db, "r20"),
      { content: "yes" },
      at(MINUTE),
    );
    const closed = (await tick(vote.row.id, at(HOUR)))!;
    expect(closed.row.outcome).toBe("rejected");
    const proposal = (await loadProposal(db, first))!;
    expect([proposal.context.status, proposal.row.outcome]).toEqual(["decided", "rejected"]);
    expect((await voteResults(db, closed, at(HOUR)))?.quorum).toMatchObject({ met: false });

    const second = await raise("withdrawn");
    const scheduled = await createVote(
      db,
      documents,
      {
        community: chunhui,
        resource,
        actor: committee,
        proposalId: second,
        title: "withdrawn",
        method: "consent",
        secret: false,
        opensAt: at(HOUR),
        closesAt: at(2 * HOUR),
      },
      at(0),
    );
    await db.update(proposals).set({ status: "withdrawn" }).where(eq(proposals.id, second));
    const cancelled = (await tick(scheduled.ok ? scheduled.id : 0, at(HOUR + MINUTE)))!;
    expect(cancelled.row.outcome).toBe("cancelled");
    expect(cancelled.status).toBe("closed");
    expect(await voteResults(db, cancelled, at(HOUR + MINUTE))).toBeNull();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("opens and closes votes as their times pass, though nobody looks at them", async () => {
    // Far after the other cases' votes, so that this vote's moments are its own.
    const vote = await setUp({ opensAt: at(100 * HOUR), closesAt: at(101 * HOUR) });
    expect(vote.status).toBe("scheduled");
    expect(await syncDueVotes(db, documents, at(99 * HOUR))).toMatchObject({
      opened: expect.not.arrayContaining([vote.row.id]) as number[],
    });

    const opening = await syncDueVotes(db, documents, at(100 * HOUR + MINUTE));
    expect(opening.opened).toContain(vote.row.id);
    expect(opening.closed).not.toContain(vote.row.id);
    const open = (await loadVote(db, vote.row.id, at(100 * HOUR + MINUTE)))!;
    expect(open.row.openedAt).not.toBeNull();
    const [a] = ids(open);
    // Listed for the resident as awaiting their ballot, across the whole tree, until they vote.
    const awaiting = (userId: string) =>
      listVotes(
        db,
        { communityIds: null, awaitingUserId: userId },
        { page: 1, pageSize: 100 },
        at(100 * HOUR + 3 * MINUTE),
      ).then((list) => list.items.map((item) => item.id));
    expect(await awaiting("demo-resident")).toContain(vote.row.id);
    // Not for someone outside the electorate (no resident role here).
    expect(await awaiting("demo-admin")).not.toContain(vote.row.id);
    const cast = await castBallot(
      db,
      documents,
      open,
      await actorFor(db, "demo-resident"),
      { content: [[a]] },
      at(100 * HOUR + 2 * MINUTE),
    );
    expect(cast.ok).toBe(true);
    expect(await awaiting("demo-resident")).not.toContain(vote.row.id);

    const closing = await syncDueVotes(db, documents, at(101 * HOUR + MINUTE));
    expect(closing.closed).toContain(vote.row.id);
    const closed = (await loadVote(db, vote.row.id, at(101 * HOUR + MINUTE)))!;
    expect(closed.row.closedAt).not.toBeNull();
    const results = (await voteResults(db, closed, at(101 * HOUR + MINUTE)))!;
    expect(results.turnout.total).toBe(1);
    expect(results.tally).toMatchObject({ winner: a });
    // Done once: a second pass (or a second instance) finds nothing left to do for it.
    const again = await syncDueVotes(db, documents, at(101 * HOUR + 2 * MINUTE));
    expect([...again.opened, ...again.closed]).not.toContain(vote.row.id);

    // A vote whose whole time passed while no server ran is opened and counted in one pass.
    const missed = await setUp({ opensAt: at(110 * HOUR), closesAt: at(111 * HOUR) });
    const caughtUp = await syncDueVotes(db, documents, at(120 * HOUR));
    expect(caughtUp.opened).toContain(missed.row.id);
    expect(caughtUp.closed).toContain(missed.row.id);
    expect((await loadVote(db, missed.row.id, at(120 * HOUR)))!.row.closedAt).not.toBeNull();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
