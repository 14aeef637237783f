import type { AppLoadContext } from "@remix-run/node";
import { isValidSlug } from "~/domain/community-tree";
import type { Action } from "~/domain/policy";
import type { Locale } from "~/i18n/locales";
import {
  communityResource,
  findCommunityBySlug,
  localizedName,
} from "~/services/communities.server";
import { requirePermission } from "./guards.server";

/**
 * The community named in the URL, with its place in the tree for the permission policy; 404 when there
 * is none. With `action`, also requires that the current person may do it there.
 */
export async function loadCommunity(
  context: AppLoadContext,
  request: Request,
  slug: string | undefined,
  locale: Locale,
  action?: Action,
) {
  const community = slug && isValidSlug(slug) ? await findCommunityBySlug(context.db, slug) : null;
  if (!community) throw new Response(null, { status: 404, statusText: "Not Found" });
  const resource = await communityResource(context.db, community);
  if (action) requirePermission(context, request, action, resource);
  return { community, resource, name: localizedName(community, locale) };
}
