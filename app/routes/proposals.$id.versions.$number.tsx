import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { versionReason } from "~/components/proposals/versions";
import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { ErrorSummary } from "~/components/ui/field";
import { mayRestoreVersion } from "~/domain/policy";
import { useI18n } from "~/i18n/react";
import { requireUser } from "~/lib/guards.server";
import { formFailure } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import {
  parseVersionNumber,
  proposalHeader,
  requireVersionedProposal,
} from "~/lib/proposal-versions.server";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { getVersion, restoreVersion } from "~/services/proposals/index.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const record = await requireVersionedProposal(context, params.id);
  const number = parseVersionNumber(params.number);
  const version = number === null ? null : await getVersion(context.db, record.context.id, number);
  if (!version) throw new Response(null, { status: 404, statusText: "Not Found" });
  return {
    title: `${t("versions.number", { number: version.number })} · ${version.title}`,
    proposal: proposalHeader(record, locale),
    version,
    mayRestore: mayRestoreVersion(context.actor, record.context),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const { t } = await requestI18n(request);
  const record = await requireVersionedProposal(context, params.id);
  const number = parseVersionNumber(params.number);
  if (number === null) throw new Response(null, { status: 404, statusText: "Not Found" });
  if (!mayRestoreVersion(context.actor, record.context))
    throw new Response(null, { status: 403, statusText: "Forbidden" });
  // The form has no fields: the version is in the URL.
  const wait = await context.rateLimits.consume("proposalWrite", user.id);
  if (wait !== null)
    return data(
      formFailure({ key: "account.rateLimited", values: { minutes: Math.ceil(wait / 60) } }, {}),
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  const restored = await restoreVersion(
    context.db,
    context.documents,
    record,
    context.actor!,
    number,
  );
  if (!restored.ok) throw new Response(null, { status: 404, statusText: "Not Found" });
  return redirectWithToast(context, `/proposals/${record.context.id}`, {
    kind: "success",
    message: t("versions.restored", { number, version: restored.value }),
  });
}

export default function Version() {
  const { proposal, version, mayRestore } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const base = `/proposals/${proposal.id}`;
  const restoreFormId = "restore-version";
  return (
    <article className="stack version" aria-labelledby="version-title">
      <nav className="cluster" aria-label={t("versions.navLabel")}>
        <Link to={base} lang={proposal.language}>
          ← {proposal.title}
        </Link>
        <Link to={`${base}/versions`}>{t("versions.heading")}</Link>
      </nav>
      <header className="page-header">
        <p className="badge">{t("versions.number", { number: version.number })}</p>
        <h1 id="version-title" lang={proposal.language}>
          {version.title}
        </h1>
        <p>{versionReason(t, version)}</p>
        <p className="muted">
          {t("versions.byline", {
            name: version.createdBy ?? t("account.formerResident"),
            date: dateTime(version.createdAt, proposal.timeZone),
          })}
        </p>
      </header>

      <p className="notice" role="note">
        {t("versions.frozenNotice")}{" "}
        <Link to={`${base}/compare?from=${version.number}`}>{t("versions.compareWithLatest")}</Link>
      </p>

      {failure ? <ErrorSummary errors={failure.errors} labels={{}} /> : null}

      {mayRestore ? (
        <section className="cluster" aria-label={t("versions.restoreLabel")}>
          <Form method="post" id={restoreFormId} />
          <Dialog
            title={t("versions.restoreConfirmTitle", { number: version.number })}
            triggerLabel={t("versions.restore")}
            actions={
              <Button type="submit" form={restoreFormId}>
                {t("versions.restoreConfirm")}
              </Button>
            }
          >
            <p>{t("versions.restoreConfirmBody", { number: version.number })}</p>
          </Dialog>
        </section>
      ) : null}

      <section className="stack" aria-labelledby="version-summary-title">
        <h2 id="version-summary-title">{t("versions.summary")}</h2>
        <p className="lede" lang={proposal.language}>
          {version.summary}
        </p>
      </section>

      <section className="stack" aria-labelledby="version-body-title">
        <h2 id="version-body-title">{t("versions.body")}</h2>
        <div
          className="rich-text"
          lang={proposal.language}
          // Rendered from the frozen document by the whitelist renderer (app/domain/rich-text.ts).
          dangerouslySetInnerHTML={{ __html: version.html }}
        />
      </section>
    </article>
  );
}
