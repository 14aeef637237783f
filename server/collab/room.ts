import type { Logger } from "pino";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { selectAwarenessEntries } from "./awareness-filter";
import {
  BusMessage,
  channelFor,
  decodeBusMessage,
  encodeBusMessage,
  type Bus,
  type BusMessageType,
  type Subscription,
} from "./bus";
import {
  SizeGuard,
  TOO_LARGE_CLOSE,
  UNSUPPORTED_TYPE_CLOSE,
  usesOnlyTypes,
  type SharedTypes,
  type UpdateRefusal,
} from "./document-rules";
import type { DocumentStore } from "./persistence";

/** Transaction origins of changes that do not come from a connection of this instance. */
export const LOAD_ORIGIN = Symbol("load");
export const BUS_ORIGIN = Symbol("bus");
export const SERVER_ORIGIN = Symbol("server");

export interface RoomOptions {
  docName: string;
  store: DocumentStore;
  logger: Logger;
  /** How long updates wait before they are written (group commit). */
  flushDelayMs: number;
  /** Compact the log into the snapshot once it has this many rows. */
  compactAfter: number;
  /** How often coalesced presence goes out to the room (and to the bus). */
  presenceIntervalMs: number;
  /** Sends one encoded message to every connection of the room. */
  broadcast: (message: Uint8Array, except?: unknown) => void;
  /** Encodes a document update or an awareness update as a y-websocket message. */
  encodeUpdate: (update: Uint8Array) => Uint8Array;
  encodeAwareness: (update: Uint8Array) => Uint8Array;
  /** The other instances; `instanceId` marks this one's messages so that it ignores them. */
  bus: Bus;
  instanceId: string;
  /** Whether a connection of this instance owns the awareness client id. */
  isLocalClient: (clientId: number) => boolean;
  /** Another instance asked for every connection to the document to be authorised again. */
  onReauthorize: () => void;
  /** Loading waits for this (the previous room of the same name is still writing). */
  after?: Promise<void>;
  /** Called at most once per `renderDelayMs` after changes, and before the room closes. */
  onChanged?: (doc: Y.Doc) => Promise<void>;
  renderDelayMs: number;
  /** The top-level types clients may write, and the document's largest size (document-rules.ts). */
  sharedTypes: SharedTypes;
  maxDocumentBytes: number;
}

/** A presence renewal that changes nothing still goes out now and then, or others time it out. */
const RENEWAL_FORWARD_MS = 15_000;
const WRITE_RETRIES = 5;
/** After a batch failed all its retries, the next attempt comes this much later. */
const RETRY_LATER_MS = 5_000;
/** Messages from the bus kept while the room loads; beyond this the room resynchronises instead. */
const MAX_QUEUED_BUS_MESSAGES = 10_000;

/**
 * One collaborative document in memory: the Y.Doc, its presence, the write-behind log, the debounced
 * render hook and the room's side of the bus. Updates are broadcast at once and written in batches at
 * most `flushDelayMs` later; the broadcast never waits on the database, on the bus or on rendering.
 *
 * Origins: a connection (an edit by a client here: broadcast, published, persisted, rendered),
 * `SERVER_ORIGIN` (the same), `BUS_ORIGIN` (an edit received by another instance: broadcast only; that
 * instance persists and renders it), `LOAD_ORIGIN` (the stored state: nothing).
 */
export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly loaded: Promise<void>;
  private readonly size: SizeGuard;
  private readonly channel: string;
  private readonly subscription: Subscription;
  private readonly stopReconnect: (() => void) | undefined;
  /** Bus messages that arrived before the stored state; null once loaded. */
  private busQueue: Uint8Array[] | null = [];
  private busOverflow = false;
  /** Awareness client ids whose state came from another instance. */
  private readonly remoteClients = new Set<number>();
  private appliedFromBus = false;
  private pending: Uint8Array[] = [];
  /** Updates ever queued for writing, and how many of them are written (in order). */
  private queued = 0;
  private written = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirtyPresence = new Set<number>();
  private dirtyBusPresence = new Set<number>();
  private lastForwarded = new Map<number, { json: string; at: number }>();
  private presenceTimer: NodeJS.Timeout;
  private renderPending = false;
  private renderTimer: NodeJS.Timeout | undefined;
  private rendering: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;

  constructor(private readonly options: RoomOptions) {
    // The server holds no presence of its own.
    this.awareness.setLocalState(null);
    this.size = new SizeGuard(this.doc, options.maxDocumentBytes);
    this.channel = channelFor(options.docName);
    this.subscription = options.bus.subscribe(this.channel, (message) =>
      this.receiveFromBus(message),
    );
    this.stopReconnect = options.bus.onReconnect?.(() => this.requestSync());
    this.loaded = this.load();
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      this.size.applied(update);
      if (origin === LOAD_ORIGIN) return;
      options.broadcast(options.encodeUpdate(update), origin);
      if (origin === BUS_ORIGIN) {
        this.appliedFromBus = true;
        return;
      }
      this.publish(BusMessage.update, update);
      this.pending.push(update);
      this.queued++;
      this.flushTimer ??= setTimeout(() => void this.flush(), options.flushDelayMs);
      this.scheduleRender();
    });
    this.awareness.on(
      "update",
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        const now = Date.now();
        for (const id of [...added, ...removed]) this.dirtyPresence.add(id);
        for (const id of updated) {
          const json = JSON.stringify(this.awareness.getStates().get(id) ?? null);
          const last = this.lastForwarded.get(id);
          if (!last || last.json !== json || now - last.at > RENEWAL_FORWARD_MS)
            this.dirtyPresence.add(id);
        }
        // Our own clients' presence goes to the other instances, renewals included (they time
        // states out on their own clock).
        for (const id of [...added, ...updated, ...removed])
          if (!this.remoteClients.has(id)) this.dirtyBusPresence.add(id);
      },
    );
    this.presenceTimer = setInterval(() => this.sendPresence(), options.presenceIntervalMs);
    this.presenceTimer.unref();
  }

  private async load() {
    const { docName, logger } = this.options;
    await this.options.after?.catch(() => {});
    try {
      await this.subscription.ready;
    } catch (error) {
      logger.warn({ err: error, doc: docName }, "collab bus not subscribed; loading anyway");
    }
    try {
      const state = await this.options.store.load(docName);
      if (state) Y.applyUpdate(this.doc, state, LOAD_ORIGIN);
    } catch (error) {
      this.busQueue = [];
      throw error;
    }
    const queue = this.busQueue ?? [];
    this.busQueue = null;
    for (const message of queue) this.handleBusMessage(message);
    // Whatever other instances hold and have not written yet (or whatever we missed) comes back.
    this.requestSync();
  }

  private publish(type: BusMessageType, payload?: Uint8Array) {
    try {
      this.options.bus.publish(
        this.channel,
        encodeBusMessage(type, this.options.instanceId, payload),
      );
    } catch (error) {
      this.options.logger.warn({ err: error, doc: this.options.docName }, "collab bus failed");
    }
  }

  /** Asks the other instances for what this one lacks (after loading, or after the bus reconnects). */
  requestSync(): void {
    if (this.closing || this.busQueue) return;
    this.publish(BusMessage.syncRequest, Y.encodeStateVector(this.doc));
  }

  private receiveFromBus(message: Uint8Array) {
    if (this.closing) return;
    if (this.busQueue) {
      if (this.busQueue.length < MAX_QUEUED_BUS_MESSAGES) this.busQueue.push(message);
      else this.busOverflow = true;
      return;
    }
    this.handleBusMessage(message);
  }

  private handleBusMessage(message: Uint8Array) {
    try {
      const { type, instanceId, payload } = decodeBusMessage(message);
      if (instanceId === this.options.instanceId) return;
      switch (type) {
        case BusMessage.update:
          Y.applyUpdate(this.doc, payload, BUS_ORIGIN);
          return;
        case BusMessage.awareness: {
          // Entries for ids a connection here owns are ours to decide.
          const selected = selectAwarenessEntries(payload, (id) => !this.options.isLocalClient(id));
          if (!selected) return;
          for (const id of selected.clientIds) this.remoteClients.add(id);
          awarenessProtocol.applyAwarenessUpdate(this.awareness, selected.update, BUS_ORIGIN);
          return;
        }
        case BusMessage.reauthorize:
          this.options.onReauthorize();
          return;
        case BusMessage.syncRequest: {
          this.publish(BusMessage.update, Y.encodeStateAsUpdate(this.doc, payload));
          const local = [...this.awareness.getStates().keys()].filter(
            (id) => !this.remoteClients.has(id),
          );
          if (local.length > 0)
            this.publish(
              BusMessage.awareness,
              awarenessProtocol.encodeAwarenessUpdate(this.awareness, local),
            );
          // The asker holds edits this instance lacks (each kept serving its own clients while
          // the bus was away): ask back. It then lacks nothing of ours, so it does not ask again.
          if (this.lacksAnyOf(payload)) this.requestSync();
          return;
        }
        default:
          return;
      }
    } catch (error) {
      this.options.logger.warn(
        { err: error, doc: this.options.docName },
        "ignoring a malformed collab bus message",
      );
    } finally {
      if (this.busOverflow) {
        this.busOverflow = false;
        this.requestSync();
      }
    }
  }

  /** Whether the state vector names edits this document does not have. */
  private lacksAnyOf(stateVector: Uint8Array): boolean {
    for (const [client, clock] of Y.decodeStateVector(stateVector))
      if (clock > Y.getState(this.doc.store, client)) return true;
    return false;
  }

  /**
   * Applies a client's update (`origin`: its connection) unless the document's rules refuse it; a
   * refused update is not applied at all. Edits from other instances and from the server are not
   * checked here: they were checked where they came in. Throws on a malformed update.
   */
  applyClientUpdate(update: Uint8Array, origin: unknown): UpdateRefusal | null {
    if (!usesOnlyTypes(update, this.options.sharedTypes)) return UNSUPPORTED_TYPE_CLOSE;
    if (!this.size.fits(update)) return TOO_LARGE_CLOSE;
    Y.applyUpdate(this.doc, update, origin);
    return null;
  }

  /**
   * Whether a connection here may take ownership of an awareness client id. Ids seen from other
   * instances are theirs, and the stock client echoes them back to us: only a newer clock than the one
   * we know (the client really moved here) claims one.
   */
  mayClaim(clientId: number, clock: number): boolean {
    if (!this.remoteClients.has(clientId)) return true;
    if (clock <= (this.awareness.meta.get(clientId)?.clock ?? 0)) return false;
    this.remoteClients.delete(clientId);
    return true;
  }

  /** One message for all presence changes since the last one (quadratic echo storms stop here). */
  private sendPresence() {
    if (this.dirtyBusPresence.size > 0) {
      const ids = [...this.dirtyBusPresence].filter((id) => this.awareness.meta.has(id));
      this.dirtyBusPresence.clear();
      if (ids.length > 0)
        this.publish(
          BusMessage.awareness,
          awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids),
        );
    }
    if (this.dirtyPresence.size === 0) return;
    const ids = [...this.dirtyPresence];
    this.dirtyPresence.clear();
    const now = Date.now();
    for (const id of ids) {
      this.lastForwarded.set(id, {
        json: JSON.stringify(this.awareness.getStates().get(id) ?? null),
        at: now,
      });
    }
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
    this.options.broadcast(this.options.encodeAwareness(update));
  }

  /** Writes what is pending (one batch, one row); failed writes are retried, never dropped. */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.writing = this.writing.then(() => this.writeBatch());
    return this.writing;
  }

  /** Edits not yet stored (a failed write keeps them here until a later one succeeds). */
  get unwritten(): number {
    return this.pending.length;
  }

  /** Never rejects: a failure is logged and the batch stays pending. */
  private async writeBatch(): Promise<void> {
    const { store, docName, logger } = this.options;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await store.append(docName, batch);
        this.written += batch.length;
        break;
      } catch (error) {
        logger.error(
          { err: error, doc: docName, attempt },
          "could not write collaborative updates",
        );
        if (attempt >= WRITE_RETRIES) {
          // Keep them for the next flush rather than lose them.
          this.pending.unshift(...batch);
          if (!this.closing)
            this.flushTimer ??= setTimeout(() => void this.flush(), RETRY_LATER_MS);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
    try {
      if ((await store.logLength(docName)) >= this.options.compactAfter)
        await store.compact(docName);
    } catch (error) {
      logger.warn({ err: error, doc: docName }, "compaction failed; will retry");
    }
  }

  private scheduleRender() {
    if (!this.options.onChanged) return;
    this.renderPending = true;
    this.renderTimer ??= setTimeout(() => void this.render(), this.options.renderDelayMs);
  }

  /** Runs the render hook now if changes are waiting for it (one run at a time; errors are logged). */
  render(): Promise<void> {
    clearTimeout(this.renderTimer);
    this.renderTimer = undefined;
    this.rendering = this.rendering.then(async () => {
      if (!this.renderPending || !this.options.onChanged) return;
      this.renderPending = false;
      try {
        await this.options.onChanged(this.doc);
      } catch (error) {
        this.options.logger.error(
          { err: error, doc: this.options.docName },
          "rendering a collaborative document failed",
        );
      }
    });
    return this.rendering;
  }

  /**
   * Applies a change made by the server: broadcast, published and persisted like any edit. Resolves
   * once it is written and rendered; rejects if the change throws or cannot be written.
   */
  async transact(change: (doc: Y.Doc) => void): Promise<void> {
    await this.loaded;
    if (this.closing) throw new Error(`the room ${this.options.docName} is closing`);
    this.doc.transact(() => change(this.doc), SERVER_ORIGIN);
    const target = this.queued;
    await this.flush();
    if (this.written < target)
      throw new Error(`could not store the change to ${this.options.docName} (will retry)`);
    await this.render();
  }

  /**
   * Edits that reached us only through the bus are written by the instance that received them; if it
   * died before writing, we may hold the only copy (its clients resync with us, and we already have
   * their updates, so nothing new is written). Before forgetting the document, write what the store
   * lacks. Rare, and harmless if duplicated (Yjs ignores what it already has).
   */
  private async writeWhatTheStoreLacks() {
    if (!this.appliedFromBus) return;
    const { store, docName, logger } = this.options;
    try {
      const copy = new Y.Doc({ gc: true });
      const stored = await store.load(docName);
      if (stored) Y.applyUpdate(copy, stored);
      let missing: Uint8Array | undefined;
      copy.on("update", (update: Uint8Array) => {
        missing = update;
      });
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(copy)));
      copy.destroy();
      if (missing) {
        await store.append(docName, [missing]);
        logger.info({ doc: docName }, "wrote edits another instance had not written");
      }
    } catch (error) {
      logger.error({ err: error, doc: docName }, "could not check the stored document");
    }
  }

  /** Writes everything, renders, and stops (the room is idle, or the server is stopping). */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown() {
    clearInterval(this.presenceTimer);
    this.subscription.unsubscribe();
    this.stopReconnect?.();
    await this.loaded.catch(() => {});
    await this.flush();
    clearTimeout(this.flushTimer);
    if (this.pending.length > 0)
      this.options.logger.error(
        { doc: this.options.docName, updates: this.pending.length },
        "collaborative updates could not be written before closing",
      );
    await this.writeWhatTheStoreLacks();
    await this.render();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
