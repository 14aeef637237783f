import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

export interface AwarenessLimits {
  /** Largest JSON of one client's state, in bytes. */
  maxStateBytes: number;
  /** Deepest nesting of objects and arrays in a state. */
  maxDepth: number;
  /** Most entries in one update (the stock client echoes everyone's states, so allow a room's worth). */
  maxEntries: number;
}

export class AwarenessRejected extends Error {
  override name = "AwarenessRejected";
}

interface Entry {
  clientId: number;
  clock: number;
  json: string;
}

function encodeEntries(entries: Entry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.json);
  }
  return encoding.toUint8Array(encoder);
}

function depth(value: unknown, level = 0): number {
  if (value === null || typeof value !== "object") return level;
  let deepest = level + 1;
  for (const child of Object.values(value as Record<string, unknown>)) {
    deepest = Math.max(deepest, depth(child, level + 1));
  }
  return deepest;
}

/**
 * Checks and rewrites an awareness update from one connection: entries for client ids that another
 * connection owns are dropped (echoes and impersonation alike), the first time a connection sends an
 * unowned id it becomes its owner, and the displayed name is the session's, never the client's.
 * Throws `AwarenessRejected` for an update out of bounds; returns null when nothing is left.
 */
export function filterAwarenessUpdate(
  update: Uint8Array,
  options: {
    limits: AwarenessLimits;
    /**
     * Claims an id for this connection (given the entry's clock); false when another connection, or a
     * client on another instance, owns it.
     */
    claim: (clientId: number, clock: number) => boolean;
    displayName: string;
  },
): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > options.limits.maxEntries) throw new AwarenessRejected(`too many entries (${count})`);
  const kept: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (json.length > options.limits.maxStateBytes) throw new AwarenessRejected("state too large");
    if (!options.claim(clientId, clock)) continue;
    let state: unknown;
    try {
      state = JSON.parse(json);
    } catch {
      throw new AwarenessRejected("state is not JSON");
    }
    if (depth(state) > options.limits.maxDepth)
      throw new AwarenessRejected("state nested too deeply");
    if (state !== null && typeof state === "object" && !Array.isArray(state)) {
      const record = state as Record<string, unknown>;
      const user =
        record.user && typeof record.user === "object"
          ? (record.user as Record<string, unknown>)
          : {};
      const color =
        typeof user.color === "string" && /^#[0-9a-fA-F]{3,8}$/.test(user.color)
          ? user.color
          : undefined;
      record.user = { name: options.displayName, ...(color ? { color } : {}) };
      kept.push({ clientId, clock, json: JSON.stringify(record) });
    } else {
      kept.push({ clientId, clock, json: "null" });
    }
  }
  if (decoding.hasContent(decoder)) throw new AwarenessRejected("trailing bytes");
  if (kept.length === 0) return null;
  return encodeEntries(kept);
}

/**
 * Keeps the entries of an awareness update (from another instance, already checked there) whose
 * client ids pass `keep`; returns the rewritten update and the ids kept, or null when none is left.
 */
export function selectAwarenessEntries(
  update: Uint8Array,
  keep: (clientId: number) => boolean,
): { update: Uint8Array; clientIds: number[] } | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (keep(clientId)) kept.push({ clientId, clock, json });
  }
  if (kept.length === 0) return null;
  return { update: encodeEntries(kept), clientIds: kept.map((entry) => entry.clientId) };
}
