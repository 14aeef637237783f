import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import { useI18n } from "~/i18n/react";
import { requireUser } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { setToastCookie } from "~/lib/toast.server";
import { listSessions, revokeSession } from "~/services/sessions.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const { t } = await requestI18n(request);
  return {
    title: t("settings.sessions"),
    sessions: await listSessions(context.db, user.id, context.sessionId ?? ""),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = z
    .object({ sessionId: z.string().min(1).max(100) })
    .safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response(null, { status: 400 });
  // Another person's session is "not found", never "forbidden": ids reveal nothing.
  const revoked = await revokeSession(context.db, user.id, parsed.data.sessionId);
  if (!revoked) throw new Response(null, { status: 404 });
  const { t } = await requestI18n(request);
  const cookie = await setToastCookie(
    { kind: "success", message: t("settings.sessionRevoked") },
    context.config.sessionSecret,
    context.secure,
  );
  return redirect(revoked === context.sessionId ? "/sign-in" : "/settings/sessions", {
    headers: { "Set-Cookie": cookie },
  });
}

export default function SessionSettings() {
  const { sessions } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  return (
    <section className="stack" aria-labelledby="sessions-title">
      <h1 id="sessions-title">{t("settings.sessions")}</h1>
      <p className="lede">{t("settings.sessionsIntro")}</p>
      <ul className="link-list">
        {sessions.map((session) => (
          <li key={session.id} className="card">
            <p>
              <strong>{session.userAgent ?? t("settings.unknownDevice")}</strong>{" "}
              {session.current ? (
                <span className="badge badge--brand">{t("settings.thisDevice")}</span>
              ) : null}
            </p>
            <p className="muted">
              {t("settings.sessionStarted", { date: dateTime(session.createdAt) })}
              {session.ipAddress ? ` · ${session.ipAddress}` : ""}
            </p>
            <Form method="post">
              <input type="hidden" name="sessionId" value={session.id} />
              <Button type="submit" variant="secondary" size="small">
                {session.current ? t("account.signOut") : t("settings.revoke")}
              </Button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
