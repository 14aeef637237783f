import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { z } from "zod";

/** A one-time message shown on the next page (after a redirect): "saved", "language changed" … */
export const ToastSchema = z.object({
  kind: z.enum(["success", "info", "error"]).default("info"),
  message: z.string().min(1).max(500),
});
export type Toast = z.output<typeof ToastSchema>;

const storages = new Map<
  string,
  ReturnType<typeof createCookieSessionStorage<Record<string, never>, { toast: Toast }>>
>();

function storageFor(secret: string) {
  let storage = storages.get(secret);
  if (!storage) {
    storage = createCookieSessionStorage<Record<string, never>, { toast: Toast }>({
      cookie: {
        name: "yishi_toast",
        path: "/",
        sameSite: "lax",
        httpOnly: true,
        secrets: [secret],
      },
    });
    storages.set(secret, storage);
  }
  return storage;
}

/** The `Set-Cookie` value that carries `toast` to the next page. */
export async function setToastCookie(toast: Toast, secret: string, secure: boolean) {
  const storage = storageFor(secret);
  const session = await storage.getSession();
  session.flash("toast", toast);
  return storage.commitSession(session, { secure });
}

/** Reads (and consumes) the pending toast; the returned header clears it. */
export async function takeToast(request: Request, secret: string, secure: boolean) {
  const storage = storageFor(secret);
  const session = await storage.getSession(request.headers.get("Cookie"));
  const parsed = ToastSchema.safeParse(session.get("toast"));
  const toast = parsed.success ? parsed.data : null;
  const setCookie = toast ? await storage.destroySession(session, { secure }) : null;
  return { toast, setCookie };
}

/** Redirects with a one-time message for the next page (the usual end of a successful action). */
export async function redirectWithToast(
  context: { config: { sessionSecret: string }; secure: boolean },
  to: string,
  toast: Toast,
): Promise<ReturnType<typeof redirect>> {
  const cookie = await setToastCookie(toast, context.config.sessionSecret, context.secure);
  return redirect(to, { headers: { "Set-Cookie": cookie } });
}
