import type { Logger } from "pino";
import type { Database } from "../db/client";
import type { Actor } from "./domain/policy";
import type { LiveDocuments } from "./lib/live-documents";
import type { SessionUser } from "./services/sessions.server";
import type { Mailer } from "./services/mail.server";
import type { RateLimits } from "./services/rate-limit.server";

declare module "@remix-run/server-runtime" {
  /** What the Express server hands every loader and action (server/app.ts builds it per request). */
  interface AppLoadContext {
    db: Database;
    logger: Logger;
    /** The per-request Content-Security-Policy nonce. */
    cspNonce: string;
    /** True when the request reached us over TLS (directly or through a trusted proxy). */
    secure: boolean;
    config: {
      sessionSecret: string;
      production: boolean;
    };
    /** The public origin, for links in emails (APP_URL, or the origin the request came to). */
    origin: string;
    /** The client's address (behind a trusted proxy: the forwarded one), for rate limits. */
    clientIp: string;
    /** The signed-in person, or null; `actor` is the same person as the permission policy sees them. */
    user: SessionUser | null;
    sessionId: string | null;
    actor: Actor | null;
    mailer: Mailer;
    rateLimits: RateLimits;
    /** The collaborative documents being edited now (served by server/collab). */
    documents: LiveDocuments;
  }

  // Single fetch types for useLoaderData and friends (the augmentation must live in a module).
  interface Future {
    v3_singleFetch: true;
  }
}

export type { AppLoadContext } from "@remix-run/server-runtime";
