import type { HeadersFunction } from "@remix-run/node";

/**
 * Passes an action's `Retry-After` on to the document response (Remix merges only `Set-Cookie` from
 * actions by itself). Routes whose actions are rate limited export this as `headers`.
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};
