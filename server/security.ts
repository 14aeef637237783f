import { randomBytes } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import helmet from "helmet";

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
export function refuseCrossOriginWrites(options: { appOrigin?: string }): RequestHandler {
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
      req.log?.warn({ origin, expected }, "refused a cross-origin write");
      res
        .status(403)
        .type("text/plain; charset=utf-8")
        .send("Forbidden: cross-origin request refused.\n");
      return;
    }
    next();
  };
}
