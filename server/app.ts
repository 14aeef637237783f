import path from "node:path";
import { randomUUID } from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type RequestHandler } from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import type { AppLoadContext } from "../app/load-context";
import type { LiveDocuments } from "../app/lib/live-documents";
import { loadActor } from "../app/services/actors.server";
import { validateSessionCookie } from "../app/services/sessions.server";
import type { Mailer } from "../app/services/mail.server";
import type { RateLimits } from "../app/services/rate-limit.server";
import type { DatabaseHandle } from "../db/client";
import { readBodies, type BodyLimits } from "./body-limits";
import type { Env } from "./env";
import { checkFormInput } from "./form-input";
import { createRefuser } from "./refusals";
import { createRemixHandler } from "./remix-handler";
import { createRepeatLog, type RepeatLog } from "./repeat-log";
import {
  assignCspNonce,
  hsts,
  keepPrivate,
  permissionsPolicy,
  refuseCrossOriginWrites,
  securityHeaders,
} from "./security";
import type { RedisState } from "./redis";

export interface AppOptions {
  env: Env;
  logger: Logger;
  database: DatabaseHandle;
  /** The Remix server build; tests may pass a plain handler instead. */
  remix: ServerBuild | RequestHandler;
  mailer: Mailer;
  rateLimits: RateLimits;
  /** Redis, when configured: /healthz reports it ("degraded" while away; the app serves on). */
  redis?: { state(): RedisState };
  /** The collaborative documents (the collaboration server's `documents`). */
  documents: LiveDocuments;
  /** Request body limits per class of route (default BODY_LIMITS). */
  bodyLimits?: BodyLimits;
  /** Where repeated warnings are counted (default: one on `logger`). */
  repeatLog?: RepeatLog;
}

/** The Express application: headers, logging, static assets, /healthz, then Remix. */
export function createApp({
  env,
  logger,
  database,
  remix,
  mailer,
  rateLimits,
  redis,
  documents,
  bodyLimits,
  repeatLog = createRepeatLog(logger),
}: AppOptions) {
  const refuse = createRefuser(repeatLog);
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      // A client's mistake (4xx) is an ordinary access line; only our own failures are errors.
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
      autoLogging: { ignore: (req) => req.url === "/healthz" },
      // One short line per request: no headers (cookies stay out of the logs by construction).
      serializers: {
        req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          // Never the query: one-time links (confirm, reset) carry their token there.
          url: req.url.split("?")[0],
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(assignCspNonce);
  app.use(securityHeaders({ development: env.NODE_ENV === "development" }));
  app.use(hsts);
  app.use(permissionsPolicy);
  app.use(compression());
  app.use(refuseCrossOriginWrites({ appOrigin: env.APP_URL, repeatLog }));

  // Fingerprinted build output never changes under the same name: cache it for a year.
  app.use(
    "/build",
    express.static(path.resolve("public/build"), { immutable: true, maxAge: "1y", index: false }),
  );
  app.use(express.static(path.resolve("public"), { maxAge: "1h", index: false }));

  app.get("/healthz", (_req, res) => {
    res.set("Cache-Control", "no-store");
    database.ping().then(
      () => {
        if (!redis) return res.json({ status: "ok", database: database.driver });
        // Without Redis the instance still serves (limits per instance): degraded, not down.
        const state = redis.state();
        res.json({
          status: state === "ok" ? "ok" : "degraded",
          database: database.driver,
          redis: state,
        });
      },
      (error: unknown) => {
        logger.error({ err: error }, "health check failed: database unreachable");
        res.status(503).json({ status: "error", database: "down" });
      },
    );
  });

  // Single fetch never asks for `?_data=`: Remix would log each such request as an error.
  app.use((req, res, next) => {
    if (req.query._data === undefined) return next();
    refuse(req, res, "legacyData");
  });
  app.use(readBodies({ limits: bodyLimits, refuse }));
  app.use(checkFormInput({ refuse }));

  const handler: RequestHandler =
    typeof remix === "function"
      ? remix
      : createRemixHandler({
          build: remix,
          mode: env.NODE_ENV,
          publicOrigin: env.APP_URL,
          finish: (res, context) => keepPrivate(res, context.user !== null),
          getLoadContext: async (req, res): Promise<AppLoadContext> => {
            // The session is read here, once per request, for pages and data requests alike, so that
            // an extended or cleared session cookie reaches the browser whatever the route returns.
            const { user, session, setCookie } = await validateSessionCookie(
              database.db,
              req.secure,
              req.headers.cookie,
            );
            if (setCookie) res.append("Set-Cookie", setCookie);
            return {
              db: database.db,
              logger: req.log,
              cspNonce: res.locals.cspNonce as string,
              secure: req.secure,
              config: {
                sessionSecret: env.SESSION_SECRET,
                production: env.NODE_ENV === "production",
              },
              origin: env.APP_URL ?? `${req.protocol}://${req.get("host") ?? "localhost"}`,
              clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
              user,
              sessionId: session?.id ?? null,
              actor: user ? await loadActor(database.db, user) : null,
              mailer,
              rateLimits,
              documents,
            };
          },
        });
  app.all("*", handler);
  return app;
}
