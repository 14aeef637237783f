import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { RefusalKind } from "../app/lib/request-refusals.server";
import type { Refuse } from "./refusals";

/**
 * How many bytes a request body may have, per class of route. Forms are small; the forms that raise
 * a proposal or set up a vote carry long text (urlencoded CJK takes nine bytes a character); paper
 * ballot batches are typed in by the hundred; uploads (none yet) get their own class.
 */
export const BODY_LIMITS = {
  form: 64 * 1024,
  longForm: 256 * 1024,
  paperBallots: 2 * 1024 * 1024,
  upload: 10 * 1024 * 1024,
} as const;

export type BodyClass = keyof typeof BODY_LIMITS;
export type BodyLimits = Record<BodyClass, number>;

/** Routes whose bodies are larger than a form's; every other path is a `form`. `.data`: single fetch. */
const ROUTE_CLASSES: ReadonlyArray<readonly [RegExp, BodyClass]> = [
  [/^\/votes\/[^/]+\/paper(\.data)?$/, "paperBallots"],
  [/^\/c\/[^/]+\/proposals\/new(\.data)?$/, "longForm"],
  [/^\/c\/[^/]+\/votes\/new(\.data)?$/, "longForm"],
];

export function bodyClassFor(path: string): BodyClass {
  return ROUTE_CLASSES.find(([pattern]) => pattern.test(path))?.[1] ?? "form";
}

/** The body as read, for the Remix handler and the form-input check: absent when there is none. */
export function bodyOf(res: Response): Buffer | undefined {
  return res.locals.body as Buffer | undefined;
}

/**
 * Reads each request body into memory, refusing it (413) as soon as it is known to be too large:
 * from its Content-Length before a byte is read, or, for a chunked body, at the first chunk past the
 * limit. A refused connection is closed, so the rest of the body is never read. Compressed bodies
 * are refused (415): nothing here inflates them, so no small body can become a large one.
 */
export function readBodies(options: { limits?: BodyLimits; refuse: Refuse }): RequestHandler {
  const limits = options.limits ?? BODY_LIMITS;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req)) return next();
    const encoding = (req.get("content-encoding") ?? "identity").trim().toLowerCase();
    const limit = limits[bodyClassFor(req.path)];
    const refuse = (kind: RefusalKind) => {
      // Node then closes the socket after the answer instead of reading the rest of the body.
      res.setHeader("Connection", "close");
      res.on("finish", () => req.destroy());
      options.refuse(req, res, kind, { limit });
    };
    if (encoding !== "identity") return refuse("unsupportedEncoding");
    const declared = Number(req.get("content-length") ?? Number.NaN);
    if (declared > limit) return refuse("tooLarge");

    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onError);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        cleanup();
        req.pause();
        chunks.length = 0;
        refuse("tooLarge");
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      res.locals.body = Buffer.concat(chunks, received);
      next();
    };
    // The client went away mid-body: nobody is left to answer.
    const onError = () => {
      cleanup();
      req.destroy();
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onError);
  };
}

/** As `type-is` decides: a body is announced by Transfer-Encoding or a Content-Length. */
function hasBody(req: IncomingMessage): boolean {
  return (
    req.headers["transfer-encoding"] !== undefined || req.headers["content-length"] !== undefined
  );
}
