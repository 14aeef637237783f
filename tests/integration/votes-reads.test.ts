/**
 * A page that reads never writes: GETs of every vote page and of a proposal's page, for a vote whose
 * closing time has passed but which the vote clock has not yet closed (and one whose opening time has
 * passed unopened), leave every table as it was. Then one tick of the clock does the writing.
 */
import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import { proposals, roleGrants, users } from "../../db/schema";
import { loadActor } from "~/services/actors.server";
import { communityResource, findCommunityBySlug } from "~/services/communities.server";
import { recordHearing } from "~/services/proposals/index.server";
import { createProposal, loadProposal } from "~/services/proposals/index.server";
import {
  castBallot,
  confirmPaperBatch,
  createVote,
  enterPaperBatch,
  loadVote,
  syncDueVotes,
} from "~/services/votes/index.server";
import { loader as proposalPage } from "~/routes/proposals.$id._index";
import { loader as communityVotes } from "~/routes/c.$slug.votes._index";
import { loader as allVotes } from "~/routes/votes._index";
import { loader as votePage } from "~/routes/votes.$id._index";
import { loader as ballotBox } from "~/routes/votes.$id.ballots";
import { loader as paperPage } from "~/routes/votes.$id.paper";
import { loader as proxyPage } from "~/routes/votes.$id.proxy";
import { loader as resultsCsv } from "~/routes/votes.$id.results[.]csv";
import { loader as resultsJson } from "~/routes/votes.$id.results[.]json";
import { snapshotDatabase } from "../support/db-snapshot";
import { emptyDocuments, loadContextFor } from "../support/load-context";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const documents = emptyDocuments;

describe.each(TEST_DRIVERS)("reading votes on %s", (driver) => {
  let test: TestDatabase;
  let db: Database;
  /** A proposal vote whose time has passed (the clock has not closed it), and a vote due to open. */
  let closing: number;
  let opening: number;
  let proposalId: number;
  let receipt: string;

  /** The load context the server builds for a request by this person (null: nobody signed in). */
  const contextFor = (userId: string | null): Promise<AppLoadContext> =>
    loadContextFor(db, documents, userId);

  beforeAll(async () => {
    test = await createTestDatabase(driver);
    db = test.handle.db;
    await seedDemoCity(db);
    await seedDemoAccounts(db);
    const chunhui = (await findCommunityBySlug(db, "chunhui"))!;
    const resource = await communityResource(db, chunhui);
    const committee = await loadActor(db, { id: "demo-committee", emailVerified: true });
    const committee2 = "committee2";
    await db
      .insert(users)
      .values({ id: committee2, email: "c2@example.org", emailVerifiedAt: new Date() });
    await db
      .insert(roleGrants)
      .values({ userId: committee2, communityId: chunhui.id, role: "committee" });
    // Everything happened two hours ago and since; the pages are read now. The residents lived
    // here before.
    const now = Date.now();
    const then = new Date(now - 2 * HOUR);
    await db.update(roleGrants).set({ grantedAt: new Date(now - 24 * HOUR) });

    const raised = await createProposal(db, {
      community: chunhui,
      resource,
      actor: await loadActor(db, { id: "demo-resident", emailVerified: true }),
      title: "在5号楼加装电梯",
      summary: "老楼加装电梯",
      category: "facilities",
      language: "zh-Hans",
      concernsId: null,
      body: "方案",
    });
    if (!raised.ok) throw new Error("createProposal");
    proposalId = raised.id;
    await db
      .update(proposals)
      .set({ status: "deliberation", publishedAt: then })
      .where(eq(proposals.id, proposalId));
    const heard = await recordHearing(
      db,
      (await loadProposal(db, proposalId))!,
      committee,
      { format: "courtyard", heldOn: "2026-01-10", summary: "院落会：多数住户赞成。" },
      then,
    );
    if (!heard.ok) throw new Error(heard.reason);

    const created = await createVote(
      db,
      documents,
      {
        community: chunhui,
        resource,
        actor: committee,
        proposalId,
        title: "是否同意在5号楼加装电梯",
        method: "majority",
        secret: true,
        opensAt: then,
        closesAt: new Date(now - HOUR),
      },
      then,
    );
    if (!created.ok) throw new Error(created.reason);
    closing = created.id;
    const vote = (await loadVote(db, closing, then))!;
    const during = new Date(now - 90 * MINUTE);
    for (const [id, choice] of [
      ["demo-resident", "yes"],
      ["demo-resident2", "yes"],
      ["demo-resident3", "no"],
    ] as const) {
      const cast = await castBallot(
        db,
        documents,
        vote,
        await loadActor(db, { id, emailVerified: true }),
        { content: choice },
        during,
      );
      if (!cast.ok) throw new Error(cast.reason);
      receipt ??= cast.receipt!;
    }
    const batch = await enterPaperBatch(
      db,
      vote,
      committee,
      { label: "议事厅", kind: "counts", counts: { yes: 1, no: 1 } },
      during,
    );
    if (!batch.ok) throw new Error(batch.reason);
    const confirmed = await confirmPaperBatch(
      db,
      vote,
      await loadActor(db, { id: committee2, emailVerified: true }),
      batch.id,
      during,
    );
    if (!confirmed.ok) throw new Error(confirmed.reason);

    const later = await createVote(
      db,
      documents,
      {
        community: chunhui,
        resource,
        actor: committee,
        title: "活动室开放时间",
        method: "approval",
        secret: false,
        showRunning: true,
        opensAt: new Date(now - HOUR),
        closesAt: new Date(now + HOUR),
        options: [{ label: "早上" }, { label: "晚上" }],
      },
      then,
    );
    if (!later.ok) throw new Error(later.reason);
    opening = later.id;
  });
  afterAll(() => test.destroy());

  type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
  async function get(loader: Loader, userId: string | null, path: string, params = {}) {
    const result = await loader({
      request: new Request(`http://localhost${path}`),
      params,
      context: await contextFor(userId),
    });
    return result instanceof Response ? result.status : result;
  }

  it("leaves the database unchanged after a GET of every vote page and of the proposal's page", async () => {
    const before = await snapshotDatabase(db);
    const readers = [null, "demo-resident", "demo-committee", "demo-grid"];
    for (const id of [closing, opening]) {
      const params = { id: String(id) };
      for (const reader of readers) {
        await get(votePage, reader, `/votes/${id}`, params);
        await get(ballotBox, reader, `/votes/${id}/ballots?receipt=${receipt}`, params);
        await get(resultsCsv, reader, `/votes/${id}/results.csv`, params);
        await get(resultsJson, reader, `/votes/${id}/results.json`, params);
      }
      await get(paperPage, "demo-committee", `/votes/${id}/paper`, params);
      await get(proxyPage, "demo-grid", `/votes/${id}/proxy`, params);
    }
    for (const reader of readers) {
      await get(allVotes, reader, "/votes");
      await get(communityVotes, reader, "/c/chunhui/votes", { slug: "chunhui" });
      await get(communityVotes, reader, "/c/chunhui/votes?status=closed", { slug: "chunhui" });
      await get(proposalPage, reader, `/proposals/${proposalId}`, { id: String(proposalId) });
    }

    // What the pages showed: the vote closed, with its result counted from the ballots and paper.
    const page = (await get(votePage, "demo-resident", `/votes/${closing}`, {
      id: String(closing),
    })) as { vote: { status: string }; results: { outcome: string; turnout: { total: number } } };
    expect(page.vote.status).toBe("closed");
    expect(page.results).toMatchObject({ outcome: "adopted", turnout: { total: 5 } });
    const box = (await get(ballotBox, null, `/votes/${closing}/ballots?receipt=${receipt}`, {
      id: String(closing),
    })) as { check: { state: string } };
    expect(box.check.state).toBe("found");
    expect(
      (
        (await get(votePage, null, `/votes/${opening}`, { id: String(opening) })) as {
          vote: { status: string };
        }
      ).vote.status,
    ).toBe("open");

    expect(await snapshotDatabase(db)).toEqual(before);
    expect((await loadVote(db, closing))!.row.closedAt).toBeNull();
    expect((await loadVote(db, opening))!.row.openedAt).toBeNull();

    // The vote clock is the writer: one tick opens the one and closes the other, and decides.
    const ticked = await syncDueVotes(db, documents);
    expect(ticked.closed).toContain(closing);
    expect(ticked.opened).toContain(opening);
    expect(await snapshotDatabase(db)).not.toEqual(before);
    const decided = (await loadProposal(db, proposalId))!;
    expect([decided.context.status, decided.row.outcome]).toEqual(["decided", "adopted"]);
  });
});
