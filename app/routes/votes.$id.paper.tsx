import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorSummary, TextareaField, TextField } from "~/components/ui/field";
import { Table } from "~/components/ui/table";
import { COUNTABLE_METHODS } from "~/domain/vote-rules";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { useI18n } from "~/i18n/react";
import { requirePermission, requireUser } from "~/lib/guards.server";
import { formFailure, formValues, type FormFailure } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { requireVote, voteSummary } from "~/lib/votes-page.server";
import { parsePaperEntry } from "~/lib/votes-paper";
import {
  BATCH_LABEL_LIMIT,
  confirmPaperBatch,
  enterPaperBatch,
  listPaperBatches,
  voteErrorKey,
  type VoteErrorReason,
} from "~/services/votes/index.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/** Paper ballots from the room or a booth: one committee member enters a batch, another confirms. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const { locale, t } = await requestI18n(request);
  const record = await requireVote(context, params.id);
  requirePermission(context, request, "vote.manage", record.resource);
  const vote = voteSummary(record, locale);
  const batches = await listPaperBatches(context.db, record);
  return {
    title: t("paper.pageTitle", { title: vote.title }),
    vote,
    countable: COUNTABLE_METHODS.includes(vote.method),
    labelLimit: BATCH_LABEL_LIMIT,
    batches: batches.map((b) => ({
      id: b.id,
      label: b.label,
      kind: b.kind,
      papers: b.papers,
      enteredBy: b.enteredByName ?? t("account.formerResident"),
      enteredAt: b.enteredAt.toISOString(),
      confirmedBy: b.confirmedBy ? (b.confirmedByName ?? t("account.formerResident")) : null,
      confirmedAt: b.confirmedAt?.toISOString() ?? null,
      mayConfirm: b.confirmedBy === null && b.enteredBy !== user.id,
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireUser(context, request);
  const { t } = await requestI18n(request);
  const record = await requireVote(context, params.id);
  requirePermission(context, request, "vote.manage", record.resource);
  const form = await request.formData();
  const values = formValues(form);
  const back = `/votes/${record.row.id}/paper`;
  const refused = (reason: VoteErrorReason, field = "_form", index?: number, over?: number) =>
    data(
      formFailure(
        {
          key: voteErrorKey(reason),
          values:
            over !== undefined ? { over } : index === undefined ? undefined : { number: index + 1 },
        },
        values,
        field,
      ),
      { status: reason === "notAllowed" ? 403 : 400 },
    );
  if (values.intent === "confirm") {
    const batchId = Number(values.batch);
    if (!Number.isSafeInteger(batchId)) throw new Response("Bad Request", { status: 400 });
    const result = await confirmPaperBatch(context.db, record, context.actor, batchId);
    if (!result.ok) return refused(result.reason, "_form", undefined, result.over);
    return redirectWithToast(context, back, { kind: "success", message: t("paper.confirmed") });
  }
  if (values.intent !== "enter") throw new Response("Bad Request", { status: 400 });
  const label = (values.label ?? "").trim();
  if (!label || label.length > BATCH_LABEL_LIMIT) return refused("badLabel", "label");
  const optionIds = record.options.map((o) => o.id);
  const parsed = parsePaperEntry(
    values,
    record.row.method,
    optionIds,
    COUNTABLE_METHODS.includes(record.row.method),
  );
  if (!parsed.ok)
    return data(formFailure(parsed.error, values, parsed.field ?? "_form"), { status: 400 });
  const result = await enterPaperBatch(context.db, record, context.actor, {
    label,
    ...parsed.entry,
  });
  if (!result.ok)
    return refused(
      result.reason,
      result.reason === "labelTaken"
        ? "label"
        : result.reason === "badBallot"
          ? "ballots"
          : "_form",
      result.index,
      result.over,
    );
  return redirectWithToast(context, back, { kind: "success", message: t("paper.entered") });
}

export default function PaperBallots() {
  const { vote, countable, batches, labelLimit } = useLoaderData<typeof loader>();
  const failure: FormFailure | undefined = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const values = failure?.values ?? {};
  const zone = vote.community.timeZone;
  const countKeys =
    vote.method === "majority"
      ? (["yes", "no", "abstain"] as const).map((k) => ({ key: k, label: t(`ballot.choice.${k}`) }))
      : [
          { key: "ballots", label: t("paper.papers") },
          ...vote.options.map((o) => ({ key: o.id, label: o.label })),
        ];
  const labels: Record<string, string> = {
    label: t("paper.label"),
    ballots: t("paper.ballots"),
    ...Object.fromEntries(countKeys.map((c) => [`count.${c.key}`, c.label])),
  };
  return (
    <div className="stack">
      <Breadcrumbs
        trail={[
          { label: vote.community.name, to: `/c/${vote.community.slug}` },
          { label: vote.title, to: `/votes/${vote.id}` },
        ]}
        current={t("paper.title")}
      />
      <h1>{t("paper.heading")}</h1>
      <p className="lede">{t("paper.intro")}</p>

      <section className="vote-panel" aria-labelledby="enter-title">
        <h2 id="enter-title">{t("paper.enterTitle")}</h2>
        {vote.status !== "open" ? (
          <p className="notice">
            {vote.status === "closed" ? t("voteError.closed") : t("voteError.notOpenYet")}
          </p>
        ) : (
          <Form method="post" noValidate className="stack">
            <input type="hidden" name="intent" value="enter" />
            <ErrorSummary errors={failure?.errors} labels={labels} />
            <TextField
              label={labels.label}
              name="label"
              required
              maxLength={labelLimit}
              hint={t("paper.labelHint")}
              defaultValue={values.label}
              error={failure?.errors.label}
            />
            {countable ? (
              <fieldset className="choice stack">
                <legend>{t("paper.countsLegend")}</legend>
                {countKeys.map((c) => (
                  <TextField
                    key={c.key}
                    label={c.label}
                    name={`count.${c.key}`}
                    inputMode="numeric"
                    defaultValue={values[`count.${c.key}`]}
                    error={failure?.errors[`count.${c.key}`]}
                  />
                ))}
              </fieldset>
            ) : (
              <>
                <ol className="option-list" aria-label={t("paper.optionNumbers")}>
                  {vote.options.map((o) => (
                    <li key={o.id}>{o.label}</li>
                  ))}
                </ol>
                <TextareaField
                  label={labels.ballots}
                  name="ballots"
                  rows={8}
                  hint={t(`paper.format.${vote.method}` as MessageKey)}
                  defaultValue={values.ballots}
                  error={failure?.errors.ballots}
                />
              </>
            )}
            <Button type="submit">{t("paper.enter")}</Button>
          </Form>
        )}
      </section>

      <section className="stack" aria-labelledby="batches-title">
        <h2 id="batches-title">{t("paper.batchesTitle")}</h2>
        {batches.length === 0 ? (
          <EmptyState title={t("paper.noBatches")} />
        ) : (
          <Table
            caption={t("paper.batchesCaption", { count: batches.length })}
            rowKey={(b) => b.id}
            rows={batches}
            columns={[
              { key: "label", header: t("paper.label"), cell: (b) => b.label },
              { key: "papers", header: t("paper.papers"), numeric: true, cell: (b) => b.papers },
              {
                key: "entered",
                header: t("paper.enteredBy"),
                cell: (b) => `${b.enteredBy} · ${dateTime(b.enteredAt, zone)}`,
              },
              {
                key: "confirmed",
                header: t("paper.confirmedBy"),
                cell: (b) =>
                  b.confirmedBy && b.confirmedAt ? (
                    `${b.confirmedBy} · ${dateTime(b.confirmedAt, zone)}`
                  ) : b.mayConfirm && vote.status !== "closed" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="confirm" />
                      <input type="hidden" name="batch" value={b.id} />
                      <Button type="submit" size="small">
                        {t("paper.confirm", { label: b.label })}
                      </Button>
                    </Form>
                  ) : (
                    <span className="muted">{t("paper.awaiting")}</span>
                  ),
              },
            ]}
          />
        )}
      </section>
    </div>
  );
}
