import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { Bus } from "../../server/collab/bus";
import type { SharedTypes } from "../../server/collab/document-rules";
import type { DocumentStore } from "../../server/collab/persistence";
import {
  createCollabServer,
  type Authorization,
  type CollabLimits,
} from "../../server/collab/server";
import { routeUpgrades } from "../../server/collab/upgrade";
import { silentLogger } from "./http-server";

// Every stock provider adds an exit listener in Node; a test file makes more than ten.
process.setMaxListeners(100);

/** Who is asking comes from `?as=`: readers (`?as=reader-…`) get read-only access, others edit. */
export function testAuthorize(req: IncomingMessage, docName: string): Promise<Authorization> {
  const as = new URL(req.url ?? "/", "http://x").searchParams.get("as");
  if (!docName.startsWith("doc:")) return Promise.resolve({ ok: false, status: 404 });
  if (!as) return Promise.resolve({ ok: false, status: 401 });
  const access = as.startsWith("reader") ? "read" : "edit";
  return Promise.resolve({ ok: true, access, user: { id: as, name: `${as} (from the session)` } });
}

/** The test documents' one top-level type: the text `body` (the editor's is an XML fragment). */
export const TEST_SHARED_TYPES: SharedTypes = { body: "text" };

/** A collaboration server on its own HTTP server on port 0. */
export async function startCollab(options: {
  store: DocumentStore;
  limits?: Partial<CollabLimits>;
  bus?: Bus;
  logger?: Logger;
  authorize?: (req: IncomingMessage, docName: string) => Promise<Authorization>;
  onDocumentChanged?: (docName: string, doc: Y.Doc) => Promise<void>;
  sharedTypes?: SharedTypes;
}) {
  const collab = createCollabServer({
    store: options.store,
    logger: options.logger ?? silentLogger,
    authorize: options.authorize ?? testAuthorize,
    bus: options.bus,
    onDocumentChanged: options.onDocumentChanged,
    sharedTypes: options.sharedTypes ?? TEST_SHARED_TYPES,
    limits: { flushDelayMs: 30, idleUnloadMs: 60_000, ...options.limits },
  });
  const server: Server = createServer((_req, res) => res.end());
  routeUpgrades(server, collab);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    collab,
    url: `ws://127.0.0.1:${port}/collab`,
    close() {
      closed ??= (async () => {
        await collab.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closed;
    },
  };
}

export type TestClient = ReturnType<typeof connectClient>;

/** A stock y-websocket client on `url` (…/collab) for `room`, signed in as `as`. */
export function connectClient(
  url: string,
  room: string,
  as: string | null,
  options: { maxBackoffTime?: number } = {},
) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: as ? { as } : {},
    disableBc: true,
    maxBackoffTime: options.maxBackoffTime ?? 2_500,
  });
  const synced = new Promise<void>((resolve) =>
    provider.once("sync", (isSynced: boolean) => isSynced && resolve()),
  );
  return {
    doc,
    provider,
    synced,
    text: doc.getText("body"),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The text of `body` in a stored or live state. */
export function textOf(state: Uint8Array | null): string {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  const text = doc.getText("body").toJSON();
  doc.destroy();
  return text;
}
