import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { isValidSlug } from "~/domain/community-tree";
import { PROPOSAL_STATUSES } from "~/domain/proposal-lifecycle";
import { DEFAULT_PAGE_SIZE, parsePageParam } from "~/domain/pagination";
import { MAX_QUERY_LENGTH, PROPOSAL_CATEGORIES, PROPOSAL_SORTS } from "~/domain/proposals";
import type { Locale } from "~/i18n/locales";
import {
  findCommunityBySlug,
  listCommunitiesAtLevel,
  localizedName,
  subtreeIds,
} from "~/services/communities.server";
import { listProposals } from "~/services/proposals/index.server";
import { convertScript, type TextLanguage } from "~/services/script.server";

/** The statuses a public list can be filtered by (drafts are never listed). */
export const LISTED_STATUSES = PROPOSAL_STATUSES.filter((status) => status !== "draft");

/**
 * The query string of a proposal list. Every field falls back to its default when it is missing or
 * makes no sense, so a hand-edited or stale link shows a list rather than an error.
 */
export const ProposalListQuerySchema = z.object({
  q: z
    .string()
    .catch("")
    .transform((q) => q.trim().slice(0, MAX_QUERY_LENGTH)),
  status: z.enum(LISTED_STATUSES).nullable().catch(null),
  category: z.enum(PROPOSAL_CATEGORIES).nullable().catch(null),
  // The orders the form offers; tsc checks that the service knows each of them.
  sort: z.enum(PROPOSAL_SORTS).catch("newest"),
  community: z
    .string()
    .refine((slug) => isValidSlug(slug))
    .nullable()
    .catch(null),
  page: z
    .string()
    .nullable()
    .catch(null)
    .transform((page) => parsePageParam(page)),
});
export type ProposalListQuery = z.output<typeof ProposalListQuerySchema>;

export function parseProposalListQuery(params: URLSearchParams): ProposalListQuery {
  const read = (name: string) => params.get(name) || null;
  return ProposalListQuerySchema.parse({
    q: params.get("q") ?? "",
    status: read("status"),
    category: read("category"),
    sort: read("sort") ?? "newest",
    community: read("community"),
    page: read("page"),
  });
}

/** Whether the reader narrowed the list (the empty state then says "nothing matches" instead). */
export function isFiltered(query: ProposalListQuery): boolean {
  return Boolean(query.q || query.status || query.category || query.community);
}

/**
 * One page of public proposals in `scope` (community ids, or null for the whole tree) as the query
 * asks: one count and one page query. Titles and summaries written in the other Chinese script are
 * shown converted to the reader's (marked, as on the proposal's page).
 */
export async function loadProposalList(
  context: AppLoadContext,
  query: ProposalListQuery,
  scope: number[] | null,
  locale: Locale,
) {
  const { items, pageInfo } = await listProposals(
    context.db,
    {
      communityIds: scope,
      status: query.status,
      category: query.category,
      query: query.q,
      sort: query.sort,
    },
    { page: query.page, pageSize: DEFAULT_PAGE_SIZE },
    locale,
  );
  return {
    pageInfo,
    items: items.map((item) => {
      const from = item.language as TextLanguage;
      const title = convertScript(item.title, from, locale);
      if (title === null) return { ...item, converted: false };
      return {
        ...item,
        title,
        summary: convertScript(item.summary, from, locale) ?? item.summary,
        language: locale,
        converted: true,
      };
    }),
  };
}

/**
 * The subtree named by `?community=<slug>`, or null (the whole tree) when there is none or the slug is
 * unknown; the query is corrected so that the form echoes only a filter that was applied.
 */
export async function resolveCommunityScope(
  context: AppLoadContext,
  query: ProposalListQuery,
  locale: Locale,
): Promise<{
  query: ProposalListQuery;
  scope: number[] | null;
  community: { slug: string; name: string } | null;
}> {
  const community = query.community ? await findCommunityBySlug(context.db, query.community) : null;
  if (!community) return { query: { ...query, community: null }, scope: null, community: null };
  return {
    query,
    scope: await subtreeIds(context.db, community.id),
    community: { slug: community.slug, name: localizedName(community, locale) },
  };
}

const COLLATION: Record<Locale, string> = {
  "zh-Hans": "zh-Hans-CN",
  "zh-Hant": "zh-Hant-TW",
  en: "en-GB",
};

/** The communities where matters are raised, for the filter's select, sorted in the reader's way. */
export async function listCommunityOptions(
  context: AppLoadContext,
  locale: Locale,
): Promise<Array<{ slug: string; name: string }>> {
  const collator = new Intl.Collator(COLLATION[locale]);
  return (await listCommunitiesAtLevel(context.db, "community", locale))
    .map(({ slug, name }) => ({ slug, name }))
    .sort((a, b) => collator.compare(a.name, b.name));
}
