import type { IncomingMessage } from "node:http";
import type { Database } from "../../db/client";
import { validateSessionCookie } from "../../app/services/sessions.server";
import type { Authorization } from "./server";

/**
 * Decides, for one kind of document (`proposal`, `minutes`), what a signed-in person may do with the
 * document of that id: edit, read, or nothing (null, which is also the answer for a document that does
 * not exist: no room is created by naming it). A kind loads the facts and asks the policy
 * (~/domain/policy; proposals: `documentAccessFor`); nothing here decides who may do what.
 */
export type DocumentAccess = (
  user: { id: string; emailVerified: boolean },
  id: string,
) => Promise<"edit" | "read" | null>;

/**
 * Authorises an upgrade from the session cookie, before the WebSocket is accepted. Kinds of documents
 * register their access rule here (proposals and minutes do, as they arrive); any other kind is 404.
 */
export function createAuthorizer(options: {
  db: Database;
  trustProxy: boolean;
  kinds: Partial<Record<string, DocumentAccess>>;
  /** The site's origin (APP_URL); without it, the origin the upgrade was addressed to. */
  appOrigin?: string;
}) {
  return async (req: IncomingMessage, docName: string): Promise<Authorization> => {
    const secure =
      (req.socket as { encrypted?: boolean }).encrypted === true ||
      (options.trustProxy && req.headers["x-forwarded-proto"] === "https");
    // A page of another site must not open a session's documents with its cookie (as for writes).
    // Browsers always send Origin on a WebSocket; clients that are not browsers may leave it out.
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const expected =
        options.appOrigin ?? `${secure ? "https" : "http"}://${req.headers.host ?? ""}`;
      if (originOf(origin) !== expected) return { ok: false, status: 403 };
    }
    const [kind = "", id = ""] = docName.split(":");
    const access = options.kinds[kind];
    if (!access) return { ok: false, status: 404 };
    const { user } = await validateSessionCookie(options.db, secure, req.headers.cookie);
    if (!user) return { ok: false, status: 401 };
    const level = await access(user, id);
    if (!level) return { ok: false, status: 403 };
    return { ok: true, access: level, user: { id: user.id, name: user.displayName } };
  };
}

function originOf(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * The client's address for per-address limits: the socket's peer, or behind trusted proxies the
 * address they forwarded (as Express reads it: `true` trusts every hop, a number that many hops).
 */
export function upgradeClientIp(req: IncomingMessage, trustProxy: boolean | number): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (trustProxy === false || trustProxy === 0) return peer;
  const header = req.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (forwarded.length === 0) return peer;
  if (trustProxy === true) return forwarded[0]!;
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustProxy)]!;
}
