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
import { notFound } from "./refusal";

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
  if (!community) throw notFound("community");
  const resource = await communityResource(context.db, community);
  const name = localizedName(community, locale);
  if (action)
    requirePermission(context, request, action, resource, {
      slug: community.slug,
      name,
      level: community.level,
    });
  return { community, resource, name };
}
