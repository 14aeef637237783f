/**
 * Every proposal, hearing and discussion service function that changes something takes the actor
 * and checks the policy itself: called by a signed-in resident without the right, each refuses and
 * changes nothing (no row of any table it could write moves, no audit row, no notification).
 */
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Database } from "../../db/client";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import {
  auditLog,
  comments,
  notifications,
  proposalAuthors,
  proposalFollowers,
  proposalHearings,
  proposals,
  proposalSupports,
  proposalVersions,
  reports,
} from "../../db/schema";
import type { Actor } from "~/domain/policy";
import type { LiveDocuments } from "~/lib/live-documents";
import { loadActor } from "~/services/actors.server";
import { communityResource, findCommunityBySlug } from "~/services/communities.server";
import {
  createComment,
  deleteComment,
  dismissReports,
  editComment,
  hideContent,
  reportContent,
  restoreContent,
} from "~/services/discussion/index.server";
import {
  answerInvitation,
  createProposal,
  followProposal,
  inviteCoauthor,
  loadProposal,
  recordHearing,
  restoreVersion,
  saveVersion,
  supportProposal,
  transitionProposal,
  unfollowProposal,
  updateProposalDetails,
  withdrawSupport,
  type ProposalRecord,
} from "~/services/proposals/index.server";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

/** Live documents as an in-memory map. */
function memoryDocuments(): LiveDocuments {
  const docs = new Map<string, Y.Doc>();
  const docOf = (name: string) => {
    let doc = docs.get(name);
    if (!doc) docs.set(name, (doc = new Y.Doc()));
    return doc;
  };
  return {
    state: (name) => Promise.resolve(Y.encodeStateAsUpdate(docOf(name))),
    transact: (name, change) => Promise.resolve(change(docOf(name))),
    reauthorize: () => {},
  };
}

/** Every table these writers could change. */
const WRITTEN: Record<string, PgTable> = {
  proposals,
  proposalAuthors,
  proposalFollowers,
  proposalSupports,
  proposalVersions,
  proposalHearings,
  comments,
  reports,
  auditLog,
  notifications,
};

describe.each(TEST_DRIVERS)("writers refuse those without the right on %s", (driver) => {
  let test: TestDatabase;
  let db: Database;
  const documents = memoryDocuments();
  const actors = new Map<string, Actor>();
  const actor = (id: string) => actors.get(id)!;
  let draft: ProposalRecord;
  let open: ProposalRecord;
  let commentId: number;

  /** The rows of every table the writers could change, in a stable order. */
  async function snapshot(): Promise<string> {
    const tables: Record<string, unknown> = {};
    for (const [name, table] of Object.entries(WRITTEN)) {
      const rows = await db.select().from(table);
      tables[name] = rows
        .map((row) =>
          JSON.stringify(row, (_, v: unknown) => (v instanceof Uint8Array ? [...v] : v)),
        )
        .sort();
    }
    return JSON.stringify(tables);
  }

  beforeAll(async () => {
    test = await createTestDatabase(driver);
    db = test.handle.db;
    await seedDemoCity(db);
    await seedDemoAccounts(db);
    for (const id of ["demo-resident", "demo-resident2", "demo-resident3", "demo-committee"])
      actors.set(id, await loadActor(db, { id, emailVerified: true }));
    const chunhui = (await findCommunityBySlug(db, "chunhui"))!;
    const raise = async (title: string) => {
      const created = await createProposal(db, {
        community: chunhui,
        resource: await communityResource(db, chunhui),
        actor: actor("demo-resident"),
        title,
        summary: "楼道灯经常坏，晚上看不清。",
        category: "facilities",
        language: "zh-Hans",
        concernsId: null,
        body: "每层加装一盏声控灯。",
      });
      if (!created.ok) throw new Error(created.reason);
      return (await loadProposal(db, created.id))!;
    };
    draft = await raise("楼道照明改造（草稿）");
    const published = await raise("楼道照明改造");
    const done = await transitionProposal(
      db,
      documents,
      published,
      actor("demo-resident"),
      "publish",
    );
    expect(done.ok).toBe(true);
    open = (await loadProposal(db, published.context.id))!;
    const posted = await createComment(db, {
      proposal: open.context,
      actor: actor("demo-resident2"),
      authorName: "李先生",
      stance: "support",
      body: "赞成。",
    });
    if (!posted.ok) throw new Error(posted.reason);
    commentId = posted.id;
    expect(
      await reportContent(db, {
        kind: "comment",
        targetId: commentId,
        actor: actor("demo-resident3"),
        reason: "广告",
        proposal: open.context,
      }),
    ).toBe("reported");
  });
  afterAll(() => test.destroy());

  /** A resident of another community (the same person, living elsewhere). */
  const residentElsewhere = (): Actor => ({
    ...actor("demo-resident2"),
    roles: [{ role: "resident", communityId: 999_999 }],
  });

  const attempts: Array<[string, () => Promise<unknown>, unknown]> = [
    [
      "createProposal by a resident of another community",
      async () => {
        const chunhui = (await findCommunityBySlug(db, "chunhui"))!;
        return createProposal(db, {
          community: chunhui,
          resource: await communityResource(db, chunhui),
          actor: residentElsewhere(),
          title: "不该出现",
          summary: "不该出现的提案。",
          category: "other",
          language: "zh-Hans",
          concernsId: null,
          body: "",
        });
      },
      { ok: false, reason: "notAllowed" },
    ],
    [
      "updateProposalDetails by a resident who is not an author",
      () =>
        updateProposalDetails(db, open, actor("demo-resident2"), {
          title: "改别人的标题",
          summary: "改别人的概要。",
          category: "other",
        }),
      { ok: false, reason: "notAllowed" },
    ],
    [
      "supportProposal by its own author",
      () => supportProposal(db, open, actor("demo-resident")),
      "notAllowed",
    ],
    [
      "withdrawSupport on a draft",
      () => withdrawSupport(db, draft, actor("demo-resident2")),
      { ok: false, reason: "notAllowed" },
    ],
    [
      "transitionProposal (withdraw) by a resident who is not an author",
      () => transitionProposal(db, documents, open, actor("demo-resident2"), "withdraw"),
      { ok: false, reason: "notAllowed" },
    ],
    [
      "saveVersion by a resident who is not an author",
      () => saveVersion(db, documents, open, actor("demo-resident2"), "我的版本"),
      { ok: false, reason: "notAllowed" },
    ],
    [
      "restoreVersion by a resident who is not an author",
      () => restoreVersion(db, documents, open, actor("demo-resident2"), 1),
      { ok: false, reason: "notAllowed" },
    ],
    [
      "inviteCoauthor by a resident who is not an author",
      () => inviteCoauthor(db, open, actor("demo-resident2"), "李先生", "resident3@example.org"),
      "notAllowed",
    ],
    [
      "answerInvitation by a resident who was not invited",
      () => answerInvitation(db, open, actor("demo-resident2"), true),
      { ok: false, reason: "notAllowed" },
    ],
    [
      "followProposal of a draft by a resident who is not an author",
      () => followProposal(db, draft.context, actor("demo-resident2")),
      { ok: false, reason: "notAllowed" },
    ],
    [
      "unfollowProposal of a draft by a resident who is not an author",
      () => unfollowProposal(db, draft.context, actor("demo-resident2")),
      { ok: false, reason: "notAllowed" },
    ],
    [
      "recordHearing by a resident",
      () =>
        recordHearing(db, open, actor("demo-resident2"), {
          format: "forum",
          heldOn: "2025-01-10",
          summary: "居民议事会。",
        }),
      { ok: false, reason: "notAllowed" },
    ],
    [
      "createComment by a resident of another community",
      () =>
        createComment(db, {
          proposal: open.context,
          actor: residentElsewhere(),
          authorName: "李先生",
          stance: "oppose",
          body: "不该出现。",
        }),
      { ok: false, reason: "forbidden" },
    ],
    [
      "editComment by a resident who did not write it",
      () =>
        editComment(db, {
          proposal: open.context,
          commentId,
          actor: actor("demo-resident3"),
          body: "改别人的",
        }),
      { ok: false, reason: "notYours" },
    ],
    [
      "deleteComment by a resident who did not write it",
      () =>
        deleteComment(db, {
          proposalId: open.context.id,
          commentId,
          actor: actor("demo-resident3"),
        }),
      { ok: false, reason: "notYours" },
    ],
    [
      "reportContent by a resident whose email is not verified",
      () =>
        reportContent(db, {
          kind: "proposal",
          targetId: open.context.id,
          actor: { ...actor("demo-resident2"), emailVerified: false },
          reason: "广告",
          proposal: open.context,
        }),
      "forbidden",
    ],
    [
      "hideContent by a resident",
      () =>
        hideContent(db, {
          actor: actor("demo-resident2"),
          kind: "comment",
          id: commentId,
          reason: "不喜欢",
        }),
      { ok: false, reason: "forbidden" },
    ],
    [
      "restoreContent by a resident",
      () => restoreContent(db, { actor: actor("demo-resident2"), kind: "comment", id: commentId }),
      { ok: false, reason: "forbidden" },
    ],
    [
      "dismissReports by a resident",
      () => dismissReports(db, { actor: actor("demo-resident2"), kind: "comment", id: commentId }),
      { ok: false, reason: "forbidden" },
    ],
  ];

  it.each(attempts)("%s is refused and changes nothing", async (_, attempt, refusal) => {
    const before = await snapshot();
    expect(await attempt()).toEqual(refusal);
    expect(await snapshot()).toBe(before);
  });

  it("lets the same writers through for those with the right (the refusals are not blanket)", async () => {
    expect(await saveVersion(db, documents, open, actor("demo-resident"), "初稿")).toMatchObject({
      ok: true,
    });
    expect(
      await recordHearing(db, open, actor("demo-committee"), {
        format: "forum",
        heldOn: "2025-01-10",
        summary: "居民议事会。",
      }),
    ).toMatchObject({ ok: true });
    expect(await followProposal(db, open.context, actor("demo-resident3"))).toMatchObject({
      ok: true,
    });
  });
});
