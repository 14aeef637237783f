import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CompareForm, versionReason } from "~/components/proposals/versions";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorSummary, TextField } from "~/components/ui/field";
import { Pagination } from "~/components/ui/pagination";
import { DEFAULT_PAGE_SIZE, parsePageParam } from "~/domain/pagination";
import { maySaveVersion } from "~/domain/policy";
import { LIMITS } from "~/domain/proposals";
import { useI18n } from "~/i18n/react";
import { requireUser } from "~/lib/guards.server";
import { formFailure, formValues, parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import {
  proposalHeader,
  requireVersionedProposal,
  versionChoices,
} from "~/lib/proposal-versions.server";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { listVersions, saveVersion } from "~/services/proposals/index.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const SaveVersionSchema = z.object({
  name: z.string().trim().min(1).max(LIMITS.versionName),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const record = await requireVersionedProposal(context, params.id);
  const page = parsePageParam(new URL(request.url).searchParams.get("page"));
  const [versions, { latest, choices }] = await Promise.all([
    listVersions(context.db, record.context.id, { page, pageSize: DEFAULT_PAGE_SIZE }),
    versionChoices(context, record.context.id),
  ]);
  const actor = context.actor;
  return {
    title: t("versions.title", { title: record.row.title }),
    proposal: proposalHeader(record, locale),
    versions,
    latest,
    choices,
    mayName: maySaveVersion(actor, record.context),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const { t } = await requestI18n(request);
  const record = await requireVersionedProposal(context, params.id);
  const form = await request.formData().catch(() => null);
  if (!form) throw new Response(null, { status: 400, statusText: "Bad Request" });
  const wait = await context.rateLimits.consume("proposalWrite", user.id);
  if (wait !== null)
    return data(
      formFailure(
        { key: "account.rateLimited", values: { minutes: Math.ceil(wait / 60) } },
        formValues(form),
      ),
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  const parsed = parseForm(form, SaveVersionSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const saved = await saveVersion(
    context.db,
    context.documents,
    record,
    context.actor!,
    parsed.data.name,
  );
  if (!saved.ok) throw new Response(null, { status: 403, statusText: "Forbidden" });
  return redirectWithToast(context, `/proposals/${record.context.id}/versions`, {
    kind: "success",
    message: t("versions.saved", { number: saved.value, name: parsed.data.name }),
  });
}

export default function Versions() {
  const { proposal, versions, latest, choices, mayName } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  const { t, dateTime } = useI18n();
  const base = `/proposals/${proposal.id}`;
  return (
    <>
      <p>
        <Link to={base} lang={proposal.language}>
          ← {proposal.title}
        </Link>
      </p>
      <header className="page-header">
        <h1>{t("versions.heading")}</h1>
        <p className="lede">{t("versions.intro")}</p>
      </header>

      {latest >= 2 ? (
        <section className="stack" aria-labelledby="compare-title">
          <h2 id="compare-title">{t("versions.compareTitle")}</h2>
          <CompareForm proposalId={proposal.id} choices={choices} from={latest - 1} to={latest} />
        </section>
      ) : null}

      <section className="stack" aria-labelledby="list-title">
        <h2 id="list-title">{t("versions.count", { count: versions.pageInfo.total })}</h2>
        {versions.items.length === 0 ? (
          <EmptyState title={t("versions.empty")}>{t("versions.emptyBody")}</EmptyState>
        ) : (
          <ol className="version-list" aria-labelledby="list-title">
            {versions.items.map((version) => (
              <li key={version.number} className="card version-list__item">
                <h3>
                  <Link to={`${base}/versions/${version.number}`}>
                    {t("versions.number", { number: version.number })}
                  </Link>
                  {version.number === latest ? (
                    <>
                      {" "}
                      <span className="badge badge--brand">{t("versions.latest")}</span>
                    </>
                  ) : null}
                </h3>
                <p>{versionReason(t, version)}</p>
                <p className="muted">
                  {t("versions.byline", {
                    name: version.createdBy ?? t("account.formerResident"),
                    date: dateTime(version.createdAt, proposal.timeZone),
                  })}
                </p>
                {version.number > 1 ? (
                  <p>
                    <Link
                      to={`${base}/compare?from=${version.number - 1}&to=${version.number}`}
                      aria-label={t("versions.compareWithPreviousOf", { number: version.number })}
                    >
                      {t("versions.compareWithPrevious")}
                    </Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        <Pagination pageInfo={versions.pageInfo} label={t("versions.pages")} />
      </section>

      {mayName ? (
        <section className="stack" aria-labelledby="save-title">
          <h2 id="save-title">{t("versions.saveTitle")}</h2>
          <p>{t("versions.saveIntro")}</p>
          <Form method="post" className="stack prose" noValidate>
            <ErrorSummary errors={failure?.errors} labels={{ name: t("versions.name") }} />
            <TextField
              label={t("versions.name")}
              hint={t("versions.nameHint", { maximum: LIMITS.versionName })}
              name="name"
              defaultValue={failure?.values.name ?? ""}
              error={failure?.errors.name}
              maxLength={LIMITS.versionName}
              required
            />
            <Button type="submit" disabled={saving}>
              {saving ? t("form.submitting") : t("versions.save")}
            </Button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
