import type { ReactNode } from "react";
import { renderToString } from "react-dom/server";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { Comments, discussionFailure } from "~/components/proposals/comments";
import { failureFor, relativeTime } from "~/components/proposals/comment-parts";
import { paginate } from "~/domain/pagination";
import "~/i18n/i18n.server";
import type { Locale } from "~/i18n/locales";
import { I18nProvider } from "~/i18n/react";
import type { DiscussionFailure } from "~/lib/discussion-intents.server";
import type { CommentThread, CommentView } from "~/services/discussion/index.server";
import { commentsOpen } from "~/domain/policy";

/** Server-renders a component inside a router at `url`, as the page's document would. */
async function render(node: ReactNode, locale: Locale = "en", url = "/proposals/7") {
  const handler = createStaticHandler([
    { path: "*", element: <I18nProvider locale={locale}>{node}</I18nProvider> },
  ]);
  const context = await handler.query(new Request(`http://localhost${url}`));
  if (context instanceof Response) throw new Error("unexpected response");
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(<StaticRouterProvider router={router} context={context} hydrate={false} />);
}

const base: CommentView = {
  id: 1,
  parentId: null,
  authorName: "李师傅",
  stance: "support",
  body: "赞成",
  state: "visible",
  hiddenReason: null,
  createdAt: "2026-03-01T08:00:00.000Z",
  editedAt: null,
  mine: false,
  editable: false,
};

function thread(overrides: Partial<CommentView>, replies: CommentView[] = []): CommentThread {
  return { ...base, ...overrides, parentId: null, replies };
}

const props = {
  proposalId: 7,
  counts: { support: 3, oppose: 1, neutral: 0, question: 2 },
  pageInfo: paginate({ page: 1, pageSize: 20 }, 2),
  canComment: true,
  canReport: true,
  signedIn: true,
  failure: undefined,
  now: "2026-03-01T08:05:00.000Z",
};

describe("Comments", () => {
  it("shows the stance counts as text, the form, threads, placeholders and replies", async () => {
    const html = await render(
      <Comments
        {...props}
        comments={[
          thread({ id: 1 }, [
            { ...base, id: 3, parentId: 1, authorName: null, body: "维修基金", stance: "neutral" },
          ]),
          thread({ id: 2, state: "deleted", body: null, authorName: null }),
          thread({ id: 4, state: "hidden", body: null, hiddenReason: "人身攻击" }),
        ]}
      />,
    );
    expect(html).toContain('id="comment-1"');
    expect(html).toContain('id="comment-3"');
    expect(html).toMatch(/Support<\/span>.*?>3<\/span>/s);
    expect(html).toContain("Stances of 6 comments");
    expect(html).toContain('name="intent" value="comment.create"');
    expect(html).toContain('name="intent" value="comment.reply"');
    expect(html).toMatch(/Former resident<\/strong>.*?维修基金/s);
    expect(html).toContain("This comment was deleted by its author.");
    expect(html).toContain("A moderator hid this comment. Reason: 人身攻击");
    expect(html).toContain("5 minutes ago");
    // Only one reply form for the visible top-level comment; none for the hidden or deleted ones.
    expect(html.match(/value="comment.reply"/g)).toHaveLength(1);
  });

  it("opens the edit form for ?edit= on one's own editable comment, and keeps a failed edit", async () => {
    const mine = thread({ id: 5, mine: true, editable: true, body: "原文" });
    const editing = await render(
      <Comments {...props} comments={[mine]} editingId={5} />,
      "zh-Hans",
    );
    expect(editing).toContain('name="intent" value="comment.edit"');
    expect(editing).toContain("原文</textarea>");
    const failure: DiscussionFailure = {
      ok: false,
      intent: "comment.edit",
      targetId: 5,
      errors: { _form: { key: "comments.editWindowPassed" } },
      values: { commentId: "5", body: "新写的" },
    };
    const failed = await render(
      <Comments {...props} comments={[{ ...mine, editable: false }]} failure={failure} />,
      "zh-Hant",
    );
    expect(failed).toContain("新写的</textarea>");
    expect(failed).toContain("發表超過 15 分鐘的意見不能再編輯");
  });

  it("invites anonymous readers to sign in instead of showing the form", async () => {
    const html = await render(
      <Comments {...props} canComment={false} canReport={false} signedIn={false} comments={[]} />,
    );
    expect(html).toContain("/sign-in?redirectTo=%2Fproposals%2F7");
    expect(html).not.toContain('value="comment.create"');
    expect(html).not.toContain('value="report"');
  });
});

describe("discussion helpers", () => {
  it("takes comments while open or in deliberation, and not while hidden", () => {
    expect(commentsOpen({ status: "open", hidden: false })).toBe(true);
    expect(commentsOpen({ status: "deliberation", hidden: false })).toBe(true);
    expect(commentsOpen({ status: "deliberation", hidden: true })).toBe(false);
    for (const status of [
      "draft",
      "voting",
      "decided",
      "implementing",
      "completed",
      "withdrawn",
    ] as const)
      expect(commentsOpen({ status, hidden: false })).toBe(false);
  });

  it("finds the failure of one form only", () => {
    const failure = discussionFailure({
      ok: false,
      intent: "report",
      targetId: 9,
      errors: {},
      values: { kind: "comment" },
    });
    expect(failure).toBeDefined();
    expect(failureFor(failure, "report", 9, "comment")).toBe(failure);
    expect(failureFor(failure, "report", 9, "proposal")).toBeUndefined();
    expect(failureFor(failure, "comment.reply", 9)).toBeUndefined();
    expect(discussionFailure({ ok: false, errors: {}, values: {} })).toBeUndefined();
    expect(discussionFailure(undefined)).toBeUndefined();
  });

  it("writes recent times relatively, older ones not at all", () => {
    const now = Date.parse("2026-03-10T12:00:00Z");
    expect(relativeTime("en", "2026-03-10T11:59:30Z", now)).toBe("this minute");
    expect(relativeTime("en", "2026-03-10T09:00:00Z", now)).toBe("3 hours ago");
    expect(relativeTime("zh-Hans", "2026-03-08T12:00:00Z", now)).toBe("前天");
    expect(relativeTime("en", "2026-03-01T12:00:00Z", now)).toBeNull();
  });
});
