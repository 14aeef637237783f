import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comments, notifications, proposalAuthors, proposals, users } from "../../db/schema";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import type { ProposalStatus } from "~/domain/proposal-lifecycle";
import type { Actor } from "~/domain/policy";
import { COMMENT_EDIT_WINDOW_MS } from "~/domain/proposals";
import { getTranslator } from "~/i18n/i18n.server";
import { handleDiscussionIntent } from "~/lib/discussion-intents.server";
import { action as moderationAction } from "~/routes/c.$slug.moderation";
import { listAuditEntries, verifyAuditChain } from "~/services/audit.server";
import type { SessionUser } from "~/services/sessions.server";
import { communityResource, findCommunityBySlug } from "~/services/communities.server";
import {
  createComment,
  deleteComment,
  dismissReports,
  editComment,
  hideContent,
  listComments,
  listReports,
  loadDiscussion,
  reportContent,
  restoreContent,
  stanceCounts,
} from "~/services/discussion/index.server";
import { createMailer } from "~/services/mail.server";
import { addFollowers } from "~/services/proposals/followers.server";
import { followersOf, type ProposalContext } from "~/services/proposals/index.server";
import { createRateLimits, type RateLimits } from "~/services/rate-limit.server";
import { actorFor } from "../support/fixtures";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

describe.each(TEST_DRIVERS)("discussion on %s", (driver) => {
  let test: TestDatabase;
  let chunhui: NonNullable<Awaited<ReturnType<typeof findCommunityBySlug>>>;
  let proposal: ProposalContext;
  const actors = new Map<string, Actor>();

  const db = () => test.handle.db;
  const actor = (id: string) => actors.get(id)!;

  /** A proposal row made directly (the proposals service is another area's), its author following. */
  async function createProposal(
    status: ProposalStatus,
    title = "在3栋加装电梯",
  ): Promise<ProposalContext> {
    const [row] = await db()
      .insert(proposals)
      .values({
        communityId: chunhui.id,
        title,
        summary: "老人上下楼困难，希望加装电梯。",
        category: "facilities",
        language: "zh-Hans",
        status,
        createdBy: "demo-resident",
        publishedAt: status === "draft" ? null : new Date(),
      })
      .returning({ id: proposals.id });
    await db()
      .insert(proposalAuthors)
      .values({ proposalId: row!.id, userId: "demo-resident", acceptedAt: new Date() });
    await addFollowers(db(), row!.id, ["demo-resident"]);
    return {
      id: row!.id,
      title,
      status,
      communityId: chunhui.id,
      communitySlug: chunhui.slug,
      resource: await communityResource(db(), chunhui),
      authorIds: ["demo-resident"],
      invitedIds: [],
      hidden: false,
      published: status !== "draft",
    };
  }

  async function notificationsOf(userId: string, kind?: string) {
    return db()
      .select({ kind: notifications.kind, payload: notifications.payload })
      .from(notifications)
      .where(
        kind
          ? and(eq(notifications.userId, userId), eq(notifications.kind, kind))
          : eq(notifications.userId, userId),
      );
  }

  async function comment(
    userId: string,
    body: string,
    extra: Partial<Parameters<typeof createComment>[1]> = {},
  ) {
    const result = await createComment(db(), {
      proposal,
      actor: actor(userId),
      authorName: userId,
      stance: "support",
      body,
      ...extra,
    });
    if (!result.ok) throw new Error(`comment refused: ${result.reason}`);
    return result.id;
  }

  async function commentCount(id = proposal.id) {
    const [row] = await db()
      .select({ n: proposals.commentCount })
      .from(proposals)
      .where(eq(proposals.id, id));
    return row!.n;
  }

  beforeAll(async () => {
    test = await createTestDatabase(driver);
    await seedDemoCity(db());
    await seedDemoAccounts(db());
    // Someone with a verified email and no role anywhere near Chunhui.
    await db().insert(users).values({
      id: "outsider",
      email: "outsider@example.org",
      displayName: "路人",
      emailVerifiedAt: new Date(),
    });
    for (const id of [
      "demo-resident",
      "demo-resident2",
      "demo-resident3",
      "demo-resident4",
      "demo-resident5",
      "demo-moderator",
      "demo-grid",
      "outsider",
    ]) {
      actors.set(id, await actorFor(db(), id));
    }
    chunhui = (await findCommunityBySlug(db(), "chunhui"))!;
    proposal = await createProposal("open");
  });
  afterAll(() => test.destroy());

  let first: number;
  let reply: number;

  it("posts a comment with a stance, counts it, follows the commenter, notifies the followers", async () => {
    first = await comment("demo-resident2", "赞成，楼里老人很多。");
    expect(await commentCount()).toBe(1);
    expect(await stanceCounts(db(), proposal.id)).toEqual({
      support: 1,
      oppose: 0,
      neutral: 0,
      question: 0,
    });
    expect((await followersOf(db(), proposal.id)).sort()).toEqual([
      "demo-resident",
      "demo-resident2",
    ]);
    const toAuthor = await notificationsOf("demo-resident", "proposal.comment");
    expect(toAuthor).toHaveLength(1);
    expect(toAuthor[0]!.payload).toMatchObject({
      values: { name: "demo-resident2", title: "在3栋加装电梯" },
      link: `/proposals/${proposal.id}#comment-${first}`,
    });
    expect(await notificationsOf("demo-resident2")).toEqual([]);

    const page = await listComments(db(), proposal.id, { id: "demo-resident2" }, 1);
    expect(page.pageInfo.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      id: first,
      authorName: "李师傅",
      stance: "support",
      body: "赞成，楼里老人很多。",
      state: "visible",
      mine: true,
      editable: true,
      editedAt: null,
      replies: [],
    });
    const asOther = await listComments(db(), proposal.id, { id: "demo-resident3" }, 1);
    expect(asOther.items[0]).toMatchObject({ mine: false, editable: false });
  });

  it("takes replies two levels deep, notifying the parent's author once and the others", async () => {
    reply = await comment("demo-resident3", "同意，但费用怎么分摊？", {
      stance: "oppose",
      parentId: first,
    });
    // The parent's author hears "replied to you", not also "new comment".
    expect(await notificationsOf("demo-resident2", "proposal.reply")).toHaveLength(1);
    expect(await notificationsOf("demo-resident2", "proposal.comment")).toHaveLength(0);
    expect(await notificationsOf("demo-resident", "proposal.comment")).toHaveLength(2);
    expect(await notificationsOf("demo-resident3")).toEqual([]);

    // A reply is not a new opinion: stored neutral, outside the stance counts.
    expect(await stanceCounts(db(), proposal.id)).toMatchObject({ support: 1, oppose: 0 });
    expect(await commentCount()).toBe(2);

    const refused = await createComment(db(), {
      proposal,
      actor: actor("demo-resident4"),
      authorName: "赵奶奶",
      stance: "neutral",
      body: "回复的回复",
      parentId: reply,
    });
    expect(refused).toEqual({ ok: false, reason: "tooDeep" });
    expect(
      await createComment(db(), {
        proposal,
        actor: actor("demo-resident4"),
        authorName: "赵奶奶",
        stance: "neutral",
        body: "不存在的",
        parentId: 999_999,
      }),
    ).toEqual({ ok: false, reason: "noSuchParent" });
    expect(await commentCount()).toBe(2);

    // The author of the parent replying to their own thread is not told about their own reply.
    await comment("demo-resident2", "分摊方案可以再议。", { parentId: first });
    expect(await notificationsOf("demo-resident2", "proposal.reply")).toHaveLength(1);
    expect(await notificationsOf("demo-resident3", "proposal.comment")).toHaveLength(1);

    const page = await listComments(db(), proposal.id, null, 1);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.replies.map((r) => r.id)[0]).toBe(reply);
    expect(page.items[0]!.replies).toHaveLength(2);
  });

  it("lets the author edit within 15 minutes, not after, and nobody else", async () => {
    const now = new Date();
    const edited = await editComment(db(), {
      proposal,
      commentId: first,
      actor: actor("demo-resident2"),
      body: "赞成，楼里老人很多，电梯很必要。",
      now,
    });
    expect(edited.ok).toBe(true);
    const later = new Date(Date.now() + COMMENT_EDIT_WINDOW_MS + 60_000);
    expect(
      await editComment(db(), {
        proposal,
        commentId: first,
        actor: actor("demo-resident2"),
        body: "太晚了",
        now: later,
      }),
    ).toEqual({ ok: false, reason: "notEditable" });
    expect(
      await editComment(db(), {
        proposal,
        commentId: first,
        actor: actor("demo-resident3"),
        body: "改别人的",
      }),
    ).toEqual({ ok: false, reason: "notYours" });
    expect(
      await deleteComment(db(), {
        proposalId: proposal.id,
        commentId: first,
        actor: actor("demo-resident3"),
      }),
    ).toEqual({ ok: false, reason: "notYours" });
    const page = await listComments(db(), proposal.id, { id: "demo-resident2" }, 1, later);
    expect(page.items[0]).toMatchObject({
      body: "赞成，楼里老人很多，电梯很必要。",
      editable: false,
    });
    expect(page.items[0]!.editedAt).not.toBeNull();
  });

  it("deletes one's own comment softly: a placeholder keeps the replies", async () => {
    const lonely = await comment("demo-resident4", "我反对。", { stance: "oppose" });
    const answered = await comment("demo-resident5", "钱从哪里来？", { stance: "question" });
    const answer = await comment("demo-resident4", "维修基金。", { parentId: answered });
    expect(await commentCount()).toBe(6);
    for (const [commentId, actorId] of [
      [lonely, "demo-resident4"],
      [answered, "demo-resident5"],
    ] as const) {
      expect(
        await deleteComment(db(), { proposalId: proposal.id, commentId, actor: actor(actorId) }),
      ).toMatchObject({ ok: true });
    }
    expect(await commentCount()).toBe(4);
    const page = await listComments(db(), proposal.id, { id: "demo-resident5" }, 1);
    // The unanswered one leaves the list; the answered one stays as a placeholder with its reply.
    expect(page.items.map((c) => c.id)).toEqual([first, answered]);
    expect(page.items[1]).toMatchObject({
      state: "deleted",
      body: null,
      authorName: null,
      mine: false,
      editable: false,
    });
    expect(page.items[1]!.replies.map((r) => [r.id, r.body])).toEqual([[answer, "维修基金。"]]);
    expect(await stanceCounts(db(), proposal.id)).toEqual({
      support: 1,
      oppose: 0,
      neutral: 0,
      question: 0,
    });
  });

  it("refuses those without a role here, anonymous visitors, and proposals not open to comments", async () => {
    const attempt = (who: Actor | null, on = proposal) =>
      createComment(db(), {
        proposal: on,
        actor: who,
        authorName: "x",
        stance: "neutral",
        body: "我也想说",
      });
    expect(await attempt(actor("outsider"))).toEqual({ ok: false, reason: "forbidden" });
    expect(await attempt(null)).toEqual({ ok: false, reason: "forbidden" });
    expect(await attempt({ ...actor("demo-resident2"), emailVerified: false })).toEqual({
      ok: false,
      reason: "forbidden",
    });
    for (const status of ["draft", "voting", "withdrawn"] as const) {
      const closed = await createProposal(status, `状态 ${status}`);
      expect(await attempt(actor("demo-resident2"), closed)).toEqual({
        ok: false,
        reason: "closed",
      });
    }
    // Staff of the community may give an opinion too.
    expect((await attempt(actor("demo-grid"))).ok).toBe(true);
    // The status is read again under lock: a vote opened since the page loaded closes comments.
    await db().update(proposals).set({ status: "voting" }).where(eq(proposals.id, proposal.id));
    expect(await attempt(actor("demo-resident2"))).toEqual({ ok: false, reason: "closed" });
    await db().update(proposals).set({ status: "open" }).where(eq(proposals.id, proposal.id));
  });

  it("takes one report per person and target", async () => {
    const report = (reporterId: string, reason: string) =>
      reportContent(db(), {
        kind: "comment",
        targetId: first,
        actor: actor(reporterId),
        reason,
        proposal,
      });
    expect(await report("demo-resident3", "人身攻击")).toBe("reported");
    expect(await report("demo-resident3", "再举报一次")).toBe("already");
    expect(await report("demo-resident4", "泄露隐私")).toBe("reported");
    expect(
      await reportContent(db(), {
        kind: "proposal",
        targetId: proposal.id,
        actor: actor("demo-resident5"),
        reason: "广告",
        proposal,
      }),
    ).toBe("reported");
    // Another community's id, or content that does not exist, is not found.
    expect(
      await reportContent(db(), {
        kind: "comment",
        targetId: first,
        actor: actor("demo-resident5"),
        reason: "x",
        proposal: { ...proposal, communityId: chunhui.id + 1 },
      }),
    ).toBe("notFound");

    const queue = await listReports(db(), [chunhui.id], "open", 1);
    expect(queue.pageInfo.total).toBe(2);
    const onComment = queue.items.find((g) => g.kind === "comment")!;
    expect(onComment).toMatchObject({
      targetId: first,
      reportCount: 2,
      openCount: 2,
      resolution: null,
      target: { title: "在3栋加装电梯", authorName: "李师傅", state: "visible" },
    });
    expect(onComment.reasons.sort()).toEqual(["人身攻击", "泄露隐私"].sort());
  });

  it("lets a moderator hide with a reason: audited in the same transaction, author told, placeholder shown", async () => {
    const before = await commentCount();
    expect(
      await hideContent(db(), {
        actor: actor("demo-grid"),
        kind: "comment",
        id: first,
        reason: "不友善",
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await hideContent(db(), {
        actor: actor("demo-moderator"),
        kind: "comment",
        id: first,
        reason: "含有人身攻击",
      }),
    ).toEqual({ ok: true, reportsResolved: 2 });
    expect(
      await hideContent(db(), {
        actor: actor("demo-moderator"),
        kind: "comment",
        id: first,
        reason: "再隐藏",
      }),
    ).toEqual({ ok: false, reason: "alreadyHidden" });

    const { items } = await listAuditEntries(db(), [chunhui.id], { page: 1, pageSize: 10 });
    expect(items[0]).toMatchObject({
      action: "comment.hidden",
      actorId: "demo-moderator",
      targetType: "comment",
      targetId: String(first),
      before: { hidden: false },
      after: { hidden: true, reason: "含有人身攻击", reportsResolved: 2 },
    });
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });

    const told = await notificationsOf("demo-resident2", "moderation.hidden");
    expect(told).toHaveLength(1);
    expect(told[0]!.payload).toMatchObject({
      values: { target: "comment", reason: "含有人身攻击" },
    });

    expect(await commentCount()).toBe(before - 1);
    expect((await stanceCounts(db(), proposal.id)).support).toBe(0);
    const asReader = await listComments(db(), proposal.id, { id: "demo-resident3" }, 1);
    expect(asReader.items[0]).toMatchObject({
      state: "hidden",
      body: null,
      hiddenReason: "含有人身攻击",
      authorName: "李师傅",
    });
    // The replies stay; the author sees their own text with the placeholder.
    expect(asReader.items[0]!.replies.length).toBeGreaterThan(0);
    const asAuthor = await listComments(db(), proposal.id, { id: "demo-resident2" }, 1);
    expect(asAuthor.items[0]).toMatchObject({
      state: "hidden",
      body: "赞成，楼里老人很多，电梯很必要。",
      mine: true,
      editable: false,
    });
    // Hidden content takes no replies and no edits.
    expect(
      await createComment(db(), {
        proposal,
        actor: actor("demo-resident4"),
        authorName: "赵奶奶",
        stance: "neutral",
        body: "回复被隐藏的",
        parentId: first,
      }),
    ).toEqual({ ok: false, reason: "noSuchParent" });
    expect(
      (
        await editComment(db(), {
          proposal,
          commentId: first,
          actor: actor("demo-resident2"),
          body: "改一下",
        })
      ).ok,
    ).toBe(false);

    expect((await listReports(db(), [chunhui.id], "open", 1)).items.map((g) => g.kind)).toEqual([
      "proposal",
    ]);
    const resolved = await listReports(db(), [chunhui.id], "resolved", 1);
    expect(resolved.items[0]).toMatchObject({
      kind: "comment",
      targetId: first,
      resolution: "hidden",
      openCount: 0,
      target: { state: "hidden", hiddenReason: "含有人身攻击" },
    });
  });

  it("restores, and dismisses reports, each audited and told", async () => {
    const before = await commentCount();
    expect(
      await restoreContent(db(), { actor: actor("demo-moderator"), kind: "comment", id: first }),
    ).toEqual({ ok: true, reportsResolved: 0 });
    expect(await commentCount()).toBe(before + 1);
    expect(await notificationsOf("demo-resident2", "moderation.restored")).toHaveLength(1);
    const page = await listComments(db(), proposal.id, { id: "demo-resident3" }, 1);
    expect(page.items[0]).toMatchObject({ state: "visible", hiddenReason: null });
    expect(
      await restoreContent(db(), { actor: actor("demo-moderator"), kind: "comment", id: first }),
    ).toEqual({ ok: false, reason: "notHidden" });

    expect(
      await dismissReports(db(), {
        actor: actor("demo-resident"),
        kind: "proposal",
        id: proposal.id,
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await dismissReports(db(), {
        actor: actor("demo-moderator"),
        kind: "proposal",
        id: proposal.id,
        reason: "不是广告",
      }),
    ).toEqual({ ok: true, dismissed: 1 });
    const { items } = await listAuditEntries(db(), [chunhui.id], { page: 1, pageSize: 10 });
    expect(items.slice(0, 2).map((i) => i.action)).toEqual([
      "report.dismissed",
      "comment.restored",
    ]);
    expect((await listReports(db(), [chunhui.id], "open", 1)).items).toEqual([]);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it("hides a proposal: its authors are told and it takes no more comments", async () => {
    const other = await createProposal("deliberation", "停车位改造");
    expect(
      await hideContent(db(), {
        actor: actor("demo-moderator"),
        kind: "proposal",
        id: other.id,
        reason: "重复议题",
      }),
    ).toEqual({ ok: true, reportsResolved: 0 });
    const told = await notificationsOf("demo-resident", "moderation.hidden");
    expect(told.map((n) => n.payload)).toContainEqual(
      expect.objectContaining({ values: { target: "proposal", reason: "重复议题" } }),
    );
    expect(
      await createComment(db(), {
        proposal: { ...other, hidden: true },
        actor: actor("demo-resident2"),
        authorName: "李师傅",
        stance: "support",
        body: "支持",
      }),
    ).toEqual({ ok: false, reason: "closed" });
    // Even when the caller's context is stale, the row decides.
    expect(
      await createComment(db(), {
        proposal: other,
        actor: actor("demo-resident2"),
        authorName: "李师傅",
        stance: "support",
        body: "支持",
      }),
    ).toEqual({ ok: false, reason: "closed" });
    const { items } = await listAuditEntries(db(), [chunhui.id], { page: 1, pageSize: 1 });
    expect(items[0]).toMatchObject({ action: "proposal.hidden", targetId: String(other.id) });
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it("loads what the page needs for each reader", async () => {
    const asResident = await loadDiscussion(db(), proposal, actor("demo-resident3"), 1);
    expect(asResident).toMatchObject({ canComment: true, canReport: true, signedIn: true });
    const asOutsider = await loadDiscussion(db(), proposal, actor("outsider"), 1);
    expect(asOutsider).toMatchObject({ canComment: false, canReport: true, signedIn: true });
    const anonymous = await loadDiscussion(db(), proposal, null, 1);
    expect(anonymous).toMatchObject({ canComment: false, canReport: false, signedIn: false });
    expect(anonymous.comments.every((c) => c.mine === false)).toBe(true);
  });

  describe("form posts", () => {
    let mailDir: string;
    beforeAll(async () => {
      mailDir = await mkdtemp(path.join(tmpdir(), "yishi-mail-"));
    });

    function post(
      userId: string,
      fields: Record<string, string>,
      rateLimits: RateLimits = createRateLimits(),
    ) {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      const context = {
        db: db(),
        actor: actor(userId),
        user: { id: userId, displayName: userId, emailVerified: true } as SessionUser,
        rateLimits,
        mailer: createMailer({ from: "test@yishi.test", dataDir: mailDir }),
        origin: "http://localhost",
        config: { sessionSecret: "test-secret-test-secret-test-secret", production: false },
        secure: false,
      } as unknown as AppLoadContext;
      const request = new Request(`http://localhost/proposals/${proposal.id}`, { method: "POST" });
      const { locale, t } = getTranslator("en");
      return handleDiscussionIntent({ context, request, form, proposal, locale, t });
    }

    it("redirects to the new comment with a toast", async () => {
      const result = await post("demo-resident4", {
        intent: "comment.create",
        stance: "question",
        body: "什么时候开工？",
      });
      expect(result).toBeInstanceOf(Response);
      const response = result as Response;
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(
        new RegExp(`^/proposals/${proposal.id}#comment-\\d+$`),
      );
      expect(response.headers.get("Set-Cookie")).toContain("yishi_toast");
    });

    it("answers a form that does not validate with which form it was and what was typed", async () => {
      const result = await post("demo-resident4", {
        intent: "comment.reply",
        parentId: String(first),
        body: "   ",
      });
      expect(result).toMatchObject({
        init: { status: 400 },
        data: {
          ok: false,
          intent: "comment.reply",
          targetId: first,
          errors: { body: { key: "form.required" } },
          values: { parentId: String(first), body: "   " },
        },
      });
      const noStance = await post("demo-resident4", { intent: "comment.create", body: "有话说" });
      expect(noStance).toMatchObject({
        init: { status: 400 },
        data: { intent: "comment.create", targetId: null, values: { body: "有话说" } },
      });
      expect(await post("demo-resident4", { intent: "support" })).toBeNull();
    });

    it("keeps an edit typed after the window closed", async () => {
      const [old] = await db()
        .insert(comments)
        .values({
          proposalId: proposal.id,
          authorId: "demo-resident5",
          stance: "neutral",
          body: "旧意见",
          createdAt: new Date(Date.now() - COMMENT_EDIT_WINDOW_MS - 60_000),
        })
        .returning({ id: comments.id });
      const result = await post("demo-resident5", {
        intent: "comment.edit",
        commentId: String(old!.id),
        body: "新写的很长一段",
      });
      expect(result).toMatchObject({
        init: { status: 400 },
        data: {
          intent: "comment.edit",
          targetId: old!.id,
          errors: { _form: { key: "comments.editWindowPassed" } },
          values: { body: "新写的很长一段" },
        },
      });
    });

    it("answers a second report with 'already', not an error", async () => {
      const fields = {
        intent: "report",
        kind: "proposal",
        targetId: String(proposal.id),
        reason: "x",
      };
      const first = (await post("demo-resident2", fields)) as Response;
      const again = (await post("demo-resident2", fields)) as Response;
      expect([first.status, again.status]).toEqual([302, 302]);
      expect(again.headers.get("Location")).toBe(`/proposals/${proposal.id}`);
    });

    it("limits how fast one person writes, with Retry-After", async () => {
      const limits = createRateLimits();
      for (let i = 0; i < 10; i++) await limits.consume("comment", "demo-resident3");
      const result = await post(
        "demo-resident3",
        { intent: "comment.create", stance: "support", body: "第十一条" },
        limits,
      );
      const limited = result as { init: { headers: Record<string, string> } };
      expect(limited.init.headers["Retry-After"]).toMatch(/^\d+$/);
      expect(result).toMatchObject({
        init: { status: 429 },
        data: {
          intent: "comment.create",
          errors: { _form: { key: "comments.rateLimited" } },
          values: { body: "第十一条" },
        },
      });
    });

    it("follows and unfollows", async () => {
      await post("demo-resident5", { intent: "unfollow" });
      expect(await followersOf(db(), proposal.id)).not.toContain("demo-resident5");
      await post("demo-resident5", { intent: "follow" });
      expect(await followersOf(db(), proposal.id)).toContain("demo-resident5");
    });

    it("takes the moderators' hide form: a missing reason keeps that card's form, then it hides", async () => {
      const target = await comment("demo-resident5", "可以隐藏的意见", { stance: "neutral" });
      const moderate = async (userId: string, fields: Record<string, string>) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) form.append(name, value);
        const context = {
          db: db(),
          actor: actor(userId),
          user: { id: userId, displayName: userId, emailVerified: true } as SessionUser,
          mailer: createMailer({ from: "test@yishi.test", dataDir: mailDir }),
          origin: "http://localhost",
          config: { sessionSecret: "test-secret-test-secret-test-secret", production: false },
          secure: false,
        } as unknown as AppLoadContext;
        const request = new Request("http://localhost/c/chunhui/moderation?status=all", {
          method: "POST",
          body: form,
        });
        return moderationAction({ request, context, params: { slug: "chunhui" } });
      };
      const fields = { intent: "hide", kind: "comment", targetId: String(target) };
      expect(await moderate("demo-moderator", { ...fields, reason: " " })).toMatchObject({
        init: { status: 400 },
        data: { form: `hide:comment:${target}`, errors: { reason: { key: "form.required" } } },
      });
      await expect(moderate("demo-resident", { ...fields, reason: "x" })).rejects.toMatchObject({
        status: 403,
      });
      const done = (await moderate("demo-moderator", { ...fields, reason: "离题" })) as Response;
      expect(done.status).toBe(302);
      expect(done.headers.get("Location")).toBe("/c/chunhui/moderation?status=all");
      const page = await listComments(db(), proposal.id, null, 1);
      expect(page.items.find((c) => c.id === target)).toMatchObject({
        state: "hidden",
        hiddenReason: "离题",
      });
    });

    it("forbids what no honest form sends", async () => {
      await expect(
        post("outsider", { intent: "comment.create", stance: "support", body: "硬闯" }),
      ).rejects.toMatchObject({ status: 403 });
      await expect(
        post("demo-resident3", { intent: "comment.delete", commentId: String(reply + 1000) }),
      ).rejects.toMatchObject({ status: 404 });
    });
  });
});
