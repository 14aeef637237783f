import { randomBytes } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import type { RepeatLog } from "./repeat-log";

/** A fresh nonce per request, for the Content-Security-Policy and every script tag Remix renders. */
export const assignCspNonce: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
};

function nonceSource(_req: unknown, res: unknown): string {
  return `'nonce-${(res as Response).locals.cspNonce as string}'`;
}

/**
 * Security headers: a strict CSP (scripts only from us and with this request's nonce, no framing),
 * Referrer-Policy, and the rest of helmet's defaults. HSTS is sent only over TLS (see `hsts`).
 */
export function securityHeaders(options: { development: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", nonceSource],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", ...(options.development ? ["ws:"] : [])],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
      },
    },
    strictTransportSecurity: false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: "deny" },
  });
}

/**
 * Browser features no page of ours uses are switched off for them and anything they might embed:
 * a script that got in still cannot reach the camera, the microphone or the reader's location.
 */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "browsing-topics=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "usb=()",
].join(", ");

export const permissionsPolicy: RequestHandler = (_req, res, next) => {
  res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
  next();
};

/**
 * A page for a signed-in person, or one that sets a cookie, is theirs alone: no shared cache may keep
 * it, and the browser does not keep it on disk (a shared computer at the community centre). Only an
 * answer a route explicitly made public (closed vote results) keeps its own Cache-Control.
 */
export function keepPrivate(res: Response, signedIn: boolean): void {
  if (/\bpublic\b/i.test(String(res.getHeader("Cache-Control") ?? ""))) return;
  if (signedIn || res.hasHeader("Set-Cookie")) res.setHeader("Cache-Control", "private, no-store");
}

/** HSTS only when the request came over TLS: a plain-HTTP development server must not pin itself. */
export const hsts: RequestHandler = (req, res, next) => {
  if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function originOf(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * Refuses every cross-origin write (CSRF defence in depth, before any route runs). A write is allowed
 * when its `Origin` (or, lacking one, its `Referer`) is this site: APP_URL when set, else the origin
 * the request was addressed to. Browsers send `Origin` on every cross-origin POST; requests with
 * neither header come from non-browser clients, which cannot carry a victim's cookies.
 */
export function refuseCrossOriginWrites(options: {
  appOrigin?: string;
  repeatLog: RepeatLog;
}): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const expected = options.appOrigin ?? `${req.protocol}://${req.get("host") ?? ""}`;
    const origin = req.get("origin");
    const referer = req.get("referer");
    const claimed =
      origin !== undefined
        ? origin === "null"
          ? "null"
          : originOf(origin)
        : referer
          ? originOf(referer)
          : undefined;
    const fetchSite = req.get("sec-fetch-site");
    const crossSite = fetchSite === "cross-site";
    if ((claimed !== undefined && claimed !== expected) || crossSite) {
      const address = req.ip ?? req.socket.remoteAddress ?? "unknown";
      options.repeatLog.warn(
        `cross-origin:${address}`,
        { address, origin, expected },
        "refused a cross-origin write",
      );
      res
        .status(403)
        .type("text/plain; charset=utf-8")
        .send("Forbidden: cross-origin request refused.\n");
      return;
    }
    next();
  };
}
