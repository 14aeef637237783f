import type * as Y from "yjs";

/**
 * What the pages may do with collaborative documents while people edit them (the collaboration server
 * implements it; several instances share the database and the bus).
 */
export interface LiveDocuments {
  /** The document's whole current state: the live copy when it is open here, else what is stored. */
  state(docName: string): Promise<Uint8Array>;
  /**
   * Changes the document as an edit made by the server (loading it if nobody has it open): it is
   * broadcast to everyone present and persisted like any other edit. History is never rewritten.
   */
  transact(docName: string, change: (doc: Y.Doc) => void): Promise<void>;
  /**
   * Closes every open connection to the document so that clients reconnect and are authorised again
   * (after a status change freezes the text, or authors change).
   */
  reauthorize(docName: string): void;
}

/**
 * Close codes of the collaboration server that the editor explains. Codes 4400–4499 tell the stock
 * client not to reconnect: the same update would be refused again.
 */
export const LIVE_CLOSE_CODES = {
  /** The edit would take the document past its size limit; nothing of it was applied. */
  tooLarge: 4413,
  /** The edit named a shared type the document does not have (not something the editor does). */
  unsupportedType: 4415,
} as const;
