/**
 * A same-site path to go back to after a form post, or `fallback`. Refuses anything that could leave
 * the site (`//evil`, `/\evil`, absolute URLs) so that forms cannot be turned into open redirects.
 */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length > 2000) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/\p{Cc}/u.test(value)) return fallback;
  return value;
}
