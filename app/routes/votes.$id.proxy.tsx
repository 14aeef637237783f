import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { TextareaField, TextField } from "~/components/ui/field";
import { Pagination } from "~/components/ui/pagination";
import { Table } from "~/components/ui/table";
import { ballotSpec } from "~/components/votes/ballot-fields";
import { BallotForm } from "~/components/votes/ballot-form";
import { ReceiptBox } from "~/components/votes/receipt-box";
import { parsePageParam } from "~/domain/pagination";
import { mayProxy } from "~/domain/policy";
import { useI18n } from "~/i18n/react";
import { requireUser } from "~/lib/guards.server";
import { formValues } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { ballotFormFailure, parseBallotForm, type BallotFailure } from "~/lib/votes-ballot";
import { ballotRules, requireVote, voteSummary } from "~/lib/votes-page.server";
import {
  castByProxy,
  CONSENT_NOTE_LIMIT,
  listElectorate,
  voteErrorKey,
  type VoteRecord,
} from "~/services/votes/index.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/** Grid workers and committee members of the vote's area; 403 for others. */
function requireProxy(
  context: LoaderFunctionArgs["context"],
  request: Request,
  record: VoteRecord,
) {
  requireUser(context, request);
  if (!mayProxy(context.actor, record)) throw new Response("Forbidden", { status: 403 });
}

/**
 * A grid worker records the ballot of a resident who cannot use the site: picks them from the
 * residents, writes down how they consented, and fills in their ballot with them.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const record = await requireVote(context, params.id);
  requireProxy(context, request, record);
  const vote = voteSummary(record, locale);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 50);
  const electorate = await listElectorate(
    context.db,
    record,
    { page: parsePageParam(url.searchParams.get("page")), pageSize: 30 },
    q,
  );
  const voterId = url.searchParams.get("voter");
  const voter = voterId ? electorate.items.find((m) => m.userId === voterId) : undefined;
  return {
    title: t("proxy.pageTitle", { title: vote.title }),
    vote,
    origin: context.origin,
    q,
    residents: {
      items: electorate.items.map((m) => ({
        userId: m.userId,
        name: m.displayName ?? t("account.formerResident"),
        voted: m.voted,
      })),
      pageInfo: electorate.page,
    },
    voter: voterId
      ? { id: voterId, name: voter?.displayName ?? null, voted: voter?.voted ?? false }
      : null,
  };
}

type ProxyDone = { ok: true; receipt: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const { t } = await requestI18n(request);
  const now = new Date();
  const record = await requireVote(context, params.id, now);
  requireProxy(context, request, record);
  const form = await request.formData();
  const values = formValues(form);
  const fail = (failure: BallotFailure, status = 400) => data(failure, { status });
  const wait = await context.rateLimits.consume("proposalWrite", user.id);
  if (wait !== null)
    return fail(
      ballotFormFailure(form, {
        key: "account.rateLimited",
        values: { minutes: Math.ceil(wait / 60) },
      }),
      429,
    );
  const consentNote = (values.consentNote ?? "").trim();
  if (!consentNote || consentNote.length > CONSENT_NOTE_LIMIT) {
    const failure = ballotFormFailure(form, { key: "voteError.consentRequired" });
    return fail({ ...failure, errors: { consentNote: failure.errors._form! } });
  }
  const parsed = parseBallotForm(form, ballotRules(record));
  if (!parsed.ok) return fail(parsed);
  const result = await castByProxy(
    context.db,
    context.documents,
    record,
    context.actor,
    {
      voterId: values.voterId ?? "",
      content: parsed.ballot.ballot,
      consentNote,
      receipt: values.receipt?.trim() || null,
    },
    now,
  );
  if (!result.ok) {
    const failure = ballotFormFailure(form, { key: voteErrorKey(result.reason) });
    if (result.reason === "receiptRequired" || result.reason === "badReceipt")
      failure.errors = { receipt: failure.errors._form! };
    return fail(failure, result.reason === "notAllowed" ? 403 : 409);
  }
  if (result.receipt) return data({ ok: true, receipt: result.receipt } satisfies ProxyDone);
  return redirectWithToast(context, `/votes/${record.row.id}/proxy`, {
    kind: "success",
    message: t("proxy.recorded"),
  });
}

export default function ProxyBallot() {
  const { vote, residents, voter, q, origin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const done = actionData && "receipt" in actionData ? actionData : undefined;
  const failure = actionData && !("receipt" in actionData) ? actionData : undefined;
  const base = `/votes/${vote.id}`;
  return (
    <div className="stack">
      <Breadcrumbs
        trail={[
          { label: vote.community.name, to: `/c/${vote.community.slug}` },
          { label: vote.title, to: base },
        ]}
        current={t("proxy.title")}
      />
      <h1>{t("proxy.heading")}</h1>
      <p className="lede">{t("proxy.intro")}</p>
      {done ? (
        <>
          <p className="notice notice--success">{t("proxy.recordedGiveReceipt")}</p>
          <ReceiptBox
            receipt={done.receipt}
            voteTitle={vote.title}
            ballotsUrl={`${origin}${base}/ballots`}
          />
          <p>
            <Link to={`${base}/proxy`}>{t("proxy.another")}</Link>
          </p>
        </>
      ) : vote.status !== "open" ? (
        <p className="notice">
          {vote.status === "closed" ? t("voteError.closed") : t("voteError.notOpenYet")}
        </p>
      ) : voter ? (
        <section className="vote-panel" aria-labelledby="proxy-form-title">
          <h2 id="proxy-form-title">
            {t("proxy.forResident", { name: voter.name ?? t("account.formerResident") })}
          </h2>
          <BallotForm
            spec={ballotSpec(vote)}
            values={
              failure
                ? { fields: failure.values, options: failure.options }
                : { fields: {}, options: [] }
            }
            errors={failure?.errors}
            submitLabel={t("proxy.submit")}
            before={
              <>
                <input type="hidden" name="voterId" value={voter.id} />
                <TextareaField
                  label={t("proxy.consentLabel")}
                  name="consentNote"
                  required
                  rows={3}
                  maxLength={1000}
                  hint={t("proxy.consentHint")}
                  defaultValue={failure?.values.consentNote}
                  error={failure?.errors.consentNote}
                />
              </>
            }
            after={
              vote.secret && voter.voted ? (
                <TextField
                  label={t("receipt.fieldLabel")}
                  name="receipt"
                  autoComplete="off"
                  hint={t("proxy.receiptHint")}
                  error={failure?.errors.receipt}
                />
              ) : null
            }
          />
          <p>
            <Link to={`${base}/proxy`}>{t("proxy.chooseOther")}</Link>
          </p>
        </section>
      ) : (
        <section className="stack" aria-labelledby="residents-title">
          <h2 id="residents-title">{t("proxy.chooseResident")}</h2>
          <Form method="get" className="cluster proxy-search">
            <TextField label={t("proxy.search")} name="q" type="search" defaultValue={q} />
            <Button type="submit" variant="secondary">
              {t("proxy.searchButton")}
            </Button>
          </Form>
          {residents.items.length === 0 ? (
            <EmptyState title={t("proxy.noResidents")} />
          ) : (
            <>
              <Table
                caption={t("proxy.residentsCaption", { count: residents.pageInfo.total })}
                rowKey={(r) => r.userId}
                rows={residents.items}
                columns={[
                  { key: "name", header: t("proxy.residentLabel"), cell: (r) => r.name },
                  {
                    key: "voted",
                    header: t("proxy.votedColumn"),
                    cell: (r) => (r.voted ? t("proxy.hasVoted") : t("proxy.notVoted")),
                  },
                  {
                    key: "act",
                    header: t("proxy.action"),
                    nowrap: true,
                    cell: (r) => (
                      <Link
                        to={`?${new URLSearchParams({ q, page: String(residents.pageInfo.page), voter: r.userId }).toString()}`}
                      >
                        {t("proxy.recordFor", { name: r.name })}
                      </Link>
                    ),
                  },
                ]}
              />
              <Pagination pageInfo={residents.pageInfo} label={t("proxy.pagination")} />
            </>
          )}
        </section>
      )}
    </div>
  );
}
