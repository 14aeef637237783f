/**
 * Raising a proposal: a draft in a community (optionally about one of its grids or buildings), its
 * author the one who raised it, its body the first state of its live document.
 *
 * Writes `proposals`, `proposal_authors`, `proposal_followers` and `collab_snapshots` (the document's
 * first state); audits.
 */
import { eq } from "drizzle-orm";
import * as Y from "yjs";
import type { Database } from "../../../db/client";
import {
  collabSnapshots,
  communities,
  proposalAuthors,
  proposalFollowers,
  proposals,
} from "../../../db/schema";
import type { Community } from "../../../db/schema";
import { can, type Actor, type CommunityResource } from "~/domain/policy";
import type { ContentLanguage, ProposalCategory } from "~/domain/proposals";
import { renderRichText, textToDocumentUpdate } from "~/domain/rich-text";
import { commitAct, type ActOutcome } from "../acts.server";
import { subtreeIds } from "../communities.server";
import { docNameOf } from "./record.server";
import { searchVectorOf } from "./text.server";

export interface NewProposal {
  community: Community;
  resource: CommunityResource;
  actor: Actor;
  title: string;
  summary: string;
  category: ProposalCategory;
  language: ContentLanguage;
  concernsId: number | null;
  body: string;
}

export type CreateRefusal = "notAllowed" | "notACommunity" | "badConcerns";

/** Raises a proposal as a draft, its author the one who raised it. */
export async function createProposal(
  db: Database,
  input: NewProposal,
): Promise<{ ok: true; id: number } | { ok: false; reason: CreateRefusal }> {
  if (input.community.level !== "community") return { ok: false, reason: "notACommunity" };
  if (!can(input.actor, "proposal.create", input.resource))
    return { ok: false, reason: "notAllowed" };
  if (input.concernsId !== null && !(await concernsBelow(db, input.community, input.concernsId)))
    return { ok: false, reason: "badConcerns" };
  const state = textToDocumentUpdate(input.body);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const { html, text } = renderRichText(doc.getXmlFragment("default"));
  doc.destroy();
  const created: ActOutcome<number, never> = await commitAct(
    db,
    undefined,
    async ({ tx, audit }) => {
      const [row] = await tx
        .insert(proposals)
        .values({
          communityId: input.community.id,
          concernsId: input.concernsId,
          title: input.title,
          summary: input.summary,
          category: input.category,
          language: input.language,
          createdBy: input.actor.id,
          bodyHtml: html,
          bodyText: text,
          searchVector: searchVectorOf(input.title, input.summary, text, input.language),
        })
        .returning({ id: proposals.id });
      const proposalId = row!.id;
      await tx
        .insert(proposalAuthors)
        .values({ proposalId, userId: input.actor.id, acceptedAt: new Date() });
      await tx.insert(proposalFollowers).values({ proposalId, userId: input.actor.id });
      // The body starts as the stored state of its document: the editor opens exactly this.
      await tx.insert(collabSnapshots).values({ docName: docNameOf(proposalId), state, upToId: 0 });
      await audit({
        actorId: input.actor.id,
        action: "proposal.created",
        communityId: input.community.id,
        targetType: "proposal",
        targetId: String(proposalId),
        before: null,
        after: { title: input.title, category: input.category, status: "draft" },
      });
      return proposalId;
    },
  );
  return created.ok ? { ok: true, id: created.value } : created;
}

/** Whether the node a matter is raised about is a grid or building of the community. */
async function concernsBelow(db: Database, community: Community, concernsId: number) {
  const below = await subtreeIds(db, community.id);
  const [concerned] = await db
    .select({ level: communities.level })
    .from(communities)
    .where(eq(communities.id, concernsId));
  return (
    concerned !== undefined &&
    below.includes(concernsId) &&
    ["grid", "building"].includes(concerned.level)
  );
}
