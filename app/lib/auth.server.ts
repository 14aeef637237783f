import { redirect, type AppLoadContext } from "@remix-run/node";
import { can, type Action, type Actor, type CommunityResource } from "~/domain/policy";
import type { SessionUser } from "~/services/auth.server";

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

/** The signed-in person as the policy sees them (services take it), or the sign-in redirect. */
export function requireActor(context: AppLoadContext, request: Request): Actor {
  requireUser(context, request);
  if (!context.actor) throw new Error("A signed-in request without its actor");
  return context.actor;
}

/** The refusal a route throws when a service refuses an act for want of the right (403). */
export function forbidden(): Response {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}
