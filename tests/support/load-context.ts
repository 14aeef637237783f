/**
 * What a route's loader is given for a request by one person (or nobody), as the server builds it,
 * so that integration tests can call loaders directly; and live documents that hold nothing.
 */
import type { AppLoadContext } from "@remix-run/node";
import { eq } from "drizzle-orm";
import * as Y from "yjs";
import type { Database } from "../../db/client";
import { users } from "../../db/schema";
import type { LiveDocuments } from "~/lib/live-documents";
import { loadActor } from "~/services/actors.server";
import { createMailer } from "~/services/mail.server";
import { createRateLimits } from "~/services/rate-limit.server";
import { silentLogger } from "./http-server";

export const emptyDocuments: LiveDocuments = {
  state: () => Promise.resolve(Y.encodeStateAsUpdate(new Y.Doc())),
  transact: () => Promise.resolve(),
  reauthorize: () => {},
};

/** The load context of a request by this person (null: nobody signed in). */
export async function loadContextFor(
  db: Database,
  documents: LiveDocuments,
  userId: string | null,
): Promise<AppLoadContext> {
  const [user] = userId ? await db.select().from(users).where(eq(users.id, userId)) : [];
  const sessionUser = user
    ? {
        id: user.id,
        email: user.email ?? "",
        displayName: user.displayName ?? "",
        emailVerified: user.emailVerifiedAt !== null,
        locale: null,
        careMode: false,
      }
    : null;
  return {
    db,
    logger: silentLogger,
    cspNonce: "nonce",
    secure: false,
    config: { sessionSecret: "s".repeat(40), production: false },
    origin: "http://localhost",
    clientIp: "127.0.0.1",
    user: sessionUser,
    sessionId: sessionUser ? "session" : null,
    actor: sessionUser ? await loadActor(db, sessionUser) : null,
    mailer: createMailer({ from: "test <t@example.org>", dataDir: "/nonexistent" }),
    rateLimits: createRateLimits(),
    documents,
  };
}
