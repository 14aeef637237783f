/**
 * What a refusal says, on both sides: the server throws a 403 or 404 whose body names what was
 * refused and why (the action, the roles the policy table would accept, the roles the person holds
 * there, the place), and the error page reads it back to tell the person what they can do next.
 * A 403 or 404 without such a body (thrown elsewhere) is still a refusal, told in general words.
 */
import { z } from "zod";
import { COMMUNITY_LEVELS } from "~/domain/community-tree";
import { ACTIONS } from "~/domain/policy";
import { ROLES, type Role } from "~/domain/roles";

/** The things a 404 can name: an address no page answers, or a record that is missing or hidden. */
export const MISSING_THINGS = ["page", "community", "proposal", "vote"] as const;
export type MissingThing = (typeof MISSING_THINGS)[number];

const RoleSchema = z.enum(ROLES);

export const ForbiddenSchema = z.object({
  kind: z.literal("forbidden"),
  action: z.enum(ACTIONS),
  /** `rolesFor(action)`: who the policy table lets do it. */
  need: z.union([z.literal("anyone"), z.literal("verified"), z.array(RoleSchema)]),
  /** The roles the person holds at the place (there or above). */
  held: z.array(RoleSchema),
  emailVerified: z.boolean(),
  /** The community node, when the refusal is about one. */
  place: z
    .object({ slug: z.string(), name: z.string(), level: z.enum(COMMUNITY_LEVELS) })
    .nullable(),
  /** Whether the policy would let the person ask to join the place (the next step to offer). */
  mayJoin: z.boolean(),
});
export type Forbidden = z.infer<typeof ForbiddenSchema>;

export const NotFoundSchema = z.object({
  kind: z.literal("notFound"),
  thing: z.enum(MISSING_THINGS),
});

const RefusalSchema = z.discriminatedUnion("kind", [ForbiddenSchema, NotFoundSchema]);
export type Refusal = z.infer<typeof RefusalSchema>;

/** Why the policy said no, in the terms the page explains. */
export type ForbiddenReason =
  | { readonly why: "unverified" }
  | { readonly why: "role"; readonly roles: readonly Role[] }
  | { readonly why: "place" };

export function forbiddenReason(refusal: Forbidden): ForbiddenReason {
  if (!refusal.emailVerified && refusal.need !== "anyone") return { why: "unverified" };
  if (Array.isArray(refusal.need) && !refusal.need.some((role) => refusal.held.includes(role)))
    return { why: "role", roles: refusal.need };
  // The right role (or none needed), yet refused: the act is not done at this level, or not by
  // someone who already is what it would make them (a resident asking to join).
  return { why: "place" };
}

function refusalResponse(refusal: Refusal, status: 403 | 404): Response {
  return Response.json(refusal, {
    status,
    statusText: status === 403 ? "Forbidden" : "Not Found",
  });
}

export function forbidden(refusal: Omit<Forbidden, "kind">): Response {
  return refusalResponse({ kind: "forbidden", ...refusal }, 403);
}

/** A 404 naming what is missing (or hidden from this person, which the page does not tell apart). */
export function notFound(thing: MissingThing): Response {
  return refusalResponse({ kind: "notFound", thing }, 404);
}

/** What a thrown error's body says, when it is one of ours. */
export function readRefusal(data: unknown): Refusal | null {
  const parsed = RefusalSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}
