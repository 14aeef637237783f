import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorSummary, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { HEARING_STATUSES, mayRecordHearing, mayView } from "~/domain/policy";
import { ballotDay, HEARING_FORMATS } from "~/domain/vote-rules";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { useI18n } from "~/i18n/react";
import { requireUser } from "~/lib/guards.server";
import { formFailure, formValues, parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import {
  HEARING_SUMMARY_LIMIT,
  listHearings,
  loadProposal,
  recordHearing,
  type ProposalRecord,
} from "~/services/proposals/index.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const HearingSchema = z.object({
  format: z.enum(HEARING_FORMATS),
  heldOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  // The service checks the length (HEARING_SUMMARY_LIMIT); this keeps the request bounded.
  summary: z.string().trim().min(1).max(20_000),
});

async function requireProposal(context: LoaderFunctionArgs["context"], id: string | undefined) {
  const record = id && /^\d{1,10}$/.test(id) ? await loadProposal(context.db, Number(id)) : null;
  if (!record || !mayView(context.actor, record.context))
    throw new Response(null, { status: 404, statusText: "Not Found" });
  return record;
}

const mayRecord = (context: LoaderFunctionArgs["context"], record: ProposalRecord) =>
  mayRecordHearing(context.actor, record.context) &&
  HEARING_STATUSES.includes(record.context.status);

/** The hearings held on a proposal; the committee records one that was held (a vote needs one). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { t } = await requestI18n(request);
  const record = await requireProposal(context, params.id);
  const hearings = await listHearings(context.db, record.row.id);
  return {
    title: t("hearing.pageTitle", { title: record.row.title }),
    proposal: { id: record.row.id, title: record.row.title, status: record.context.status },
    communitySlug: record.community.slug,
    timeZone: record.community.timeZone,
    today: ballotDay(new Date(), record.community.timeZone),
    mayRecord: mayRecord(context, record),
    summaryLimit: HEARING_SUMMARY_LIMIT,
    hearings: hearings.map((h) => ({
      id: h.id,
      format: h.format,
      heldOn: h.heldOn,
      summary: h.summary,
      recordedBy: h.recordedByName,
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const { t } = await requestI18n(request);
  const record = await requireProposal(context, params.id);
  const form = await request.formData();
  const wait = await context.rateLimits.consume("proposalWrite", user.id);
  if (wait !== null)
    return data(
      formFailure(
        { key: "account.rateLimited", values: { minutes: Math.ceil(wait / 60) } },
        formValues(form),
      ),
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  const parsed = parseForm(form, HearingSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await recordHearing(context.db, record, context.actor, parsed.data);
  if (!result.ok) {
    if (result.reason === "notAllowed") throw new Response("Forbidden", { status: 403 });
    const field = { badFormat: "format", badDate: "heldOn", badSummary: "summary" }[
      result.reason as string
    ];
    return data(
      formFailure(
        { key: `voteError.${result.reason}` as MessageKey },
        formValues(form),
        field ?? "_form",
      ),
      { status: 400 },
    );
  }
  return redirectWithToast(context, `/proposals/${record.row.id}`, {
    kind: "success",
    message: t("hearing.recorded"),
  });
}

export default function Hearings() {
  const { proposal, hearings, mayRecord, today, summaryLimit } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t, date } = useI18n();
  const values = failure?.values ?? {};
  const labels = {
    format: t("hearing.format"),
    heldOn: t("hearing.heldOn"),
    summary: t("hearing.summary"),
  };
  return (
    <div className="stack">
      <Breadcrumbs
        trail={[{ label: proposal.title, to: `/proposals/${proposal.id}` }]}
        current={t("hearing.title")}
      />
      <h1>{t("hearing.heading")}</h1>
      <p className="lede">{t("hearing.intro")}</p>
      <section className="stack" aria-labelledby="held-title">
        <h2 id="held-title">{t("hearing.listTitle", { count: hearings.length })}</h2>
        {hearings.length === 0 ? (
          <EmptyState title={t("hearing.none")} />
        ) : (
          <ul className="link-list">
            {hearings.map((h) => (
              <li key={h.id} className="card">
                <p className="cluster">
                  <span className="badge">{t(`hearingFormat.${h.format}`)}</span>
                  <span>{date(h.heldOn, "UTC")}</span>
                </p>
                <p className="hearing__summary">{h.summary}</p>
                {h.recordedBy ? (
                  <p className="muted">{t("hearing.recordedBy", { name: h.recordedBy })}</p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {mayRecord ? (
        <section className="vote-panel" aria-labelledby="record-title">
          <h2 id="record-title">{t("hearing.recordTitle")}</h2>
          <Form method="post" noValidate className="stack">
            <ErrorSummary errors={failure?.errors} labels={labels} />
            <SelectField
              label={labels.format}
              name="format"
              required
              defaultValue={values.format ?? "hearing"}
              error={failure?.errors.format}
              options={HEARING_FORMATS.map((f) => ({ value: f, label: t(`hearingFormat.${f}`) }))}
            />
            <TextField
              label={labels.heldOn}
              name="heldOn"
              type="date"
              required
              max={today}
              defaultValue={values.heldOn ?? today}
              error={failure?.errors.heldOn}
            />
            <TextareaField
              label={labels.summary}
              name="summary"
              required
              rows={5}
              maxLength={summaryLimit}
              hint={t("hearing.summaryHint")}
              defaultValue={values.summary}
              error={failure?.errors.summary}
            />
            <Button type="submit">{t("hearing.submit")}</Button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
