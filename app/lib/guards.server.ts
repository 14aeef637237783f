import { redirect, type AppLoadContext } from "@remix-run/node";
import { can, type Action, type CommunityResource } from "~/domain/policy";
import type { SessionUser } from "~/services/sessions.server";

/** The signed-in person, or a redirect to the sign-in page that comes back here afterwards. */
export function requireUser(context: AppLoadContext, request: Request): SessionUser {
  if (context.user) return context.user;
  const url = new URL(request.url);
  throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** Sends a signed-in visitor away from pages for signed-out people (sign in, sign up). */
export function requireAnonymous(context: AppLoadContext) {
  if (context.user) throw redirect("/");
}

/**
 * Asks the one policy whether the current person may act on a community node; throws 403 (or the
 * sign-in redirect for anonymous visitors) when not.
 */
export function requirePermission(
  context: AppLoadContext,
  request: Request,
  action: Action,
  resource: CommunityResource,
): void {
  if (can(context.actor, action, resource)) return;
  if (!context.user) requireUser(context, request);
  throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}
