/**
 * A proposal's text as pages and search see it: the title, summary and category its authors change,
 * and the sanitised rendering and search vector of its live document, kept on the row so that pages
 * and search never load the editor.
 *
 * Writes `proposals` (title, summary, category, body_html, body_text, search_vector); audits.
 */
import { eq, sql } from "drizzle-orm";
import type * as Y from "yjs";
import type { Database } from "../../../db/client";
import { proposals } from "../../../db/schema";
import { mayEditText, type Actor } from "~/domain/policy";
import type { ProposalCategory } from "~/domain/proposals";
import { renderRichText } from "~/domain/rich-text";
import { searchTokens } from "~/domain/search";
import { commitAct, type ActOutcome } from "../acts.server";
import { convertScript } from "../script.server";
import type { ProposalRecord } from "./record.server";

/**
 * What search indexes: the title, summary and text, and the same converted to the other Chinese script,
 * so that a reader finds a matter whichever script either of them writes in.
 */
export function searchDocument(
  title: string,
  summary: string,
  text: string,
  language: string,
): string {
  const original = `${title}\n${summary}\n${text}`;
  const other = language === "zh-Hans" ? "zh-Hant" : language === "zh-Hant" ? "zh-Hans" : null;
  const converted = other
    ? convertScript(original, language as "zh-Hans" | "zh-Hant", other)
    : null;
  return searchTokens(converted && converted !== original ? `${original}\n${converted}` : original);
}

/** The SQL that sets a row's search vector to these texts. */
export const searchVectorOf = (title: string, summary: string, text: string, language: string) =>
  sql`to_tsvector('simple', ${searchDocument(title, summary, text, language)})`;

/**
 * Stores the sanitised HTML, plain text and search vector of the document `proposal:<id>`. Called by
 * the collaboration server when it saves what authorised editors typed: no actor of its own.
 */
export async function storeRenderedBody(
  db: Database,
  proposalId: number,
  doc: Y.Doc,
): Promise<void> {
  const { html, text } = renderRichText(doc.getXmlFragment("default"));
  await db.transaction(async (tx) => {
    // Locked, so that a title changed meanwhile is not indexed with an older one.
    const [row] = await tx
      .select({
        title: proposals.title,
        summary: proposals.summary,
        html: proposals.bodyHtml,
        language: proposals.language,
      })
      .from(proposals)
      .where(eq(proposals.id, proposalId))
      .for("update");
    if (!row || row.html === html) return;
    await tx
      .update(proposals)
      .set({
        bodyHtml: html,
        bodyText: text,
        searchVector: searchVectorOf(row.title, row.summary, text, row.language),
        updatedAt: new Date(),
      })
      .where(eq(proposals.id, proposalId));
  });
}

/** Authors change the title, summary and category while the text is editable. */
export async function updateProposalDetails(
  db: Database,
  record: ProposalRecord,
  actor: Actor,
  details: { title: string; summary: string; category: ProposalCategory },
): Promise<ActOutcome<void, "notAllowed">> {
  if (!mayEditText(actor, record.context)) return { ok: false, reason: "notAllowed" };
  return commitAct(db, undefined, async ({ tx, audit }) => {
    // The body text as it is now (co-authors may be typing), not as the page saw it.
    const [current] = await tx
      .select({
        title: proposals.title,
        summary: proposals.summary,
        category: proposals.category,
        bodyText: proposals.bodyText,
      })
      .from(proposals)
      .where(eq(proposals.id, record.context.id))
      .for("update");
    if (!current) return;
    await tx
      .update(proposals)
      .set({
        ...details,
        searchVector: searchVectorOf(
          details.title,
          details.summary,
          current.bodyText,
          record.row.language,
        ),
        updatedAt: new Date(),
      })
      .where(eq(proposals.id, record.context.id));
    await audit({
      actorId: actor.id,
      action: "proposal.detailsChanged",
      communityId: record.context.communityId,
      targetType: "proposal",
      targetId: String(record.context.id),
      before: { title: current.title, summary: current.summary, category: current.category },
      after: details,
    });
  });
}
