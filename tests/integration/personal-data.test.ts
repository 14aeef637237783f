import type { AppLoadContext } from "@remix-run/node";
import { count, eq, type Column } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  comments,
  communities,
  memberships,
  notifications,
  proposalAuthors,
  proposalFollowers,
  proposals,
  proposalSupports,
  sessions,
  users,
  voteElectorate,
  voteOpenBallots,
  votes,
  voteVoters,
} from "../../db/schema";
import { DEMO_PASSWORD, seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import { loader as summaryLoader } from "~/routes/settings.data_.summary";
import { deleteAccount } from "~/services/accounts.server";
import {
  coveredReferences,
  DELETION_CATEGORIES,
  exportPersonalData,
  personReferences,
  SECTIONS,
} from "~/services/personal-data/index.server";
import { displayNames } from "~/services/users.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const PERSON = "demo-resident";
const OTHER = "demo-resident2";

describe("personal data: export and deletion", () => {
  let test: TestDatabase;
  const db = () => test.handle.db;

  beforeAll(async () => {
    test = await createTestDatabase("pglite");
    await seedDemoCity(db());
    await seedDemoAccounts(db());
    const [chunhui] = await db()
      .select({ id: communities.id })
      .from(communities)
      .where(eq(communities.slug, "chunhui"));
    const matter = async (by: string, title: string) => {
      const [row] = await db()
        .insert(proposals)
        .values({
          communityId: chunhui!.id,
          title,
          summary: `${title}的摘要`,
          category: "facilities",
          language: "zh-Hans",
          status: "open",
          createdBy: by,
        })
        .returning({ id: proposals.id });
      return row!.id;
    };
    const mine = await matter(PERSON, "我提的加装电梯");
    const theirs = await matter(OTHER, "别人提的停车位");
    const [own] = await db()
      .insert(comments)
      .values({ proposalId: theirs, authorId: PERSON, stance: "support", body: "我的意见：赞成" })
      .returning({ id: comments.id });
    await db()
      .insert(comments)
      .values([
        {
          proposalId: theirs,
          parentId: own!.id,
          authorId: OTHER,
          stance: "oppose",
          body: "别人的回复",
        },
        { proposalId: mine, authorId: OTHER, stance: "neutral", body: "别人在我议题下的意见" },
      ]);
    await db()
      .insert(proposalSupports)
      .values([
        { proposalId: theirs, userId: PERSON },
        { proposalId: mine, userId: OTHER },
      ]);
    await db()
      .insert(proposalFollowers)
      .values([
        { proposalId: theirs, userId: PERSON },
        { proposalId: mine, userId: OTHER },
      ]);
    await db()
      .insert(proposalAuthors)
      .values([
        { proposalId: mine, userId: PERSON, acceptedAt: new Date() },
        { proposalId: theirs, userId: PERSON, invitedBy: OTHER },
      ]);
    await db()
      .insert(notifications)
      .values([
        { userId: PERSON, kind: "proposal.reply", payload: { values: { title: "给我的通知" } } },
        { userId: OTHER, kind: "proposal.reply", payload: { values: { title: "给别人的通知" } } },
      ]);
    await db()
      .insert(sessions)
      .values({
        id: "session-of-person",
        userId: PERSON,
        expiresAt: new Date(Date.now() + 3_600_000),
      });
    const [vote] = await db()
      .insert(votes)
      .values({
        communityId: chunhui!.id,
        title: "记名表决：健身器材",
        method: "majority",
        secret: false,
        opensAt: new Date("2026-01-01T00:00:00Z"),
        closesAt: new Date("2026-01-08T00:00:00Z"),
        openedAt: new Date("2026-01-01T00:00:00Z"),
        createdBy: "demo-committee",
      })
      .returning({ id: votes.id });
    await db()
      .insert(voteElectorate)
      .values([
        { voteId: vote!.id, userId: PERSON },
        { voteId: vote!.id, userId: OTHER },
      ]);
    await db()
      .insert(voteVoters)
      .values([
        { voteId: vote!.id, userId: PERSON, votedOn: "2026-01-02" },
        { voteId: vote!.id, userId: OTHER, votedOn: "2026-01-03" },
      ]);
    await db()
      .insert(voteOpenBallots)
      .values([
        { voteId: vote!.id, userId: PERSON, content: { choice: "yes" }, castAt: new Date() },
        {
          voteId: vote!.id,
          userId: OTHER,
          content: { choice: "other-persons-no" },
          castAt: new Date(),
        },
      ]);
  });
  afterAll(() => test.destroy());

  it("finds the columns that name a person by walking the schema", () => {
    const references = personReferences();
    expect(references).toEqual(
      expect.arrayContaining([
        "comments.author_id",
        "proposal_supports.user_id",
        "notifications.user_id",
        "vote_open_ballots.user_id",
        "sessions.user_id",
      ]),
    );
    expect(references.length).toBeGreaterThan(25);
  });

  it("covers every column of the schema that names a person, and no other", () => {
    expect(coveredReferences()).toEqual(personReferences());
  });

  it("files each section under a deletion category of its own fate, as the data page lists them", () => {
    for (const section of SECTIONS)
      expect(DELETION_CATEGORIES[section.fate] as readonly string[], section.key).toContain(
        section.category,
      );
  });

  it("summarises the export on a page, in the reader's language", async () => {
    const context = {
      db: db(),
      user: { id: PERSON, displayName: "王阿姨", emailVerified: true },
    } as unknown as AppLoadContext;
    const request = new Request("http://localhost/settings/data/summary", {
      headers: { Cookie: "lang=en" },
    });
    const page = await summaryLoader({ request, context, params: {} });
    const section = (key: string) => page.sections.find((s) => s.key === key)!;
    expect(section("proposals")).toMatchObject({ count: 1 });
    expect(section("proposals").lines[0]!.text).toBe("我提的加装电梯");
    expect(section("comments").lines[0]!.text).toBe("我的意见：赞成");
    expect(section("notifications").count).toBe(1);
    expect(JSON.stringify(page)).not.toContain("别人的回复");
  });

  it("exports the person's proposals, comments, supports, ballots and notifications", async () => {
    const data = await exportPersonalData(db(), PERSON);
    expect(data?.account).toMatchObject({ email: "resident@example.org", displayName: "王阿姨" });
    const s = data!.sections;
    expect(Object.keys(s)).toEqual(SECTIONS.map((section) => section.key));
    expect(s.proposals).toEqual([expect.objectContaining({ title: "我提的加装电梯" })]);
    expect(s.comments).toEqual([expect.objectContaining({ body: "我的意见：赞成" })]);
    expect(s.supports).toEqual([expect.objectContaining({ title: "别人提的停车位" })]);
    expect(s.notifications).toEqual([
      expect.objectContaining({ payload: { values: { title: "给我的通知" } } }),
    ]);
    expect(s.openBallots).toEqual([expect.objectContaining({ ballot: { choice: "yes" } })]);
    expect(s.votedIn).toEqual([
      expect.objectContaining({
        votedOn: "2026-01-02",
        byProxy: false,
        title: "记名表决：健身器材",
      }),
    ]);
    expect(s.follows).toHaveLength(1);
    expect(s.coauthorships).toHaveLength(2);
    expect(s.sessions).toHaveLength(1);
  });

  it("holds nothing of another person", async () => {
    const text = JSON.stringify(await exportPersonalData(db(), PERSON));
    for (const theirs of [
      OTHER,
      "resident2@example.org",
      "李师傅",
      "别人的回复",
      "别人在我议题下的意见",
      "给别人的通知",
      "other-persons-no",
    ]) {
      expect(text).not.toContain(theirs);
    }
  });

  async function rowsNaming(column: Column, userId: string): Promise<number> {
    const [row] = await db()
      .select({ n: count() })
      .from(column.table as PgTable)
      .where(eq(column, userId));
    return row?.n ?? 0;
  }

  it("deletes the account as the data page says: erased rows gone, kept rows anonymised", async () => {
    const before = new Map<Column, number>();
    for (const section of SECTIONS)
      for (const column of section.covers) before.set(column, await rowsNaming(column, PERSON));
    expect(await deleteAccount(db(), PERSON, DEMO_PASSWORD)).toBe("ok");

    for (const section of SECTIONS) {
      for (const column of section.covers) {
        const after = await rowsNaming(column, PERSON);
        if (section.fate === "erased") expect(after, section.key).toBe(0);
        else if (section.key === "coauthorships")
          // Accepted co-authorship stays; an invitation never accepted goes.
          expect(after, section.key).toBe(before.get(column)! - 1);
        // Kept: nothing removed (ending one's own roles adds the revocation to rolesGivenOrTaken).
        else expect(after, section.key).toBeGreaterThanOrEqual(before.get(column)!);
      }
    }
    // What stays is shown as by a former resident: the person's name and address are gone.
    const [row] = await db().select().from(users).where(eq(users.id, PERSON));
    expect(row).toMatchObject({ email: null, displayName: null, passwordHash: null, locale: null });
    expect((await displayNames(db(), [PERSON])).size).toBe(0);
    const residence = await db().select().from(memberships).where(eq(memberships.userId, PERSON));
    expect(residence.length).toBeGreaterThan(0);
    for (const m of residence) expect(m).toMatchObject({ unit: null, note: null, status: "left" });
    // Another person's data is untouched.
    expect(await rowsNaming(proposalFollowers.userId, OTHER)).toBe(1);
    expect(await rowsNaming(notifications.userId, OTHER)).toBe(1);
    // The kept sections still hold the contributions, now without a name.
    const data = await exportPersonalData(db(), PERSON);
    expect(data!.sections.comments).toHaveLength(1);
    expect(data!.sections.notifications).toEqual([]);
  });
});
