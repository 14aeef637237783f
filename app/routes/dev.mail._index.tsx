import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EmptyState } from "~/components/ui/empty-state";
import { useI18n } from "~/i18n/react";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/**
 * The development mailbox: what would have been emailed, when no SMTP server is configured.
 * Not in production (404), whatever the configuration.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const mailbox = context.config.production ? null : context.mailer.mailbox;
  if (!mailbox) throw new Response(null, { status: 404 });
  const { t } = await requestI18n(request);
  const mails = await mailbox.list();
  return {
    title: t("devMail.title"),
    mails: mails.map(({ id, to, subject, sentAt }) => ({ id, to, subject, sentAt })),
  };
}

export default function DevMailbox() {
  const { mails } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  return (
    <>
      <header className="page-header">
        <h1>{t("devMail.title")}</h1>
        <p className="lede">{t("devMail.intro")}</p>
      </header>
      {mails.length === 0 ? (
        <EmptyState title={t("devMail.empty")} />
      ) : (
        <ul className="link-list">
          {mails.map((mail) => (
            <li key={mail.id}>
              <Link to={`/dev/mail/${mail.id}`} className="link-card">
                <span className="link-card__name">{mail.subject}</span>
                <span className="link-card__meta">
                  {mail.to} · {dateTime(mail.sentAt)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
