import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { Pagination } from "~/components/ui/pagination";
import { DEFAULT_PAGE_SIZE, parsePageParam } from "~/domain/pagination";
import { useI18n } from "~/i18n/react";
import { requireUser } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { listNotifications, markRead } from "~/services/notifications.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const { locale, t } = await requestI18n(request);
  const page = parsePageParam(new URL(request.url).searchParams.get("page"));
  const list = await listNotifications(
    context.db,
    user.id,
    { page, pageSize: DEFAULT_PAGE_SIZE },
    locale,
  );
  return { title: t("notifications.title"), ...list };
}

const MarkSchema = z.object({
  id: z.union([z.literal("all"), z.coerce.number().int().positive()]),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = await request.formData();
  const parsed = MarkSchema.safeParse({ id: form.get("id") });
  if (!parsed.success) throw new Response(null, { status: 400 });
  // Someone else's notification is simply not found.
  if (!(await markRead(context.db, user.id, parsed.data.id)))
    throw new Response(null, { status: 404 });
  return redirect(safeRedirectPath(form.get("redirectTo"), "/notifications"));
}

export default function Notifications() {
  const { items, pageInfo } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  const unread = items.some((item) => !item.read);
  return (
    <>
      <header className="page-header cluster">
        <h1>{t("notifications.title")}</h1>
        {unread ? (
          <Form method="post">
            <input type="hidden" name="id" value="all" />
            <Button type="submit" variant="secondary" size="small">
              {t("notifications.markAllRead")}
            </Button>
          </Form>
        ) : null}
      </header>
      {items.length === 0 ? (
        <EmptyState title={t("notifications.empty")}>{t("notifications.emptyBody")}</EmptyState>
      ) : (
        <ul className="link-list">
          {items.map((item) => (
            <li key={item.id} className={`card${item.read ? "" : " notification--unread"}`}>
              <p>
                {item.read ? null : (
                  <span className="badge badge--brand">{t("notifications.new")}</span>
                )}{" "}
                {item.link ? <Link to={item.link}>{item.message}</Link> : item.message}
              </p>
              <p className="muted">{dateTime(item.createdAt)}</p>
              {item.read ? null : (
                <Form method="post">
                  <input type="hidden" name="id" value={item.id} />
                  <Button type="submit" variant="ghost" size="small">
                    {t("notifications.markRead")}
                  </Button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pagination pageInfo={pageInfo} />
    </>
  );
}
