import { renderToString } from "react-dom/server";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { paginate } from "~/domain/pagination";
import "~/i18n/i18n.server";
import { I18nProvider } from "~/i18n/react";
import Moderation from "~/routes/c.$slug.moderation";
import type { ReportGroup } from "~/services/discussion/index.server";

const group = (overrides: Partial<ReportGroup>): ReportGroup => ({
  kind: "comment",
  targetId: 11,
  reportCount: 2,
  openCount: 2,
  reasons: ["人身攻击", "泄露隐私"],
  firstReportedAt: "2026-03-01T08:00:00.000Z",
  lastReportedAt: "2026-03-01T09:00:00.000Z",
  resolution: null,
  target: {
    title: "在3栋加装电梯",
    excerpt: "……",
    authorName: null,
    link: "/proposals/7#comment-11",
    state: "visible",
    hiddenReason: null,
  },
  ...overrides,
});

/** The queue page as the server renders it, with the loader's data given directly. */
async function render(groups: ReportGroup[], url = "/c/chunhui/moderation") {
  const handler = createStaticHandler([
    {
      id: "routes/c.$slug.moderation",
      path: "/c/:slug/moderation",
      loader: () => ({
        title: "t",
        community: { slug: "chunhui", name: "Chunhui Community" },
        filter: "open",
        groups,
        pageInfo: paginate({ page: 1, pageSize: 20 }, groups.length),
      }),
      element: (
        <I18nProvider locale="en">
          <Moderation />
        </I18nProvider>
      ),
    },
  ]);
  const context = await handler.query(new Request(`http://localhost${url}`));
  if (context instanceof Response) throw new Error("unexpected response");
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(<StaticRouterProvider router={router} context={context} hydrate={false} />);
}

describe("the moderation queue page", () => {
  it("shows each reported item with its reasons, counts and the acts that apply", async () => {
    const html = await render([
      group({}),
      group({
        kind: "proposal",
        targetId: 7,
        openCount: 0,
        reportCount: 1,
        resolution: "hidden",
        target: {
          title: "停车位改造",
          excerpt: null,
          authorName: "王阿姨",
          link: "/proposals/7",
          state: "hidden",
          hiddenReason: "重复议题",
        },
      }),
    ]);
    expect(html).toContain("Moderation · Chunhui Community");
    expect(html).toContain("泄露隐私");
    expect(html).toContain("2 reports, 2 open");
    expect(html).toContain("Former resident");
    expect(html).toContain('href="/proposals/7#comment-11"');
    // Hide for the visible one, restore for the hidden one, dismiss only where reports are open.
    expect(html.match(/value="hide"/g)).toHaveLength(1);
    expect(html.match(/value="restore"/g)).toHaveLength(1);
    expect(html.match(/value="dismiss"/g)).toHaveLength(1);
    expect(html).toContain("Hidden because: 重复议题");
    expect(html).toContain('aria-current="page"');
  });

  it("says when nothing waits", async () => {
    expect(await render([])).toContain("No reports waiting");
  });
});
