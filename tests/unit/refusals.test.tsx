import type { ReactNode } from "react";
import { renderToString } from "react-dom/server";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { ErrorPage } from "~/components/errors/error-page";
import "~/i18n/i18n.server";
import type { Locale } from "~/i18n/locales";
import { I18nProvider } from "~/i18n/react";
import { forbidden, forbiddenReason, notFound, readRefusal, type Forbidden } from "~/lib/refusal";

/** Server-renders a node inside a router at `url`, as the page's document would. */
async function render(node: ReactNode, locale: Locale, url: string) {
  const handler = createStaticHandler([
    { path: "*", element: <I18nProvider locale={locale}>{node}</I18nProvider> },
  ]);
  const context = await handler.query(new Request(`http://localhost${url}`));
  if (context instanceof Response) throw new Error("unexpected response");
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(
    <StaticRouterProvider router={router} context={context} hydrate={false} />,
  );
  // Text only, so that assertions read like the page.
  return html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

/** What the error boundary gets for a thrown response (its body parsed as Remix does). */
async function routeError(response: Response) {
  return {
    status: response.status,
    statusText: response.statusText,
    internal: false,
    data: (await response.json().catch(() => null)) as unknown,
  };
}

const CHUNHUI = { slug: "chunhui", name: "春晖社区", level: "community" as const };
const residentRefused: Omit<Forbidden, "kind"> = {
  action: "vote.manage",
  need: ["committee", "admin"],
  held: ["resident"],
  emailVerified: true,
  place: CHUNHUI,
  mayJoin: false,
};

describe("why a refusal refused", () => {
  const base: Forbidden = { kind: "forbidden", ...residentRefused };
  it.each<[string, Forbidden, ReturnType<typeof forbiddenReason>]>([
    ["a role is missing", base, { why: "role", roles: ["committee", "admin"] }],
    ["the email is not confirmed", { ...base, emailVerified: false }, { why: "unverified" }],
    ["the right role, not here", { ...base, held: ["committee"] }, { why: "place" }],
    [
      "a resident asking to join again",
      { ...base, action: "membership.request", need: "verified" },
      { why: "place" },
    ],
  ])("%s", (_, refusal, reason) => {
    expect(forbiddenReason(refusal)).toEqual(reason);
  });
});

describe("refusal responses", () => {
  it("carry their status and a body the page can read back", async () => {
    const refused = forbidden(residentRefused);
    expect(refused.status).toBe(403);
    expect(readRefusal(await refused.json())).toEqual({ kind: "forbidden", ...residentRefused });
    const missing = notFound("proposal");
    expect(missing.status).toBe(404);
    expect(readRefusal(await missing.json())).toEqual({ kind: "notFound", thing: "proposal" });
  });

  it("reads nothing from bodies that are not ours", () => {
    for (const body of [null, "Forbidden", { kind: "forbidden" }, { kind: "notFound", thing: "x" }])
      expect(readRefusal(body)).toBeNull();
  });
});

describe("the error page", () => {
  it("names what was refused, the roles that would allow it and the roles held (403)", async () => {
    const error = await routeError(forbidden(residentRefused));
    const zh = await render(
      <ErrorPage error={error} signedIn />,
      "zh-Hans",
      "/c/chunhui/votes/new",
    );
    expect(zh).toContain("没有权限");
    expect(zh).toContain("在春晖社区发起和管理表决需要以下角色之一：议事会/居委会成员、管理员。");
    expect(zh).toContain("您在这里的角色：居民。");
    expect(zh).toContain("角色由社区议事会成员或管理员授予");
    expect(zh).toContain("返回春晖社区");
    expect(zh).not.toContain("出错了");
    const en = await render(<ErrorPage error={error} signedIn />, "en", "/c/chunhui/votes/new");
    expect(en).toContain(
      "To open and run votes in 春晖社区, you need one of these roles: Committee member, Administrator.",
    );
    const hant = await render(<ErrorPage error={error} signedIn />, "zh-Hant", "/c/chunhui/manage");
    expect(hant).toContain("在春晖社区發起和管理表決需要下列角色之一");
  });

  it("offers to join when the policy would let the person ask", async () => {
    const error = await routeError(
      forbidden({
        ...residentRefused,
        action: "proposal.create",
        need: ["resident"],
        held: [],
        mayJoin: true,
      }),
    );
    const text = await render(
      <ErrorPage error={error} signedIn />,
      "zh-Hans",
      "/c/chunhui/proposals/new",
    );
    expect(text).toContain("在春晖社区提出议题需要“居民”角色。");
    expect(text).toContain("您在这里还没有角色。");
    expect(text).toContain("申请加入春晖社区");
    expect(text).not.toContain("角色由社区议事会成员或管理员授予");
  });

  it("says a 403 it knows nothing about is a refusal, not an outage", async () => {
    const error = await routeError(new Response("Forbidden", { status: 403 }));
    const text = await render(<ErrorPage error={error} signedIn={false} />, "zh-Hans", "/x?y=1");
    expect(text).toContain("您的账户没有做这件事的权限。");
    expect(text).toContain("登录后再试");
  });

  it("says a missing proposal does not exist or is hidden, and offers to sign in (404)", async () => {
    const error = await routeError(notFound("proposal"));
    const html = await render(
      <ErrorPage error={error} signedIn={false} />,
      "zh-Hans",
      "/proposals/9",
    );
    expect(html).toContain("找不到这个页面");
    expect(html).toContain("这个议题不存在，或者您看不到它");
    expect(html).toContain("查看全部议题");
    expect(html).toContain("登录后再试");
  });

  it("keeps the outage page for everything else", async () => {
    const text = await render(<ErrorPage error={new Error("boom")} signedIn />, "zh-Hans", "/");
    expect(text).toContain("出错了");
  });
});
