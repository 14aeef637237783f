/**
 * The sections of a vote list (what is open, what is coming, what is done), for a community's votes
 * page and for the whole tree: without `?status=` the first few of each, the closed ones page by
 * page; with it, that status page by page.
 */
import type { AppLoadContext } from "@remix-run/node";
import type { VoteCardData } from "~/components/votes/vote-card";
import type { VotePhase } from "~/components/votes/vote-status";
import { parsePageParam, type PageInfo } from "~/domain/pagination";
import { VOTE_STATUSES, type VoteStatus } from "~/domain/vote-rules";
import { listVotes } from "~/services/votes/index.server";

/** A card's data from a vote list item (`listVotes`), dates as ISO strings for the page. */
export function voteCardData(item: {
  id: number;
  title: string;
  method: string;
  status: VotePhase;
  secret: boolean;
  opensAt: Date;
  closesAt: Date;
  turnout: number | null;
}): VoteCardData {
  return {
    id: item.id,
    title: item.title,
    method: item.method,
    phase: item.status,
    secret: item.secret,
    opensAt: item.opensAt.toISOString(),
    closesAt: item.closesAt.toISOString(),
    turnout: item.turnout,
  };
}

const SECTION_SIZE = 10;
const PAGE_SIZE = 20;

export interface VoteSectionData {
  status: VoteStatus;
  items: VoteCardData[];
  pageInfo: PageInfo;
}

export async function loadVoteSections(
  context: AppLoadContext,
  url: URL,
  /** The communities covered (a subtree), or null for the whole tree. */
  communityIds: number[] | null,
  now: Date,
): Promise<{ status: VoteStatus | null; sections: VoteSectionData[] }> {
  const status = VOTE_STATUSES.find((s) => s === url.searchParams.get("status")) ?? null;
  const page = parsePageParam(url.searchParams.get("page"));
  const list = async (s: VoteStatus, request: { page: number; pageSize: number }) => {
    const result = await listVotes(context.db, { communityIds, status: s }, request, now);
    return { status: s, items: result.items.map(voteCardData), pageInfo: result.page };
  };
  const sections = status
    ? [await list(status, { page, pageSize: PAGE_SIZE })]
    : await Promise.all([
        list("open", { page: 1, pageSize: SECTION_SIZE }),
        list("scheduled", { page: 1, pageSize: SECTION_SIZE }),
        list("closed", { page, pageSize: PAGE_SIZE }),
      ]);
  return { status, sections };
}
