import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { useI18n } from "~/i18n/react";
import { pageMeta } from "~/lib/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.mail.subject, matches);

export async function loader({ params, context }: LoaderFunctionArgs) {
  const mailbox = context.config.production ? null : context.mailer.mailbox;
  const mail = mailbox ? await mailbox.get(params.id ?? "") : null;
  if (!mail) throw new Response(null, { status: 404 });
  return { mail };
}

/** Links in the text become links on the page, so a tester can follow a confirmation link. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <>
      {parts.map((part, index) =>
        /^https?:\/\//.test(part) ? (
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export default function DevMail() {
  const { mail } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  return (
    <article className="stack">
      <p>
        <Link to="/dev/mail">{t("devMail.back")}</Link>
      </p>
      <h1>{mail.subject}</h1>
      <dl className="meta-list">
        <dt>{t("devMail.to")}</dt>
        <dd>{mail.to}</dd>
        <dt>{t("devMail.from")}</dt>
        <dd>{mail.from}</dd>
        <dt>{t("devMail.sent")}</dt>
        <dd>{dateTime(mail.sentAt)}</dd>
      </dl>
      <pre className="mail-body">
        <Linkified text={mail.text} />
      </pre>
    </article>
  );
}
