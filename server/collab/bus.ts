import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/** A subscription to one channel: `ready` settles once messages on it are being delivered. */
export interface Subscription {
  ready: Promise<void>;
  unsubscribe(): void;
}

/**
 * The seam for fan-out between app instances. In one process it does nothing beyond the process;
 * with several instances, Redis (redis-bus.ts) carries document updates, presence and control
 * messages between them on one channel per document (`collab:<docName>`). Each instance applies what
 * the others publish, and only the instance that received an update from its own client persists it.
 */
export interface Bus {
  publish(channel: string, message: Uint8Array): void;
  subscribe(channel: string, handler: (message: Uint8Array) => void): Subscription;
  /**
   * Registers a listener for "messages may have been lost" (the bus reconnected): rooms then ask the
   * other instances for what they missed. Optional: a bus that never loses messages has none.
   */
  onReconnect?(listener: () => void): () => void;
}

/** The single-instance bus: nothing to carry anywhere. */
export const localBus: Bus = {
  publish: () => {},
  subscribe: () => ({ ready: Promise.resolve(), unsubscribe: () => {} }),
};

export const channelFor = (docName: string) => `collab:${docName}`;

/** What instances tell each other about a document. */
export const BusMessage = {
  /** A Yjs update (from a client of the sender, or the answer to a sync request). */
  update: 0,
  /** An awareness update with the sender's own clients' states. */
  awareness: 1,
  /** Close every connection to the document so that clients are authorised again. */
  reauthorize: 2,
  /** "I have this state vector": the others answer with what it lacks, and their presence. */
  syncRequest: 3,
} as const;
export type BusMessageType = (typeof BusMessage)[keyof typeof BusMessage];

export function encodeBusMessage(
  type: BusMessageType,
  instanceId: string,
  payload: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarString(encoder, instanceId);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** Throws on a malformed message. */
export function decodeBusMessage(message: Uint8Array): {
  type: number;
  instanceId: string;
  payload: Uint8Array;
} {
  const decoder = decoding.createDecoder(message);
  const type = decoding.readVarUint(decoder);
  const instanceId = decoding.readVarString(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  return { type, instanceId, payload };
}
