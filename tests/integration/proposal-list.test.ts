import type { AppLoadContext } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import { proposals, proposalVersions } from "../../db/schema";
import type { ProposalStatus } from "~/domain/proposal-lifecycle";
import type { Actor } from "~/domain/policy";
import type { ProposalCategory } from "~/domain/proposals";
import { renderRichText, replaceDocumentContent, textToDocumentUpdate } from "~/domain/rich-text";
import { diffStats, diffText } from "~/domain/text-diff";
import {
  isFiltered,
  listCommunityOptions,
  loadProposalList,
  parseProposalListQuery,
  resolveCommunityScope,
} from "~/lib/proposal-list.server";
import { requireVersionedProposal, versionChoices } from "~/lib/proposal-versions.server";
import { findCommunityBySlug, subtreeIds } from "~/services/communities.server";
import {
  docNameOf,
  getVersion,
  listProposals,
  listVersions,
  loadProposal,
  restoreVersion,
  saveVersion,
  type ProposalFilter,
} from "~/services/proposals/index.server";
import { actorFor, fakeDocuments, raiseProposal } from "../support/fixtures";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

const WHOLE_TREE: Omit<ProposalFilter, "query"> = {
  communityIds: null,
  status: null,
  category: null,
  sort: "newest",
};

describe.each(TEST_DRIVERS)("proposal lists and versions on %s", (driver) => {
  let test: TestDatabase;
  let db: Database;
  let context: AppLoadContext;
  const ids: Record<string, number> = {};

  /** Raises a proposal in `slug` as a resident there, then gives it a status and counts directly. */
  async function raise(
    key: string,
    input: {
      slug: string;
      title: string;
      summary: string;
      body: string;
      category: ProposalCategory;
      language?: "zh-Hans" | "zh-Hant" | "en";
      status: ProposalStatus;
      publishedAt?: string;
      supports?: number;
      comments?: number;
      hidden?: boolean;
    },
  ) {
    const community = (await findCommunityBySlug(db, input.slug))!;
    // A resident of that community: the seeded one in chunhui, a built holding elsewhere.
    const author: Actor | string =
      input.slug === "chunhui"
        ? "demo-resident"
        : {
            id: "demo-resident2",
            emailVerified: true,
            roles: [{ role: "resident", communityId: community.id }],
          };
    const created = await raiseProposal(db, author, input);
    if (!created.ok) throw new Error(`could not raise ${key}: ${created.reason}`);
    ids[key] = created.id;
    await db
      .update(proposals)
      .set({
        status: input.status,
        publishedAt: input.publishedAt ? new Date(input.publishedAt) : null,
        supportCount: input.supports ?? 0,
        commentCount: input.comments ?? 0,
        ...(input.hidden
          ? { hiddenAt: new Date(), hiddenReason: "广告", hiddenBy: "demo-moderator" }
          : {}),
      })
      .where(eq(proposals.id, created.id));
    return created.id;
  }

  async function search(query: string, filter: Partial<ProposalFilter> = {}) {
    const { items, pageInfo } = await listProposals(
      db,
      { ...WHOLE_TREE, ...filter, query },
      { page: 1, pageSize: 50 },
      "zh-Hans",
    );
    return { ids: items.map((item) => item.id), items, total: pageInfo.total };
  }

  beforeAll(async () => {
    test = await createTestDatabase(driver);
    db = test.handle.db;
    context = { db, actor: null } as unknown as AppLoadContext;
    await seedDemoCity(db);
    await seedDemoAccounts(db);
    await raise("lift", {
      slug: "chunhui",
      title: "小区加装电梯的方案",
      summary: "七层老楼没有电梯，老人上下楼困难。",
      body: "## 方案\n- 加装一部电梯\n- 费用按楼层分摊",
      category: "facilities",
      status: "open",
      publishedAt: "2026-03-01T08:00:00Z",
      supports: 5,
      comments: 1,
    });
    await raise("shed", {
      slug: "chunhui",
      title: "Repaint the bike shed",
      summary: "The shelter by Building 3 is rusting.",
      body: "The old bicycle shelter needs new paint before the rainy season.",
      category: "environment",
      language: "en",
      status: "deliberation",
      publishedAt: "2026-03-03T08:00:00Z",
      supports: 2,
      comments: 9,
    });
    await raise("charging", {
      slug: "cuizhu",
      title: "增设电动车充电桩",
      summary: "楼道里给电动车充电有火灾隐患。",
      body: "在车棚集中安装充电桩，按次收费。",
      category: "traffic",
      status: "open",
      publishedAt: "2026-03-02T08:00:00Z",
      supports: 8,
    });
    await raise("sorting", {
      slug: "meiling",
      title: "垃圾分类投放点改造",
      summary: "投放点太少，夏天气味大。",
      body: "增加两处定时定点投放点。",
      category: "environment",
      status: "completed",
      publishedAt: "2026-02-01T08:00:00Z",
      supports: 0,
      comments: 3,
    });
    await raise("draft", {
      slug: "chunhui",
      title: "夜间施工噪音（草稿）",
      summary: "电梯施工也不能在夜间进行。",
      body: "电梯",
      category: "governance",
      status: "draft",
    });
    await raise("hidden", {
      slug: "chunhui",
      title: "电梯广告位招租",
      summary: "联系电话见正文。",
      body: "电梯广告",
      category: "other",
      status: "open",
      publishedAt: "2026-03-04T08:00:00Z",
      hidden: true,
    });
  });
  afterAll(() => test.destroy());

  const PUBLIC = () => [ids.lift, ids.shed, ids.charging, ids.sorting];

  it("lists only public proposals: drafts and hidden ones never appear", async () => {
    const all = await search("");
    expect(all.ids.sort()).toEqual(PUBLIC().sort());
    expect(all.total).toBe(4);
    expect(all.ids).not.toContain(ids.draft);
    expect(all.ids).not.toContain(ids.hidden);
    const lift = all.items.find((item) => item.id === ids.lift)!;
    expect(lift).toMatchObject({
      title: "小区加装电梯的方案",
      status: "open",
      category: "facilities",
      communitySlug: "chunhui",
      communityName: "春晖社区",
      supportCount: 5,
      commentCount: 1,
      createdAt: "2026-03-01T08:00:00.000Z",
    });
  });

  it("finds Chinese text by a phrase and by a word inside it, and nothing for an unrelated word", async () => {
    expect((await search("加装电梯")).ids).toEqual([ids.lift]);
    // 电梯 is also in the draft and the hidden proposal: neither is found.
    expect((await search("电梯")).ids).toEqual([ids.lift]);
    expect((await search("费用 分摊")).ids).toEqual([ids.lift]);
    expect((await search("游泳池")).ids).toEqual([]);
    expect((await search("充电桩")).ids).toEqual([ids.charging]);
    // Full-width forms are normalised like the documents were.
    expect((await search("ＰＡＩＮＴ")).ids).toEqual([ids.shed]);
  });

  it("finds English text in any case, every word required", async () => {
    expect((await search("bicycle")).ids).toEqual([ids.shed]);
    expect((await search("REPAINT Shed")).ids).toEqual([ids.shed]);
    expect((await search("shed swimming")).ids).toEqual([]);
  });

  it("filters by status, category and the subtree of a node", async () => {
    expect((await search("", { status: "open" })).ids.sort()).toEqual(
      [ids.lift, ids.charging].sort(),
    );
    expect((await search("", { status: "draft" })).ids).toEqual([]);
    expect((await search("", { category: "environment" })).ids.sort()).toEqual(
      [ids.shed, ids.sorting].sort(),
    );
    const scope = async (slug: string) => subtreeIds(db, (await findCommunityBySlug(db, slug))!.id);
    expect((await search("", { communityIds: await scope("chunhui") })).ids.sort()).toEqual(
      [ids.lift, ids.shed].sort(),
    );
    expect((await search("", { communityIds: await scope("guiyuan") })).ids.sort()).toEqual(
      [ids.lift, ids.shed, ids.charging].sort(),
    );
    expect((await search("", { communityIds: await scope("donghu") })).total).toBe(4);
    expect((await search("", { communityIds: await scope("xishan") })).ids).toEqual([]);
    expect(
      (await search("电梯", { communityIds: await scope("cuizhu"), status: "open" })).ids,
    ).toEqual([]);
  });

  it("sorts by newest, most supported and most discussed", async () => {
    expect((await search("", { sort: "newest" })).ids).toEqual([
      ids.shed,
      ids.charging,
      ids.lift,
      ids.sorting,
    ]);
    expect((await search("", { sort: "supported" })).ids).toEqual([
      ids.charging,
      ids.lift,
      ids.shed,
      ids.sorting,
    ]);
    expect((await search("", { sort: "discussed" })).ids).toEqual([
      ids.shed,
      ids.sorting,
      ids.lift,
      ids.charging,
    ]);
  });

  it("paginates with the total, clamping a page past the end to the last one", async () => {
    const page = (n: number) =>
      listProposals(db, { ...WHOLE_TREE, query: "" }, { page: n, pageSize: 3 }, "en");
    const first = await page(1);
    expect(first.pageInfo).toMatchObject({ total: 4, pageCount: 2, page: 1, hasNext: true });
    expect(first.items).toHaveLength(3);
    const last = await page(2);
    expect(last.items.map((item) => item.id)).toEqual([ids.sorting]);
    expect(last.items[0]!.communityName).toBe("Meiling Community");
    expect((await page(99)).pageInfo).toMatchObject({ page: 2, hasNext: false, offset: 3 });
  });

  it("reads the query string leniently: nonsense falls back to the defaults", () => {
    const parse = (search: string) => parseProposalListQuery(new URLSearchParams(search));
    expect(parse("")).toEqual({
      q: "",
      status: null,
      category: null,
      sort: "newest",
      community: null,
      page: 1,
    });
    expect(
      parse("q=%20电梯%20&status=open&category=traffic&sort=supported&community=chunhui&page=2"),
    ).toEqual({
      q: "电梯",
      status: "open",
      category: "traffic",
      sort: "supported",
      community: "chunhui",
      page: 2,
    });
    expect(parse("status=draft&category=weather&sort=price&community=../etc&page=-3")).toEqual({
      q: "",
      status: null,
      category: null,
      sort: "newest",
      community: null,
      page: 1,
    });
    expect(parse("status=&category=&community=&page=abc&sort=")).toMatchObject({
      status: null,
      category: null,
      community: null,
      page: 1,
      sort: "newest",
    });
    expect(parse(`q=${"长".repeat(5000)}`).q).toHaveLength(100);
    expect(parse("q=a&q=b").q).toBe("a");
    expect(isFiltered(parse("sort=supported&page=3"))).toBe(false);
    expect(isFiltered(parse("q=x"))).toBe(true);
  });

  it("survives hostile search text without an error", async () => {
    const hostile = [
      `"电梯"`,
      `'; drop table proposals; --`,
      `a & b | !c`,
      `(电梯) & !(广告) | 充电:*`,
      `\\' \\\\ \\`,
      `<script>alert(1)</script>`,
      `:* & | ! ( ) ' " \\ < > <-> <2>`,
      `电梯\u0000广告`,
      `${"电梯".repeat(3000)}`,
      Array.from({ length: 500 }, (_, i) => `word${i}`).join(" "),
      `🏠🚲 ⚡️`,
      `%00%27`,
    ];
    for (const q of hostile) {
      const query = parseProposalListQuery(new URLSearchParams({ q }));
      const list = await loadProposalList(context, query, null, "zh-Hans");
      for (const item of list.items) expect(PUBLIC()).toContain(item.id);
      // The raw text too, past the form's length cut.
      await expect(search(q)).resolves.toBeDefined();
    }
  });

  it("narrows /proposals to a community's subtree by slug, ignoring an unknown one", async () => {
    const asked = parseProposalListQuery(new URLSearchParams("community=guiyuan&sort=supported"));
    const resolved = await resolveCommunityScope(context, asked, "zh-Hant");
    expect(resolved.community).toEqual({ slug: "guiyuan", name: "桂園街道" });
    const list = await loadProposalList(context, resolved.query, resolved.scope, "zh-Hant");
    expect(list.items.map((item) => item.id)).toEqual([ids.charging, ids.lift, ids.shed]);
    expect(list.items[0]!.communityName).toBe("翠竹社區");
    // A zh-Hant reader sees Simplified titles converted (and marked); English stays as written.
    expect(list.items.find((item) => item.id === ids.lift)).toMatchObject({
      title: "小區加裝電梯的方案",
      language: "zh-Hant",
      converted: true,
    });
    expect(list.items.find((item) => item.id === ids.shed)).toMatchObject({
      title: "Repaint the bike shed",
      language: "en",
      converted: false,
    });

    const unknown = await resolveCommunityScope(
      context,
      parseProposalListQuery(new URLSearchParams("community=atlantis")),
      "zh-Hans",
    );
    expect(unknown).toMatchObject({ scope: null, community: null, query: { community: null } });
    expect((await loadProposalList(context, unknown.query, null, "zh-Hans")).pageInfo.total).toBe(
      4,
    );
  });

  it("offers the communities (level community) for the filter, named in the reader's language", async () => {
    const options = await listCommunityOptions(context, "en");
    expect(options.map((o) => o.slug).sort()).toEqual(
      ["binjiang", "chunhui", "cuizhu", "liuan", "meiling"].sort(),
    );
    expect(options.find((o) => o.slug === "chunhui")!.name).toBe("Chunhui Community");
  });

  describe("versions", () => {
    let proposalId: number;
    let live: ReturnType<typeof fakeDocuments>;

    beforeAll(async () => {
      proposalId = await raise("versioned", {
        slug: "chunhui",
        title: "楼道照明改造",
        summary: "楼道灯经常坏。",
        body: "第一稿：每层加装一盏声控灯。",
        category: "facilities",
        status: "draft",
      });
      live = fakeDocuments({ [docNameOf(proposalId)]: "第一稿：每层加装一盏声控灯。" });
    });

    it("saves named versions for authors only, numbered in order", async () => {
      const record = (await loadProposal(db, proposalId))!;
      const author = await actorFor(db, "demo-resident");
      expect(await saveVersion(db, live.documents, record, author, "初稿")).toEqual({
        ok: true,
        value: 1,
      });
      expect(
        await saveVersion(db, live.documents, record, await actorFor(db, "demo-resident2"), "x"),
      ).toEqual({ ok: false, reason: "notAllowed" });
      expect(
        await saveVersion(db, live.documents, record, { ...author, emailVerified: false }, "x"),
      ).toEqual({ ok: false, reason: "notAllowed" });

      const first = (await getVersion(db, proposalId, 1))!;
      expect(first).toMatchObject({
        number: 1,
        reason: "saved",
        name: "初稿",
        status: "draft",
        title: "楼道照明改造",
        summary: "楼道灯经常坏。",
        text: "第一稿：每层加装一盏声控灯。",
        createdBy: "王阿姨",
      });
      expect(first.html).toBe("<p>第一稿：每层加装一盏声控灯。</p>");

      // An edit in the live document, then a second version.
      const doc = live.docOf(docNameOf(proposalId));
      replaceDocumentContent(doc, textToDocumentUpdate("第二稿：每层加装两盏感应灯，并更换电线。"));
      expect(await saveVersion(db, live.documents, record, author, "二稿")).toEqual({
        ok: true,
        value: 2,
      });

      const { items, pageInfo } = await listVersions(db, proposalId, { page: 1, pageSize: 20 });
      expect(pageInfo.total).toBe(2);
      expect(items.map((v) => [v.number, v.reason, v.name, v.createdBy])).toEqual([
        [2, "saved", "二稿", "王阿姨"],
        [1, "saved", "初稿", "王阿姨"],
      ]);
      expect(await getVersion(db, proposalId, 3)).toBeNull();
      for (const bad of [0, -1, 2 ** 31, 1.5, Number.NaN])
        expect(await getVersion(db, proposalId, bad)).toBeNull();
    });

    it("compares two versions word by word", async () => {
      const [before, after] = await Promise.all([
        getVersion(db, proposalId, 1),
        getVersion(db, proposalId, 2),
      ]);
      const parts = diffText(before!.text, after!.text);
      expect(parts.some((p) => p.type === "removed" && p.text.includes("一"))).toBe(true);
      expect(parts.some((p) => p.type === "added" && p.text.includes("电线"))).toBe(true);
      const stats = diffStats(parts);
      expect(stats.added).toBeGreaterThan(0);
      expect(stats.removed).toBeGreaterThan(0);
      // The compare page's choices: every version, newest first.
      const { latest, choices } = await versionChoices(context, proposalId);
      expect(latest).toBe(2);
      expect(choices.map((c) => [c.number, c.name])).toEqual([
        [2, "二稿"],
        [1, "初稿"],
      ]);
    });

    it("restores an old version as a new one with the same rendering", async () => {
      const record = (await loadProposal(db, proposalId))!;
      const author = await actorFor(db, "demo-resident");
      expect(await restoreVersion(db, live.documents, record, author, 1)).toEqual({
        ok: true,
        value: 3,
      });
      const [first, restored] = await Promise.all([
        getVersion(db, proposalId, 1),
        getVersion(db, proposalId, 3),
      ]);
      expect(restored).toMatchObject({ reason: "restored", name: "1", createdBy: "王阿姨" });
      expect(restored!.html).toBe(first!.html);
      expect(restored!.text).toBe(first!.text);
      // The live document itself now says what version 1 said.
      const doc = live.docOf(docNameOf(proposalId));
      expect(renderRichText(doc.getXmlFragment("default")).html).toBe(first!.html);

      // No such version; not an author; text frozen (from the vote on).
      expect(await restoreVersion(db, live.documents, record, author, 99)).toEqual({
        ok: false,
        reason: "notFound",
      });
      expect(
        await restoreVersion(db, live.documents, record, await actorFor(db, "demo-committee"), 1),
      ).toEqual({ ok: false, reason: "notAllowed" });
      const voting = { ...record, context: { ...record.context, status: "voting" as const } };
      expect(await restoreVersion(db, live.documents, voting, author, 1)).toEqual({
        ok: false,
        reason: "notAllowed",
      });
      const hidden = { ...record, context: { ...record.context, hidden: true } };
      expect(await restoreVersion(db, live.documents, hidden, author, 1)).toEqual({
        ok: false,
        reason: "notAllowed",
      });
      expect((await listVersions(db, proposalId, { page: 1, pageSize: 20 })).pageInfo.total).toBe(
        3,
      );
    });

    it("never lets a frozen version be changed", async () => {
      const refusal = await db
        .update(proposalVersions)
        .set({ name: "改写历史" })
        .where(eq(proposalVersions.proposalId, proposalId))
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(refusal).toBeInstanceOf(Error);
      // Drizzle wraps the database's error; the trigger's message is in the cause.
      const error = refusal as Error & { cause?: unknown };
      expect(`${error.message} ${String(error.cause)}`).toMatch(/proposal_versions are frozen/);
      expect((await getVersion(db, proposalId, 1))!.name).toBe("初稿");
    });

    it("shows a draft's versions only to those who may see the draft", async () => {
      const asked = (actor: Actor | null) =>
        requireVersionedProposal({ db, actor } as unknown as AppLoadContext, String(proposalId));
      await expect(asked(await actorFor(db, "demo-resident"))).resolves.toBeTruthy();
      await expect(asked(await actorFor(db, "demo-committee"))).resolves.toBeTruthy();
      for (const outsider of [null, await actorFor(db, "demo-resident2")]) {
        const refusal = await asked(outsider).catch((error: unknown) => error);
        expect(refusal).toBeInstanceOf(Response);
        expect((refusal as Response).status).toBe(404);
      }
      for (const bad of ["0", "abc", "99999999", "1 or 1=1", undefined]) {
        const refusal = await requireVersionedProposal(context, bad).catch((e: unknown) => e);
        expect((refusal as Response).status).toBe(404);
      }
      // A hidden proposal's versions are not shown to the public.
      const hidden = await requireVersionedProposal(context, String(ids.hidden)).catch(
        (e: unknown) => e,
      );
      expect((hidden as Response).status).toBe(404);
    });
  });
});
