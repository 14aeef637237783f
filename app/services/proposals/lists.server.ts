/**
 * Lists of proposals: the public ones (not drafts, not hidden) of a part of the tree, filtered,
 * searched, sorted and paginated.
 *
 * Owns no table: reads `proposals` and `communities`.
 */
import {
  and,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  ne,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import type { Database } from "../../../db/client";
import { communities, proposals } from "../../../db/schema";
import type { ProposalStatus } from "~/domain/proposal-lifecycle";
import { paginate, type PageInfo, type PageRequest } from "~/domain/pagination";
import type { ProposalCategory, ProposalListItem, ProposalSort } from "~/domain/proposals";
import { searchQueryTokens } from "~/domain/search";
import type { Locale } from "~/i18n/locales";
import { localizedName } from "../communities.server";

export interface ProposalFilter {
  /** The communities to cover (a subtree), or null for the whole tree. */
  communityIds: number[] | null;
  status: ProposalStatus | null;
  category: ProposalCategory | null;
  query: string;
  sort: ProposalSort;
}

/** Public proposals (not drafts, not hidden), filtered, searched, sorted and paginated. */
export async function listProposals(
  db: Database,
  filter: ProposalFilter,
  page: PageRequest,
  locale: Locale,
): Promise<{ items: ProposalListItem[]; pageInfo: PageInfo }> {
  const conditions: SQL[] = [
    ne(proposals.status, "draft"),
    isNotNull(proposals.publishedAt),
    isNull(proposals.hiddenAt),
  ];
  // A grid's or building's matters are those raised about it (concerns), below its community.
  if (filter.communityIds)
    conditions.push(
      or(
        inArray(proposals.communityId, filter.communityIds),
        inArray(proposals.concernsId, filter.communityIds),
      )!,
    );
  if (filter.status) conditions.push(eq(proposals.status, filter.status));
  if (filter.category) conditions.push(eq(proposals.category, filter.category));
  const tokens = searchQueryTokens(filter.query);
  if (tokens.length > 0) {
    // Each token is quoted as a lexeme (so none is read as an operator) and matched as a prefix, since
    // segmentation may split a longer word differently in the text (停车 finds 停车位).
    const query = tokens.map((token) => `'${token.replaceAll("'", "''")}':*`).join(" & ");
    conditions.push(sql`${proposals.searchVector} @@ to_tsquery('simple', ${query})`);
  }
  const where = and(...conditions);
  const [total] = await db.select({ n: count() }).from(proposals).where(where);
  const pageInfo = paginate(page, total?.n ?? 0);
  const order =
    filter.sort === "supported"
      ? [desc(proposals.supportCount), desc(proposals.id)]
      : filter.sort === "discussed"
        ? [desc(proposals.commentCount), desc(proposals.id)]
        : [
            desc(sql`coalesce(${proposals.publishedAt}, ${proposals.createdAt})`),
            desc(proposals.id),
          ];
  const rows = await db
    .select({ proposal: proposals, community: communities })
    .from(proposals)
    .innerJoin(communities, eq(communities.id, proposals.communityId))
    .where(where)
    .orderBy(...order)
    .limit(pageInfo.pageSize)
    .offset(pageInfo.offset);
  return {
    pageInfo,
    items: rows.map(({ proposal, community }) => ({
      id: proposal.id,
      title: proposal.title,
      summary: proposal.summary,
      status: proposal.status as ProposalStatus,
      category: proposal.category,
      language: proposal.language,
      communitySlug: community.slug,
      communityName: localizedName(community, locale),
      supportCount: proposal.supportCount,
      commentCount: proposal.commentCount,
      createdAt: (proposal.publishedAt ?? proposal.createdAt).toISOString(),
    })),
  };
}
