import { redirect, type AppLoadContext } from "@remix-run/node";
import type { CommunityLevel } from "~/domain/community-tree";
import {
  can,
  effectiveRoles,
  rolesFor,
  type Action,
  type Actor,
  type CommunityResource,
} from "~/domain/policy";
import { ROLES } from "~/domain/roles";
import type { SessionUser } from "~/services/sessions.server";
import { forbidden } from "./refusal";

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
 * sign-in redirect for anonymous visitors) when not. The 403 says what was refused and why: the
 * roles the policy table would accept, the roles the person holds there, and whether they may ask
 * to join (`place` names the node on the error page).
 */
export function requirePermission(
  context: AppLoadContext,
  request: Request,
  action: Action,
  resource: CommunityResource,
  place: { slug: string; name: string; level: CommunityLevel } | null = null,
): void {
  if (can(context.actor, action, resource)) return;
  if (!context.user) requireUser(context, request);
  const held = effectiveRoles(context.actor, resource);
  const need = rolesFor(action);
  throw forbidden({
    action,
    need: typeof need === "string" ? need : [...need],
    held: ROLES.filter((role) => held.has(role)),
    emailVerified: context.user?.emailVerified ?? false,
    place,
    mayJoin: can(context.actor, "membership.request", resource),
  });
}

/** The signed-in person as the policy sees them (services take it), or the sign-in redirect. */
export function requireActor(context: AppLoadContext, request: Request): Actor {
  requireUser(context, request);
  if (!context.actor) throw new Error("A signed-in request without its actor");
  return context.actor;
}

/**
 * The 403 a route throws when a service refuses an act for want of the right. The route's own check
 * (requirePermission, with the roles named) normally refuses first; this is the defence behind it.
 */
export function forbiddenByService(): Response {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}
