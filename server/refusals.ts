import type { Request, Response } from "express";
import { refusalFor, type RefusalKind } from "../app/lib/request-refusals.server";
import type { RepeatLog } from "./repeat-log";

export type Refuse = (
  req: Request,
  res: Response,
  kind: RefusalKind,
  details?: { limit?: number; field?: string },
) => void;

/**
 * Answers a request the server will not take (see app/lib/request-refusals.server.ts) in the reader's
 * language. A client's mistake: one warning per address and kind, repeats counted.
 */
export function createRefuser(repeatLog: RepeatLog): Refuse {
  return (req, res, kind, details = {}) => {
    const address = req.ip ?? req.socket.remoteAddress ?? "unknown";
    repeatLog.warn(
      `refused:${kind}:${address}`,
      { address, refused: kind, path: req.path, ...details },
      "refused a request",
    );
    refusalFor(
      kind,
      {
        path: req.path,
        cookie: req.get("cookie"),
        acceptLanguage: req.get("accept-language"),
        html:
          req.accepts(["text/plain", "text/html"]) === "text/html" && !req.path.endsWith(".data"),
      },
      details,
    ).then(
      (refusal) => {
        if (res.headersSent) return;
        res.status(refusal.status).type(refusal.contentType).send(refusal.body);
      },
      (error: unknown) => {
        req.log.error({ err: error }, "could not answer a refused request");
        if (!res.headersSent) res.status(500).end();
      },
    );
  };
}
