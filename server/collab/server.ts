import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { Logger } from "pino";
import { WebSocket, WebSocketServer } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import type { LiveDocuments } from "../../app/lib/live-documents";
import { AwarenessRejected, filterAwarenessUpdate, type AwarenessLimits } from "./awareness-filter";
import { BusMessage, channelFor, encodeBusMessage, localBus, type Bus } from "./bus";
import { EDITOR_SHARED_TYPES, type SharedTypes } from "./document-rules";
import type { DocumentStore } from "./persistence";
import { createRepeatLog } from "../repeat-log";
import { Room } from "./room";

export const COLLAB_PREFIX = "/collab/";
const MAX_PRESENCES_PER_CONNECTION = 4;

// The y-websocket protocol's message types.
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

/** Who may open a document, decided from the upgrade request (its session cookie) before accepting. */
export type Authorization =
  | { ok: true; access: "edit" | "read"; user: { id: string; name: string } }
  | { ok: false; status: 401 | 403 | 404 };

export interface CollabOptions {
  store: DocumentStore;
  logger: Logger;
  authorize: (req: IncomingMessage, docName: string) => Promise<Authorization>;
  /** The client's address for the per-address limit (default: the socket's peer). */
  clientIp?: (req: IncomingMessage) => string;
  limits?: Partial<CollabLimits>;
  /** Carries updates, presence and control messages to other instances (default: none). */
  bus?: Bus;
  /**
   * Called after edits to a document (made here: by a client of this instance or by `transact`), at
   * most once per `renderDelayMs`, once when a `transact` completes, and before the room unloads if
   * changes are waiting. Errors are logged; they never reach the socket path or delay broadcasts.
   */
  onDocumentChanged?: (docName: string, doc: Y.Doc) => Promise<void>;
  /**
   * The top-level shared types a client may write (default: the live editor's XML fragment); an
   * update that names any other is refused and its connection closed (4415).
   */
  sharedTypes?: SharedTypes;
}

export interface CollabLimits extends AwarenessLimits {
  /** Largest WebSocket message; a bigger one closes the connection (1009). */
  maxMessageBytes: number;
  /** A client that stops reading is cut off once this much is waiting to be sent to it. */
  maxBufferedBytes: number;
  /** Open connections from one address (a community hall's residents may share one address). */
  maxConnectionsPerIp: number;
  /** Open connections of one signed-in person, over all documents (tabs, devices). */
  maxConnectionsPerUser: number;
  /** A document's largest size (its state as one update); an edit beyond it is refused (4413). */
  maxDocumentBytes: number;
  /** An upgrade whose authorisation (a database query) takes longer is answered 503. */
  authorizeTimeoutMs: number;
  /** After an authorisation failed (the database is away), upgrades are answered 503 this long. */
  unavailableMs: number;
  /** Repeats of one log line from one address within this window are counted into one more line. */
  logWindowMs: number;
  /** Messages per second per connection (a burst of twice that is allowed). */
  maxMessagesPerSecond: number;
  heartbeatMs: number;
  flushDelayMs: number;
  compactAfter: number;
  presenceIntervalMs: number;
  /** An empty room is written and unloaded after this long. */
  idleUnloadMs: number;
  /** `onDocumentChanged` runs at most this often per document. */
  renderDelayMs: number;
}

const DEFAULT_LIMITS: CollabLimits = {
  maxMessageBytes: 2 * 1024 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxConnectionsPerIp: 300,
  maxConnectionsPerUser: 8,
  maxDocumentBytes: 2 * 1024 * 1024,
  authorizeTimeoutMs: 2_000,
  unavailableMs: 5_000,
  logWindowMs: 60_000,
  maxMessagesPerSecond: 200,
  heartbeatMs: 30_000,
  flushDelayMs: 100,
  compactAfter: 200,
  presenceIntervalMs: 60,
  idleUnloadMs: 30_000,
  renderDelayMs: 1_000,
  maxStateBytes: 4 * 1024,
  maxDepth: 6,
  maxEntries: 1_000,
};

/** Documents are named `<kind>:<id>`, e.g. `proposal:42` or `minutes:7`. */
const DOC_NAME = /^[a-z]+:[A-Za-z0-9_-]{1,64}$/;

function refuse(socket: Duplex, status: number, retryAfterSeconds?: number) {
  const reason =
    {
      400: "Bad Request",
      401: "Unauthorized",
      403: "Forbidden",
      404: "Not Found",
      429: "Too Many Requests",
      503: "Service Unavailable",
    }[status] ?? "Error";
  const retryAfter = retryAfterSeconds ? `Retry-After: ${retryAfterSeconds}\r\n` : "";
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n${retryAfter}Content-Length: 0\r\n\r\n`,
  );
}

/** The close code and reason that make clients reconnect and be authorised again. */
export const REAUTHORIZE_CLOSE = { code: 4001, reason: "access changed" } as const;

interface Connection {
  ws: WebSocket;
  room: Room;
  docName: string;
  /** The room's connections and awareness owners (as they were when this connection joined). */
  members: Set<Connection>;
  owners: Map<number, Connection>;
  access: "edit" | "read";
  user: { id: string; name: string };
  ip: string;
  /** Closed by the server: whatever it still sends is dropped, unread and unlogged. */
  closing: boolean;
  /** Frames that arrived after the server closed it: counted, logged once when the socket closes. */
  dropped: number;
  alive: boolean;
  tokens: number;
  lastRefill: number;
  ownedClients: Set<number>;
}

/**
 * The collaboration server: the standard y-websocket sync and awareness protocol on `/collab/<doc>`,
 * so the stock `WebsocketProvider` works unchanged. Authorised at the upgrade; read-only connections'
 * document updates are dropped; every bound is enforced per connection, and a bad connection is
 * closed alone. `documents` lets the app read and change documents (see app/lib/live-documents.ts);
 * with a shared bus, several instances serve the same documents.
 */
export function createCollabServer(options: CollabOptions) {
  // A limit given as undefined (an unset environment variable) keeps its default.
  const given = Object.entries(options.limits ?? {}).filter(([, value]) => value !== undefined);
  const limits: CollabLimits = { ...DEFAULT_LIMITS, ...Object.fromEntries(given) };
  const logger = options.logger;
  const repeated = createRepeatLog(logger, { windowMs: limits.logWindowMs });
  const bus = options.bus ?? localBus;
  const instanceId = randomUUID();
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  const rooms = new Map<string, Room>();
  const members = new Map<string, Set<Connection>>();
  const owners = new Map<string, Map<number, Connection>>();
  const unloadTimers = new Map<string, NodeJS.Timeout>();
  /** Rooms being written and closed; a new room of the same name loads after it. */
  const unloading = new Map<string, Promise<void>>();
  /** Server-side changes in progress per document (the room stays loaded meanwhile). */
  const busy = new Map<string, number>();
  const connectionsPerIp = new Counter();
  const connectionsPerUser = new Counter();
  /** Until then upgrades are answered 503 at once: authorising the last one failed. */
  let unavailableUntil = 0;
  /** Bumped by `reauthorize`: an upgrade authorised under an older epoch is refused. */
  const epochs = new Map<string, number>();
  /** No new connections (shutting down); `stopped`: no server changes either (closed). */
  let accepting = true;
  let stopped = false;

  function send(connection: Connection, message: Uint8Array) {
    const { ws } = connection;
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > limits.maxBufferedBytes) {
      repeated.log(
        "warn",
        `not-reading:${connection.ip}`,
        { doc: connection.docName, user: connection.user.id },
        "collab client is not reading; disconnecting",
      );
      connection.closing = true;
      ws.terminate();
      return;
    }
    ws.send(message, (error) => {
      if (error) ws.terminate();
    });
  }

  function roomFor(docName: string): Room {
    clearTimeout(unloadTimers.get(docName));
    unloadTimers.delete(docName);
    let room = rooms.get(docName);
    if (!room) {
      const encodeAs = (type: number) => (payload: Uint8Array) => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, type);
        if (type === MESSAGE_SYNC) syncProtocol.writeUpdate(encoder, payload);
        else encoding.writeVarUint8Array(encoder, payload);
        return encoding.toUint8Array(encoder);
      };
      const roomMembers = new Set<Connection>();
      const roomOwners = new Map<number, Connection>();
      const onChanged = options.onDocumentChanged;
      const created: Room = new Room({
        docName,
        store: options.store,
        logger,
        flushDelayMs: limits.flushDelayMs,
        compactAfter: limits.compactAfter,
        presenceIntervalMs: limits.presenceIntervalMs,
        renderDelayMs: limits.renderDelayMs,
        sharedTypes: options.sharedTypes ?? EDITOR_SHARED_TYPES,
        maxDocumentBytes: limits.maxDocumentBytes,
        onChanged: onChanged && ((doc) => onChanged(docName, doc)),
        encodeUpdate: encodeAs(MESSAGE_SYNC),
        encodeAwareness: encodeAs(MESSAGE_AWARENESS),
        broadcast: (message, except) => {
          for (const connection of roomMembers) {
            if (connection !== except) send(connection, message);
          }
        },
        bus,
        instanceId,
        isLocalClient: (clientId) => roomOwners.has(clientId),
        onReauthorize: () => closeForReauthorization(roomMembers),
        after: unloading.get(docName),
      });
      room = created;
      rooms.set(docName, created);
      members.set(docName, roomMembers);
      owners.set(docName, roomOwners);
      // A room that cannot load is dropped at once, so that the next attempt loads afresh.
      created.loaded.catch(() => {
        if (rooms.get(docName) === created) unload(docName, created);
      });
    }
    return room;
  }

  function unload(docName: string, room: Room) {
    clearTimeout(unloadTimers.get(docName));
    unloadTimers.delete(docName);
    rooms.delete(docName);
    members.delete(docName);
    owners.delete(docName);
    const closed: Promise<void> = room
      .close()
      .catch((error: unknown) => {
        logger.error({ err: error, doc: docName }, "could not close a collaborative document");
      })
      .finally(() => {
        if (unloading.get(docName) === closed) unloading.delete(docName);
      });
    unloading.set(docName, closed);
  }

  /** An unused room (no connection, no server change in progress) is written and unloaded later. */
  function scheduleUnload(docName: string) {
    if (!rooms.has(docName) || unloadTimers.has(docName) || stopped) return;
    if (members.get(docName)?.size || busy.get(docName)) return;
    unloadTimers.set(
      docName,
      setTimeout(() => {
        unloadTimers.delete(docName);
        const room = rooms.get(docName);
        if (!room || members.get(docName)?.size || busy.get(docName)) return;
        // Written first: a room whose edits cannot be stored yet (the database is away) stays
        // loaded, since no client is left to send them again.
        void room.flush().then(() => {
          if (rooms.get(docName) !== room || members.get(docName)?.size || busy.get(docName))
            return;
          if (room.unwritten > 0 && !stopped) {
            logger.warn({ doc: docName, updates: room.unwritten }, "keeping an unwritten room");
            scheduleUnload(docName);
            return;
          }
          unload(docName, room);
        });
      }, limits.idleUnloadMs).unref(),
    );
  }

  /** Closes a connection for what its client did: logged once per address and reason, counted. */
  function closeConnection(connection: Connection, code: number, reason: string) {
    if (connection.closing) return;
    connection.closing = true;
    repeated.log(
      "warn",
      `close:${code}:${reason}:${connection.ip}`,
      { doc: connection.docName, user: connection.user.id, code, reason },
      "closing a collab connection",
    );
    connection.ws.close(code, reason);
    // A peer that does not answer the close is cut off.
    setTimeout(() => connection.ws.terminate(), 2_000).unref();
  }

  function closeForReauthorization(connections: Iterable<Connection>) {
    for (const connection of connections) {
      // Nothing more it sends is applied, even frames already on their way.
      connection.access = "read";
      connection.closing = true;
      logger.info(
        { doc: connection.docName, user: connection.user.id },
        "access changed; the client reconnects",
      );
      connection.ws.close(REAUTHORIZE_CLOSE.code, REAUTHORIZE_CLOSE.reason);
      setTimeout(() => connection.ws.terminate(), 2_000).unref();
    }
  }

  function handleMessage(connection: Connection, data: Uint8Array) {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    const { room } = connection;
    switch (type) {
      case MESSAGE_SYNC: {
        const syncType = decoding.readVarUint(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          syncProtocol.readSyncStep1(decoder, encoder, room.doc);
          send(connection, encoding.toUint8Array(encoder));
          return;
        }
        // Read-only: answer its state vector, never take its changes (the client is not trusted).
        if (connection.access === "read") return;
        if (
          syncType !== syncProtocol.messageYjsSyncStep2 &&
          syncType !== syncProtocol.messageYjsUpdate
        )
          throw new Error(`unknown sync message type ${syncType}`);
        // Checked before it is applied: a refused update leaves no trace in the document.
        const refusal = room.applyClientUpdate(decoding.readVarUint8Array(decoder), connection);
        if (refusal) closeConnection(connection, refusal.code, refusal.reason);
        return;
      }
      case MESSAGE_AWARENESS: {
        const owned = connection.owners;
        const filtered = filterAwarenessUpdate(decoding.readVarUint8Array(decoder), {
          limits,
          displayName: connection.user.name,
          claim: (clientId, clock) => {
            const owner = owned.get(clientId);
            if (owner) return owner === connection;
            // A tab has one presence; a few allow for reloads. More would flood everyone's list.
            if (connection.ownedClients.size >= MAX_PRESENCES_PER_CONNECTION) return false;
            if (!room.mayClaim(clientId, clock)) return false;
            owned.set(clientId, connection);
            connection.ownedClients.add(clientId);
            return true;
          },
        });
        if (filtered) awarenessProtocol.applyAwarenessUpdate(room.awareness, filtered, connection);
        return;
      }
      case MESSAGE_QUERY_AWARENESS: {
        const states = [...room.awareness.getStates().keys()];
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(
          encoder,
          awarenessProtocol.encodeAwarenessUpdate(room.awareness, states),
        );
        send(connection, encoding.toUint8Array(encoder));
        return;
      }
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }

  function accept(
    ws: WebSocket,
    docName: string,
    auth: Extract<Authorization, { ok: true }>,
    ip: string,
    release: () => void,
  ) {
    const room = roomFor(docName);
    const connection: Connection = {
      ws,
      room,
      docName,
      members: members.get(docName)!,
      owners: owners.get(docName)!,
      access: auth.access,
      user: auth.user,
      ip,
      closing: false,
      dropped: 0,
      alive: true,
      tokens: limits.maxMessagesPerSecond * 2,
      lastRefill: Date.now(),
      ownedClients: new Set(),
    };
    connection.members.add(connection);
    // Messages that arrive before the stored state is loaded wait for it, so no client is told it is
    // synced with an empty document.
    let ready = false;
    const queue: Uint8Array[] = [];
    const process = (data: Uint8Array) => {
      // Closed meanwhile (e.g. an earlier message in the queue was refused): the rest is dropped.
      if (connection.closing) return;
      try {
        handleMessage(connection, data);
      } catch (error) {
        if (error instanceof AwarenessRejected) closeConnection(connection, 1008, error.message);
        else closeConnection(connection, 1002, "malformed message");
        logger.debug({ err: error }, "bad collab message");
      }
    };
    ws.on("message", (raw, isBinary) => {
      if (connection.closing) {
        connection.dropped += 1;
        return;
      }
      if (!isBinary) return closeConnection(connection, 1003, "text frames are not accepted");
      const now = Date.now();
      connection.tokens = Math.min(
        limits.maxMessagesPerSecond * 2,
        connection.tokens + ((now - connection.lastRefill) / 1000) * limits.maxMessagesPerSecond,
      );
      connection.lastRefill = now;
      if (connection.tokens < 1) return closeConnection(connection, 1008, "too many messages");
      connection.tokens -= 1;
      const data = Array.isArray(raw)
        ? new Uint8Array(Buffer.concat(raw))
        : new Uint8Array(raw as ArrayBuffer);
      if (ready) process(data);
      else queue.push(data);
    });
    ws.on("pong", () => {
      connection.alive = true;
    });
    ws.on("error", (error) =>
      repeated.log(
        "warn",
        `socket-error:${ip}`,
        { err: error, doc: docName },
        "collab socket error",
      ),
    );
    ws.on("close", () => {
      connection.closing = true;
      if (connection.dropped > 0)
        logger.info(
          { doc: docName, user: connection.user.id, dropped: connection.dropped },
          "frames dropped from a closing collab connection",
        );
      connection.members.delete(connection);
      for (const id of connection.ownedClients) connection.owners.delete(id);
      awarenessProtocol.removeAwarenessStates(room.awareness, [...connection.ownedClients], null);
      release();
      if (rooms.get(docName) === room) scheduleUnload(docName);
    });
    room.loaded.then(
      () => {
        ready = true;
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(encoder, room.doc);
        send(connection, encoding.toUint8Array(encoder));
        const states = [...room.awareness.getStates().keys()];
        if (states.length > 0) {
          const awarenessEncoder = encoding.createEncoder();
          encoding.writeVarUint(awarenessEncoder, MESSAGE_AWARENESS);
          encoding.writeVarUint8Array(
            awarenessEncoder,
            awarenessProtocol.encodeAwarenessUpdate(room.awareness, states),
          );
          send(connection, encoding.toUint8Array(awarenessEncoder));
        }
        for (const data of queue.splice(0)) process(data);
      },
      (error: unknown) => {
        repeated.log(
          "error",
          `load:${docName}`,
          { err: error, doc: docName },
          "could not load a collaborative document",
        );
        closeConnection(connection, 1011, "could not load the document");
      },
    );
  }

  const heartbeat = setInterval(() => {
    for (const set of members.values()) {
      for (const connection of set) {
        if (!connection.alive) {
          connection.ws.terminate();
          continue;
        }
        connection.alive = false;
        connection.ws.ping();
      }
    }
  }, limits.heartbeatMs);
  heartbeat.unref();

  /**
   * Refuses new connections and closes the open ones (1001; clients reconnect, to another instance
   * if there is one). First thing at shutdown: an open WebSocket keeps the HTTP server from closing.
   * Rooms stay loaded for requests still running (`documents`) until `close`.
   */
  function disconnect() {
    accepting = false;
    for (const set of members.values()) {
      for (const connection of set) {
        connection.ws.close(1001, "server shutting down");
        setTimeout(() => connection.ws.terminate(), 2_000).unref();
      }
    }
  }

  const documents: LiveDocuments = {
    async state(docName) {
      const room = rooms.get(docName);
      if (room) {
        try {
          await room.loaded;
          return Y.encodeStateAsUpdate(room.doc);
        } catch {
          // Not loadable here: fall back to the store (which says why, if it fails again).
        }
      }
      // A room being unloaded is still writing its last edits.
      await unloading.get(docName);
      return (await options.store.load(docName)) ?? Y.encodeStateAsUpdate(new Y.Doc());
    },
    async transact(docName, change) {
      if (!DOC_NAME.test(docName)) throw new Error(`not a document name: ${docName}`);
      if (stopped) throw new Error("the collaboration server is stopped");
      busy.set(docName, (busy.get(docName) ?? 0) + 1);
      try {
        await roomFor(docName).transact(change);
      } finally {
        const left = (busy.get(docName) ?? 1) - 1;
        if (left > 0) busy.set(docName, left);
        else busy.delete(docName);
        scheduleUnload(docName);
      }
    },
    reauthorize(docName) {
      epochs.set(docName, (epochs.get(docName) ?? 0) + 1);
      const local = members.get(docName);
      if (local) closeForReauthorization([...local]);
      bus.publish(channelFor(docName), encodeBusMessage(BusMessage.reauthorize, instanceId));
    },
  };

  return {
    /** Handles an upgrade on `/collab/...`; returns false for any other path (not ours). */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      if (!path.startsWith(COLLAB_PREFIX)) return false;
      socket.on("error", () => socket.destroy());
      if (!accepting) {
        refuse(socket, 503);
        return true;
      }
      let docName: string;
      try {
        docName = decodeURIComponent(path.slice(COLLAB_PREFIX.length));
      } catch {
        refuse(socket, 400);
        return true;
      }
      if (!DOC_NAME.test(docName)) {
        refuse(socket, 404);
        return true;
      }
      // The database was away a moment ago: answer at once rather than pile up waiting upgrades.
      const waitMs = unavailableUntil - Date.now();
      if (waitMs > 0) {
        refuse(socket, 503, Math.ceil(waitMs / 1000));
        return true;
      }
      const ip = options.clientIp?.(req) ?? req.socket.remoteAddress ?? "unknown";
      if (connectionsPerIp.get(ip) >= limits.maxConnectionsPerIp) {
        repeated.log(
          "info",
          `ip-cap:${ip}`,
          { doc: docName },
          "too many collab connections from one address",
        );
        refuse(socket, 429);
        return true;
      }
      connectionsPerIp.add(ip);
      let user: string | undefined;
      let released = false;
      let accepted = false;
      const release = () => {
        if (released) return;
        released = true;
        connectionsPerIp.remove(ip);
        if (user !== undefined) connectionsPerUser.remove(user);
      };
      // A handshake that never completes (the client left, or `ws` aborted it) gives its slot back.
      socket.once("close", () => {
        if (!accepted) release();
      });
      const epoch = epochs.get(docName) ?? 0;
      withTimeout(options.authorize(req, docName), limits.authorizeTimeoutMs).then(
        (auth) => {
          // The client left while it was being authorised (its slots are already given back).
          if (released) return;
          if (!auth.ok) {
            release();
            refuse(socket, auth.status);
            return;
          }
          // Access changed while this upgrade was being authorised: the client retries, afresh.
          if ((epochs.get(docName) ?? 0) !== epoch) {
            release();
            refuse(socket, 503);
            return;
          }
          if (connectionsPerUser.get(auth.user.id) >= limits.maxConnectionsPerUser) {
            repeated.log(
              "info",
              `user-cap:${auth.user.id}`,
              { doc: docName, user: auth.user.id },
              "too many collab connections for one person",
            );
            release();
            refuse(socket, 429);
            return;
          }
          user = auth.user.id;
          connectionsPerUser.add(user);
          wss.handleUpgrade(req, socket, head, (ws) => {
            accepted = true;
            accept(ws, docName, auth, ip, release);
          });
        },
        (error: unknown) => {
          release();
          unavailableUntil = Date.now() + limits.unavailableMs;
          repeated.log(
            "error",
            "authorize-failed",
            { err: error },
            "collab authorisation failed; upgrades are answered 503 for a while",
          );
          refuse(socket, 503, Math.ceil(limits.unavailableMs / 1000));
        },
      );
      return true;
    },
    /** Reading, changing and re-authorising documents from the app (the load context's `documents`). */
    documents,
    /** This instance's id on the bus. */
    instanceId,
    /** For tests and diagnostics. */
    rooms,
    /** Refuses new connections and closes the open ones (the first step of a shutdown). */
    disconnect,
    /** Closes every connection, then writes, renders and unloads every room (graceful shutdown). */
    async close() {
      disconnect();
      stopped = true;
      clearInterval(heartbeat);
      for (const timer of unloadTimers.values()) clearTimeout(timer);
      unloadTimers.clear();
      for (const [docName, room] of [...rooms]) unload(docName, room);
      await Promise.all([...unloading.values()]);
      wss.close();
      repeated.flush();
    },
  };
}

export type CollabServer = ReturnType<typeof createCollabServer>;

/** Open connections per key (an address, a person). */
class Counter {
  private readonly counts = new Map<string, number>();
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  add(key: string): void {
    this.counts.set(key, this.get(key) + 1);
  }
  remove(key: string): void {
    const left = this.get(key) - 1;
    if (left > 0) this.counts.set(key, left);
    else this.counts.delete(key);
  }
}

/** Rejects if `promise` has not settled within `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
