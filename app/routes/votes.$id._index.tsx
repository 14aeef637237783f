import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { TextField } from "~/components/ui/field";
import { ballotSpec } from "~/components/votes/ballot-fields";
import { BallotForm } from "~/components/votes/ballot-form";
import { ReceiptBox } from "~/components/votes/receipt-box";
import { ScheduleForms } from "~/components/votes/schedule-form";
import { VoteAttention } from "~/components/votes/vote-attention";
import { VoteResultsView } from "~/components/votes/vote-results";
import { VoteRules } from "~/components/votes/vote-rules";
import { VoteStatusBadge, VoteWhen } from "~/components/votes/vote-status";
import { mayManageVote, mayProxy } from "~/domain/policy";
import { ballotDay } from "~/domain/vote-rules";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { useI18n } from "~/i18n/react";
import { requireUser } from "~/lib/guards.server";
import { formFailure, formValues, type FormFailure } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import {
  ballotFormFailure,
  ballotToValues,
  parseBallotForm,
  type BallotFailure,
  type FormBallot,
} from "~/lib/votes-ballot";
import { ballotRules, requireVote, voteSummary } from "~/lib/votes-page.server";
import { utcToZonedLocal, zonedLocalToUtc } from "~/lib/votes-time";
import {
  castBallot,
  closeVoteEarly,
  extendVote,
  myVote,
  readResults,
  SCHEDULE_REASON_LIMIT,
  voteErrorKey,
  type ScheduleRefusal,
} from "~/services/votes/index.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale } = await requestI18n(request);
  const now = new Date();
  const record = await requireVote(context, params.id, now);
  const vote = voteSummary(record, locale);
  const userId = context.user?.id ?? null;
  const [mine, { results, problem }] = await Promise.all([
    userId ? myVote(context.db, record, userId) : null,
    readResults(context.db, record, now),
  ]);
  const manage = mayManageVote(context.actor, record);
  return {
    title: vote.title,
    vote,
    origin: context.origin,
    now: now.toISOString(),
    results,
    // Why it cannot be counted, for the committee; that it is being checked, for everyone else.
    problem: problem && (manage ? problem : ("checking" as const)),
    schedule:
      manage && record.status === "open"
        ? {
            closesAt: utcToZonedLocal(record.row.closesAt, record.community.timeZone),
            timeZone: record.community.timeZone,
            reasonLimit: SCHEDULE_REASON_LIMIT,
          }
        : null,
    mine: mine && {
      eligible: mine.eligible,
      voted: mine.voted,
      castBy: mine.castBy,
      votedOn: mine.votedOn,
      // An open vote's recorded ballot fills the form for a change; a secret one is never shown.
      values: mine.content
        ? ballotToValues({ method: vote.method, ballot: mine.content } as FormBallot)
        : null,
    },
    viewer: {
      signedIn: userId !== null,
      manage,
      proxy: mayProxy(context.actor, record),
    },
  };
}

type CastFailure = BallotFailure & { intent: "cast" };
type CastDone = { ok: true; intent: "cast"; receipt: string; day: string; replaced: boolean };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const { t } = await requestI18n(request);
  const now = new Date();
  const record = await requireVote(context, params.id, now);
  const form = await request.formData().catch(() => {
    throw new Response("Bad Request", { status: 400 });
  });
  const intent = form.get("intent");
  if (intent === "closeEarly" || intent === "extend")
    return reschedule(context, record, intent, formValues(form), now, t);
  if (intent !== "cast") throw new Response("Bad Request", { status: 400 });
  const fail = (failure: BallotFailure, status: number, headers?: HeadersInit) =>
    data({ intent: "cast" as const, ...failure } satisfies CastFailure, { status, headers });
  const wait = await context.rateLimits.consume("proposalWrite", user.id);
  if (wait !== null)
    return fail(
      ballotFormFailure(form, {
        key: "account.rateLimited",
        values: { minutes: Math.ceil(wait / 60) },
      }),
      429,
      { "Retry-After": String(wait) },
    );
  const parsed = parseBallotForm(form, ballotRules(record));
  if (!parsed.ok) return fail(parsed, 400);
  const receipt = formValues(form).receipt?.trim() || null;
  const result = await castBallot(
    context.db,
    context.documents,
    record,
    context.actor,
    { content: parsed.ballot.ballot, receipt },
    now,
  );
  if (!result.ok) {
    const failure = ballotFormFailure(form, { key: voteErrorKey(result.reason) });
    if (result.reason === "receiptRequired" || result.reason === "badReceipt")
      failure.errors = { receipt: failure.errors._form! };
    return fail(failure, result.reason === "notAllowed" ? 403 : 409);
  }
  const day = ballotDay(now, record.community.timeZone);
  if (result.receipt)
    return data({
      ok: true as const,
      intent: "cast" as const,
      receipt: result.receipt,
      day,
      replaced: result.replaced,
    } satisfies CastDone);
  return redirectWithToast(context, `/votes/${record.row.id}#my-ballot`, {
    kind: "success",
    message: t(result.replaced ? "vote.ballotChanged" : "vote.ballotRecorded"),
  });
}

/** What the committee's forms to close early or extend send. */
const scheduleForm = z.object({
  reason: z.string().trim().min(1).max(SCHEDULE_REASON_LIMIT),
  closesAt: z.string().max(40).optional(),
});

type ScheduleFailure = FormFailure & { intent: "closeEarly" | "extend" };

/** The committee closes the vote early or extends it (the service checks who may, and when). */
async function reschedule(
  context: ActionFunctionArgs["context"],
  record: Awaited<ReturnType<typeof requireVote>>,
  intent: "closeEarly" | "extend",
  values: Record<string, string>,
  now: Date,
  t: Awaited<ReturnType<typeof requestI18n>>["t"],
) {
  const fail = (reason: ScheduleRefusal, field = "_form") =>
    data(
      {
        intent,
        ...formFailure(
          {
            key: voteErrorKey(reason),
            values: reason === "badReason" ? { limit: SCHEDULE_REASON_LIMIT } : undefined,
          },
          values,
          field,
        ),
      } satisfies ScheduleFailure,
      { status: reason === "notAllowed" ? 403 : 400 },
    );
  const parsed = scheduleForm.safeParse(values);
  if (!parsed.success) return fail("badReason", "reason");
  const mail = { mailer: context.mailer, origin: context.origin };
  let result;
  if (intent === "closeEarly") {
    result = await closeVoteEarly(
      context.db,
      context.documents,
      mail,
      record,
      context.actor,
      parsed.data.reason,
      now,
    );
  } else {
    const closesAt = zonedLocalToUtc(parsed.data.closesAt ?? "", record.community.timeZone);
    if (!closesAt) return fail("badClose", "closesAt");
    result = await extendVote(
      context.db,
      mail,
      record,
      context.actor,
      { closesAt, reason: parsed.data.reason },
      now,
    );
  }
  if (!result.ok)
    return fail(
      result.reason,
      result.reason === "badReason"
        ? "reason"
        : result.reason === "badClose"
          ? "closesAt"
          : "_form",
    );
  return redirectWithToast(context, `/votes/${record.row.id}`, {
    kind: "success",
    message: t(intent === "closeEarly" ? "schedule.closedEarly" : "schedule.extended"),
  });
}

export default function VotePage() {
  const { vote, now, results, problem, schedule, mine, viewer, origin } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date } = useI18n();
  const done = actionData && "receipt" in actionData ? actionData : undefined;
  const failure =
    actionData && actionData.intent === "cast" && !("receipt" in actionData)
      ? actionData
      : undefined;
  const scheduleFailure =
    actionData && actionData.intent !== "cast" ? (actionData as ScheduleFailure) : undefined;
  const spec = ballotSpec(vote);
  const trail = [
    { label: vote.community.name, to: `/c/${vote.community.slug}` },
    { label: t("votes.listTitle"), to: `/c/${vote.community.slug}/votes` },
  ];
  const values = failure
    ? { fields: failure.values, options: failure.options }
    : (mine?.values ?? { fields: {}, options: [] });
  const open = vote.status === "open";
  const showsBallot = open && Boolean(mine?.eligible) && !done;
  const base = `/votes/${vote.id}`;
  return (
    <article className="stack vote-page" aria-labelledby="vote-title">
      <Breadcrumbs trail={trail} current={vote.title} />
      <header className="page-header stack-tight">
        <p className="cluster">
          <VoteStatusBadge phase={vote.status} />
          <span className="badge">{t(`voteMethod.${vote.method}` as MessageKey)}</span>
          <span className="badge">{vote.secret ? t("vote.secret") : t("vote.open")}</span>
        </p>
        <h1 id="vote-title">{vote.title}</h1>
        <p className="vote-when">
          <VoteWhen
            phase={vote.status}
            opensAt={vote.opensAt}
            closesAt={vote.closesAt}
            now={now}
            timeZone={vote.community.timeZone}
          />
        </p>
        {vote.proposal ? (
          <p>
            {t("vote.onProposal")}{" "}
            <Link to={`/proposals/${vote.proposal.id}`}>{vote.proposal.title}</Link>
          </p>
        ) : null}
      </header>

      {done ? (
        <>
          <p className="notice notice--success" role="status">
            {t(done.replaced ? "vote.changedOn" : "vote.recordedOn", {
              day: date(done.day, "UTC"),
            })}
          </p>
          <ReceiptBox
            receipt={done.receipt}
            voteTitle={vote.title}
            ballotsUrl={`${origin}${base}/ballots`}
          />
        </>
      ) : null}

      {vote.cancelled ? <p className="notice notice--error">{t("vote.cancelled")}</p> : null}
      {vote.description ? <p className="lede vote-description">{vote.description}</p> : null}
      {(open || mine?.voted) && !done ? (
        <section id="my-ballot" aria-labelledby="my-ballot-title" className="vote-panel">
          <h2 id="my-ballot-title">{t("vote.yourBallot")}</h2>
          <MyBallot
            open={open}
            secret={vote.secret}
            signedIn={viewer.signedIn}
            mine={mine}
            justCast={Boolean(done)}
            voteId={vote.id}
          />
          {showsBallot ? (
            mine?.voted ? (
              <details className="disclosure" open={Boolean(failure)}>
                <summary>{t("vote.changeBallot")}</summary>
                <BallotForm
                  spec={spec}
                  values={vote.secret && !failure ? { fields: {}, options: [] } : values}
                  errors={failure?.errors}
                  submitLabel={t("vote.submitChange")}
                  after={
                    vote.secret ? (
                      <TextField
                        label={t("receipt.fieldLabel")}
                        name="receipt"
                        autoComplete="off"
                        spellCheck={false}
                        hint={t("receipt.fieldHint")}
                        error={failure?.errors.receipt}
                        required
                      />
                    ) : null
                  }
                />
              </details>
            ) : (
              <BallotForm
                spec={spec}
                values={values}
                errors={failure?.errors}
                submitLabel={t("vote.submit")}
              />
            )
          ) : null}
        </section>
      ) : null}

      {results && (results.status === "closed" || results.running) ? (
        <section id="results" aria-labelledby="results-title" className="stack">
          <h2 id="results-title">{t("results.title")}</h2>
          <VoteResultsView
            results={results}
            projects={vote.options.map((o) => ({ id: o.id, name: o.label, cost: o.cost ?? 0 }))}
          />
          {results.status === "closed" ? (
            <ul className="downloads" aria-label={t("results.downloads")}>
              <li>
                <Link to={`${base}/ballots`}>{t("results.ballotBox")}</Link>
              </li>
              <li>
                <a href={`${base}/results.csv`} download>
                  {t("results.downloadCsv")}
                </a>
              </li>
              <li>
                <a href={`${base}/results.json`} download>
                  {t("results.downloadJson")}
                </a>
              </li>
            </ul>
          ) : null}
        </section>
      ) : null}

      {problem ? (
        <section id="results" aria-labelledby="results-title" className="stack">
          <h2 id="results-title">{t("results.title")}</h2>
          <VoteAttention problem={problem} />
        </section>
      ) : null}

      {schedule ? <ScheduleForms {...schedule} failure={scheduleFailure} /> : null}

      {vote.options.length > 0 && !showsBallot ? (
        <section aria-labelledby="options-title" className="stack-tight">
          <h2 id="options-title">{t("vote.optionsTitle", { count: vote.options.length })}</h2>
          <ol className="option-list">
            {vote.options.map((option) => (
              <li key={option.id}>{option.label}</li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="rules-title" className="stack-tight">
        <h2 id="rules-title">{t("vote.rulesTitle")}</h2>
        <VoteRules vote={vote} />
      </section>

      {viewer.manage || viewer.proxy ? (
        <nav className="cluster no-print" aria-label={t("vote.helpersNav")}>
          {viewer.manage ? <Link to={`${base}/paper`}>{t("paper.title")}</Link> : null}
          {viewer.proxy && open ? <Link to={`${base}/proxy`}>{t("proxy.title")}</Link> : null}
        </nav>
      ) : null}
    </article>
  );
}

/** Where the reader stands: may they vote, have they, and what to do next. */
function MyBallot({
  open,
  secret,
  signedIn,
  mine,
  justCast,
  voteId,
}: {
  open: boolean;
  secret: boolean;
  signedIn: boolean;
  mine: {
    eligible: boolean;
    voted: boolean;
    castBy: "self" | "proxy" | null;
    votedOn: string | null;
  } | null;
  justCast: boolean;
  voteId: number;
}) {
  const { t, date } = useI18n();
  if (!signedIn)
    return open ? (
      <p>
        <Link to={`/sign-in?redirectTo=${encodeURIComponent(`/votes/${voteId}`)}`}>
          {t("vote.signInToVote")}
        </Link>
      </p>
    ) : null;
  if (!mine?.eligible) return <p className="notice">{t("vote.notEligible")}</p>;
  if (justCast) return null;
  if (mine.voted)
    return (
      <p className="notice notice--success">
        {mine.castBy === "proxy" ? t("vote.votedByProxy") : t("vote.voted")}{" "}
        {mine.votedOn ? `${t("vote.recordedDay", { day: date(mine.votedOn, "UTC") })} ` : null}
        {open ? (secret ? t("vote.changeSecretHow") : t("vote.changeOpenHow")) : null}
      </p>
    );
  return open ? <p>{t("vote.notYetVoted")}</p> : null;
}
