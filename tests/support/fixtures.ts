import * as Y from "yjs";
import type { Database } from "../../db/client";
import type { Actor } from "~/domain/policy";
import type { ContentLanguage, ProposalCategory } from "~/domain/proposals";
import { textToDocumentUpdate } from "~/domain/rich-text";
import type { LiveDocuments } from "~/lib/live-documents";
import { loadActor } from "~/services/actors.server";
import { communityResource, findCommunityBySlug } from "~/services/communities.server";
import { createProposal } from "~/services/proposals/index.server";

/**
 * The person as the permission policy sees them, read the way every request reads them (`loadActor`):
 * their active role grants only, so a revoked role does not count here either.
 */
export function actorFor(db: Database, id: string, emailVerified = true): Promise<Actor> {
  return loadActor(db, { id, emailVerified });
}

/**
 * Live documents as in-memory Y.Docs: `state` encodes one, `transact` changes it, and `reauthorize`
 * records which documents were asked to reconnect. `initial` gives some documents a starting text.
 */
export function fakeDocuments(initial: Record<string, string> = {}) {
  const docs = new Map<string, Y.Doc>();
  const reauthorized: string[] = [];
  const docOf = (name: string) => {
    let doc = docs.get(name);
    if (!doc) {
      doc = new Y.Doc();
      const text = initial[name];
      if (text !== undefined) Y.applyUpdate(doc, textToDocumentUpdate(text));
      docs.set(name, doc);
    }
    return doc;
  };
  const documents: LiveDocuments = {
    state: (name) => Promise.resolve(Y.encodeStateAsUpdate(docOf(name))),
    transact: (name, change) => Promise.resolve(change(docOf(name))),
    reauthorize: (name) => void reauthorized.push(name),
  };
  return { documents, reauthorized, docOf };
}

/**
 * Raises a draft through the proposals service, as `by` (a user id, read with `actorFor`, or an actor
 * built by the test) in the community `slug` (Chunhui unless said). Returns what `createProposal`
 * returns, refusals included.
 */
export async function raiseProposal(
  db: Database,
  by: string | Actor,
  input: {
    slug?: string;
    title?: string;
    summary?: string;
    category?: ProposalCategory;
    language?: ContentLanguage;
    concernsId?: number | null;
    body?: string;
  } = {},
) {
  const community = await findCommunityBySlug(db, input.slug ?? "chunhui");
  if (!community) throw new Error(`no community ${input.slug}`);
  return createProposal(db, {
    community,
    resource: await communityResource(db, community),
    actor: typeof by === "string" ? await actorFor(db, by) : by,
    title: input.title ?? "小区加装电梯的方案",
    summary: input.summary ?? "七层老楼没有电梯，老人上下楼困难。",
    category: input.category ?? "facilities",
    language: input.language ?? "zh-Hans",
    concernsId: input.concernsId ?? null,
    body: input.body ?? "## 方案\n- 加装一部电梯\n- 费用按楼层分摊",
  });
}

/** Retries `check` until it passes or `timeoutMs` is over (then throws its last error). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5_000) {
  const start = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
