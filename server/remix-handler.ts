import {
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { bodyOf } from "./body-limits";

/**
 * Remix behind Express, as `@remix-run/express` does it with two differences:
 * - the body is the one `readBodies` already read within its limit (never the socket again);
 * - with a public origin (APP_URL), the request Remix sees is addressed to it. Behind a proxy that
 *   does not pass the public Host, Remix's own check (the Origin's host must equal Host or
 *   X-Forwarded-Host) would otherwise turn every form post into a 500. `refuseCrossOriginWrites`
 *   has already checked the Origin against APP_URL, so nothing is lost.
 * `finish` may change the response's headers (copied onto `res`) before its body is sent.
 */
export function createRemixHandler(options: {
  build: ServerBuild;
  mode: string;
  publicOrigin?: string;
  getLoadContext: (req: Request, res: Response) => Promise<AppLoadContext>;
  finish?: (res: Response, context: AppLoadContext) => void;
}): RequestHandler {
  const handleRequest = createRequestHandler(options.build, options.mode);
  const handle = async (req: Request, res: Response) => {
    const request = remixRequest(req, res, options.publicOrigin);
    const context = await options.getLoadContext(req, res);
    const response = await handleRequest(request, context);
    await sendResponse(res, response, () => options.finish?.(res, context));
  };
  // Express 4 does not await handlers: a failure goes to its error handler.
  return (req: Request, res: Response, next: NextFunction) => {
    handle(req, res).catch(next);
  };
}

function remixRequest(req: Request, res: Response, publicOrigin?: string): globalThis.Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  let origin: string;
  if (publicOrigin) {
    origin = publicOrigin;
    headers.set("Host", new URL(publicOrigin).host);
    headers.delete("X-Forwarded-Host");
  } else {
    // As the Express adapter: req.hostname follows "trust proxy"; the port comes from the headers.
    const port = [req.get("X-Forwarded-Host"), req.get("host")]
      .map((host) => Number.parseInt(host?.split(":")[1] ?? "", 10))
      .find((value) => Number.isSafeInteger(value));
    origin = `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}`;
  }
  const controller = new AbortController();
  // Loaders and actions stop when the client is gone before the answer is complete.
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : bodyOf(res);
  // Joined, not resolved: a path like `//elsewhere` stays a path on this origin.
  return new Request(new URL(`${origin}${req.originalUrl}`).href, {
    method: req.method,
    headers,
    signal: controller.signal,
    body: body ? new Uint8Array(body) : undefined,
  });
}

async function sendResponse(
  res: Response,
  response: globalThis.Response,
  finish: () => void,
): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  finish();
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
