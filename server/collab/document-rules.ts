import * as Y from "yjs";
import { FRAGMENT_NAME } from "../../app/domain/rich-text";
import { LIVE_CLOSE_CODES } from "../../app/lib/live-documents";

/**
 * What a live document may hold and how large it may grow. A client's update is checked before it is
 * applied: one that names a top-level shared type the document does not have, or that would take the
 * document past its size, is refused whole (nothing of it is applied, stored or broadcast).
 */

/** How a top-level shared type is used: as a sequence (text, XML, array) or as a map (keys). */
export type SharedTypeKind = "xmlFragment" | "text" | "array" | "map";

/** The top-level types of a document, by name. */
export type SharedTypes = Readonly<Record<string, SharedTypeKind>>;

/** The live editor's document: Tiptap's one XML fragment (app/components/editor/live-editor.client.tsx). */
export const EDITOR_SHARED_TYPES: SharedTypes = { [FRAGMENT_NAME]: "xmlFragment" };

/** The connection that sent a refused update is closed with one of these (the editor explains them). */
export const TOO_LARGE_CLOSE = {
  code: LIVE_CLOSE_CODES.tooLarge,
  reason: "document size limit reached",
} as const;
export const UNSUPPORTED_TYPE_CLOSE = {
  code: LIVE_CLOSE_CODES.unsupportedType,
  reason: "unsupported shared type",
} as const;

export type UpdateRefusal = typeof TOO_LARGE_CLOSE | typeof UNSUPPORTED_TYPE_CLOSE;

/**
 * Whether every top-level entry of the update is one the document has, used as its kind is (only a
 * map has keys). Entries that continue an existing one (they name a neighbour instead of a parent)
 * belong to that parent, which was checked when it arrived. Throws on a malformed update.
 */
export function usesOnlyTypes(update: Uint8Array, types: SharedTypes): boolean {
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item) || typeof struct.parent !== "string") continue;
    const kind = Object.hasOwn(types, struct.parent) ? types[struct.parent] : undefined;
    if (!kind || (kind === "map") !== (struct.parentSub !== null)) return false;
  }
  return true;
}

/**
 * The size of one document, as its state encoded as one update, bounded by `maxBytes`. Measuring it
 * costs as much as the document, so the guard keeps an estimate instead (the last measure plus every
 * update applied since, an upper bound in practice: deletions shrink a document) and measures only
 * when the estimate would cross the bound. Near the bound, an update is tried on a copy, so that
 * deleting text is still allowed when the document is full.
 */
export class SizeGuard {
  private estimate: number;

  constructor(
    private readonly doc: Y.Doc,
    private readonly maxBytes: number,
  ) {
    this.estimate = Y.encodeStateAsUpdate(doc).byteLength;
  }

  /** Counts an update applied to the document (from anywhere). */
  applied(update: Uint8Array): void {
    this.estimate += update.byteLength;
  }

  /** Whether the document stays within the bound once `update` is applied. */
  fits(update: Uint8Array): boolean {
    if (this.estimate + update.byteLength <= this.maxBytes) return true;
    const state = Y.encodeStateAsUpdate(this.doc);
    this.estimate = state.byteLength;
    if (this.estimate + update.byteLength <= this.maxBytes) return true;
    const probe = new Y.Doc({ gc: true });
    try {
      Y.applyUpdate(probe, state);
      Y.applyUpdate(probe, update);
      return Y.encodeStateAsUpdate(probe).byteLength <= this.maxBytes;
    } finally {
      probe.destroy();
    }
  }
}
