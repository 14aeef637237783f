/**
 * A proposal as one record: its row, its community and its authors, loaded once for every use case;
 * the live document's name and who may open it. The body is the collaborative document
 * `proposal:<id>` (served by server/collab).
 *
 * Owns no table of its own: reads `proposals`, `communities` and `proposal_authors`.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { communities, proposalAuthors, proposals, type Community } from "../../../db/schema";
import type { ProposalStatus } from "~/domain/proposal-lifecycle";
import { documentAccessFor, type ProposalFacts } from "~/domain/policy";
import { loadActor } from "../actors.server";
import { communityResource } from "../communities.server";

export const docNameOf = (proposalId: number) => `proposal:${proposalId}`;

/** A proposal as the areas around it (comments, moderation, votes) and the policy need to know it. */
export interface ProposalContext extends ProposalFacts {
  id: number;
  title: string;
  communityId: number;
  communitySlug: string;
  authorIds: string[];
  invitedIds: string[];
}

export interface ProposalRecord {
  row: typeof proposals.$inferSelect;
  community: Community;
  context: ProposalContext;
}

/** Loads a proposal with its community and authors; null when there is none. */
export async function loadProposal(db: Database, id: number): Promise<ProposalRecord | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const [found] = await db
    .select({ row: proposals, community: communities })
    .from(proposals)
    .innerJoin(communities, eq(communities.id, proposals.communityId))
    .where(eq(proposals.id, id));
  if (!found) return null;
  const authorRows = await db
    .select({ userId: proposalAuthors.userId, acceptedAt: proposalAuthors.acceptedAt })
    .from(proposalAuthors)
    .where(eq(proposalAuthors.proposalId, id));
  const resource = await communityResource(db, found.community);
  return {
    row: found.row,
    community: found.community,
    context: {
      id,
      title: found.row.title,
      status: found.row.status as ProposalStatus,
      communityId: found.community.id,
      communitySlug: found.community.slug,
      resource,
      authorIds: authorRows.filter((a) => a.acceptedAt).map((a) => a.userId),
      invitedIds: authorRows.filter((a) => !a.acceptedAt).map((a) => a.userId),
      hidden: found.row.hiddenAt !== null,
      published: found.row.publishedAt !== null,
    },
  };
}

/** Who may do what with the document `proposal:<id>`: authors edit, members read; null otherwise. */
export function proposalDocumentAccess(
  db: Database,
): (user: { id: string; emailVerified: boolean }, id: string) => Promise<"edit" | "read" | null> {
  return async (user, id) => {
    if (!/^\d{1,10}$/.test(id)) return null;
    const record = await loadProposal(db, Number(id));
    if (!record) return null;
    return documentAccessFor(await loadActor(db, user), record.context);
  };
}
