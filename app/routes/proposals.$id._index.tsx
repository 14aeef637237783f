import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { LiveDocument } from "~/components/editor/live-document";
import {
  Comments,
  discussionFailure,
  FollowButton,
  ReportForm,
} from "~/components/proposals/comments";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { VoteCard } from "~/components/votes/vote-card";
import { Button } from "~/components/ui/button";
import { ErrorSummary, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { availableTransitions, TRANSITION_NAMES } from "~/domain/proposal-lifecycle";
import { LIMITS, PROPOSAL_CATEGORIES } from "~/domain/proposals";
import {
  can,
  documentAccessFor,
  mayEditText,
  mayReadHidden,
  maySupport,
  mayView,
} from "~/domain/policy";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { useI18n } from "~/i18n/react";
import { requireUser } from "~/lib/guards.server";
import { handleDiscussionIntent } from "~/lib/discussion-intents.server";
import { formFailure, formValues, parseForm, type FormFailure } from "~/lib/forms";
import { parsePageParam } from "~/domain/pagination";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { notFound } from "~/lib/refusal";
import { voteCardData } from "~/lib/vote-sections.server";
import { redirectWithToast } from "~/lib/toast.server";
import { listAncestors, localizedName } from "~/services/communities.server";
import { loadDiscussion } from "~/services/discussion/index.server";
import {
  answerInvitation,
  docNameOf,
  hasSupported,
  IMPLEMENTED_TRANSITIONS,
  inviteCoauthor,
  isFollowing,
  listAuthors,
  loadProposal,
  supportProposal,
  transitionContext,
  transitionProposal,
  updateProposalDetails,
  withdrawSupport,
  type ProposalRecord,
} from "~/services/proposals/index.server";
import { convertHtml, convertScript } from "~/services/script.server";
import { listVotes } from "~/services/votes/index.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/** Votes listed on a proposal's page (there is one, unless it was cancelled and opened again). */
const VOTES_SHOWN = 5;

/** The decision a closed vote gave the proposal, if any. */
function decisionOf(outcome: string | null): "adopted" | "rejected" | null {
  return outcome === "adopted" || outcome === "rejected" ? outcome : null;
}

async function requireProposal(
  context: LoaderFunctionArgs["context"],
  id: string | undefined,
): Promise<ProposalRecord> {
  const record = id && /^\d{1,10}$/.test(id) ? await loadProposal(context.db, Number(id)) : null;
  if (!record || !mayView(context.actor, record.context)) throw notFound("proposal");
  return record;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  // Reading never writes: a vote on it whose time has passed is closed, and the proposal decided,
  // by the vote clock (its cards below show the vote's status from the times meanwhile).
  const record = await requireProposal(context, params.id);
  const { row, community } = record;
  const actor = context.actor;
  const url = new URL(request.url);
  const showHidden = !record.context.hidden || mayReadHidden(actor, record.context);

  // Reading across scripts: a zh-Hant reader sees a zh-Hans text converted, and the other way round.
  const wantOriginal = url.searchParams.get("original") === "1";
  const language = row.language as "zh-Hans" | "zh-Hant" | "en";
  const convertible = convertScript("", language, locale) !== null;
  const converted = convertible && !wantOriginal;
  const text = (value: string) =>
    converted ? (convertScript(value, language, locale) ?? value) : value;
  const html = (value: string) =>
    converted ? (convertHtml(value, language, locale) ?? value) : value;

  const editing = url.searchParams.get("edit");
  const [ancestors, authors, ctx, discussion, votesOnIt] = await Promise.all([
    listAncestors(context.db, community, locale),
    listAuthors(context.db, row.id),
    transitionContext(context.db, record, actor),
    loadDiscussion(context.db, record.context, actor, parsePageParam(url.searchParams.get("page"))),
    listVotes(
      context.db,
      { communityIds: [community.id], proposalId: row.id },
      { page: 1, pageSize: VOTES_SHOWN },
    ),
  ]);
  const transitions = availableTransitions(record.context.status, ctx).filter((name) =>
    IMPLEMENTED_TRANSITIONS.includes(name),
  );
  const userId = context.user?.id ?? null;
  const access = documentAccessFor(actor, record.context);
  const title = showHidden ? text(row.title) : t("proposal.hiddenTitle");
  return {
    title,
    proposal: {
      id: row.id,
      title,
      summary: showHidden ? text(row.summary) : "",
      bodyHtml: showHidden ? html(row.bodyHtml) : "",
      status: record.context.status,
      category: row.category,
      // The untranslated fields only for the form that edits them (never for a hidden proposal).
      originalTitle: mayEditText(actor, record.context) ? row.title : "",
      originalSummary: mayEditText(actor, record.context) ? row.summary : "",
      language,
      createdAt: row.createdAt.toISOString(),
      publishedAt: row.publishedAt?.toISOString() ?? null,
      supportCount: row.supportCount,
      commentCount: row.commentCount,
      hidden: record.context.hidden,
      hiddenReason: row.hiddenReason,
      outcome: decisionOf(row.outcome),
      hearingsHeld: ctx.hearingsHeld,
      showHidden,
    },
    converted,
    convertible,
    community: {
      slug: community.slug,
      name: localizedName(community, locale),
      timeZone: community.timeZone,
    },
    ancestors,
    authors,
    threshold: ctx.supportThreshold,
    transitions,
    viewer: {
      signedIn: userId !== null,
      name: context.user?.displayName ?? "",
      isAuthor: userId !== null && record.context.authorIds.includes(userId),
      mayEditText: mayEditText(actor, record.context),
      invited: userId !== null && record.context.invitedIds.includes(userId),
      supported: userId ? await hasSupported(context.db, row.id, userId) : false,
      maySupport: maySupport(actor, record.context),
      manageVotes: can(actor, "vote.manage", record.context.resource),
      following: userId ? await isFollowing(context.db, row.id, userId) : false,
      access,
    },
    votes: votesOnIt.items.map(voteCardData),
    now: new Date().toISOString(),
    docName: docNameOf(row.id),
    discussion,
    editingId: editing && /^\d{1,10}$/.test(editing) ? Number(editing) : undefined,
  };
}

const TransitionSchema = z.object({ transition: z.enum(TRANSITION_NAMES) });
const InviteSchema = z.object({ email: z.email().max(254) });
const DetailsSchema = z.object({
  title: z.string().trim().min(4).max(LIMITS.title),
  summary: z.string().trim().min(10).max(LIMITS.summary),
  category: z.enum(PROPOSAL_CATEGORIES),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const { locale, t } = await requestI18n(request);
  const record = await requireProposal(context, params.id);
  const actor = context.actor!;
  const form = await request.formData().catch(() => {
    throw new Response("Bad Request", { status: 400 });
  });
  const intentValue = form.get("intent");
  const intent = typeof intentValue === "string" ? intentValue : "";
  // Comments, replies, reports and following are the discussion's (its own limits and checks).
  const discussed = await handleDiscussionIntent({
    context,
    request,
    form,
    proposal: record.context,
    locale,
    t,
  });
  if (discussed) return discussed;
  const back = `/proposals/${record.context.id}`;
  const wait = await context.rateLimits.consume("proposalWrite", user.id);
  if (wait !== null)
    return data(
      {
        intent,
        ...formFailure(
          { key: "account.rateLimited", values: { minutes: Math.ceil(wait / 60) } },
          formValues(form),
        ),
      },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );

  switch (intent) {
    case "transition": {
      const parsed = parseForm(form, TransitionSchema);
      if (!parsed.ok) return data({ intent, ...parsed }, { status: 400 });
      const result = await transitionProposal(
        context.db,
        context.documents,
        record,
        actor,
        parsed.data.transition,
        { mailer: context.mailer, origin: context.origin },
      );
      if (!result.ok)
        return data(
          {
            intent,
            ...formFailure(
              { key: `transitionRefused.${result.reason}` as MessageKey },
              formValues(form),
            ),
          },
          { status: result.reason === "notAllowed" ? 403 : 409 },
        );
      return redirectWithToast(context, back, {
        kind: "success",
        message: t(`transitionDone.${parsed.data.transition}` as MessageKey),
      });
    }
    case "support": {
      const result = await supportProposal(context.db, record, actor, {
        mailer: context.mailer,
        origin: context.origin,
      });
      if (result === "notAllowed") throw new Response("Forbidden", { status: 403 });
      return redirectWithToast(context, `${back}#support`, {
        kind: result === "supported" ? "success" : "info",
        message: t(result === "supported" ? "proposal.supported" : "proposal.alreadySupported"),
      });
    }
    case "unsupport": {
      await withdrawSupport(context.db, record, actor);
      return redirectWithToast(context, `${back}#support`, {
        kind: "info",
        message: t("proposal.supportWithdrawn"),
      });
    }
    case "details": {
      const parsed = parseForm(form, DetailsSchema);
      if (!parsed.ok) return data({ intent, ...parsed }, { status: 400 });
      if (!(await updateProposalDetails(context.db, record, actor, parsed.data)).ok)
        throw new Response("Forbidden", { status: 403 });
      return redirectWithToast(context, back, {
        kind: "success",
        message: t("proposal.detailsSaved"),
      });
    }
    case "invite": {
      const parsed = parseForm(form, InviteSchema);
      if (!parsed.ok) return data({ intent, ...parsed }, { status: 400 });
      const result = await inviteCoauthor(
        context.db,
        record,
        actor,
        user.displayName,
        parsed.data.email,
        { mailer: context.mailer, origin: context.origin },
      );
      if (result === "notAllowed") throw new Response("Forbidden", { status: 403 });
      // One answer whether or not the address belongs to a resident: the form must not tell anyone
      // who lives here.
      return redirectWithToast(context, `${back}#authors`, {
        kind: "info",
        message: t("proposal.inviteSent"),
      });
    }
    case "accept":
    case "decline": {
      const done = await answerInvitation(context.db, record, actor, intent === "accept");
      if (!done.ok) throw new Response("Not Found", { status: 404 });
      return redirectWithToast(context, back, {
        kind: "success",
        message: t(intent === "accept" ? "proposal.inviteAccepted" : "proposal.inviteDeclined"),
      });
    }
    default:
      throw new Response("Bad Request", { status: 400 });
  }
}

/** The failure of one of this page's own forms (transition, invite), not the discussion's. */
function pageFailure(actionData: unknown): (FormFailure & { intent: string }) | undefined {
  if (
    typeof actionData === "object" &&
    actionData !== null &&
    "intent" in actionData &&
    "errors" in actionData &&
    !("targetId" in actionData)
  )
    return actionData as FormFailure & { intent: string };
  return undefined;
}

function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge--status badge--${status}`}>
      {t(`proposalStatus.${status}` as MessageKey)}
    </span>
  );
}

export default function ProposalPage() {
  const {
    proposal,
    community,
    ancestors,
    authors,
    threshold,
    transitions,
    viewer,
    docName,
    converted,
    convertible,
    votes,
    now,
    ...loaded
  } = useLoaderData<typeof loader>();
  const { discussion, editingId } = loaded;
  const actionData: unknown = useActionData<typeof action>();
  const failure = pageFailure(actionData);
  const detailsFailure = failure?.intent === "details" ? failure : undefined;
  const { t, number, date, enumerate } = useI18n();
  const trail = [
    ...ancestors.map((a) => ({ label: a.name, to: `/c/${a.slug}` })),
    { label: community.name, to: `/c/${community.slug}` },
    { label: t("proposal.listTitle"), to: `/c/${community.slug}/proposals` },
  ];
  const progress = Math.min(1, proposal.supportCount / Math.max(1, threshold));
  const accepted = authors.filter((a) => a.accepted);
  return (
    <article className="stack proposal" aria-labelledby="proposal-title">
      <Breadcrumbs trail={trail} current={proposal.title} />
      <header className="page-header stack-tight">
        <p className="cluster">
          <StatusBadge status={proposal.status} />
          <span className="badge">{t(`category.${proposal.category}` as MessageKey)}</span>
        </p>
        <h1 id="proposal-title">{proposal.title}</h1>
        <p className="muted">
          {t("proposal.byline", {
            authors: enumerate(accepted.map((a) => a.name ?? t("account.formerResident"))),
            date: date(proposal.publishedAt ?? proposal.createdAt, community.timeZone),
          })}
        </p>
        {convertible ? (
          <p className="notice" role="note">
            {converted ? t("proposal.converted") : t("proposal.showingOriginal")}{" "}
            <Link to={converted ? "?original=1" : "?"} preventScrollReset>
              {converted ? t("proposal.showOriginal") : t("proposal.showConverted")}
            </Link>
          </p>
        ) : null}
        <div className="cluster">
          <Link to={`/proposals/${proposal.id}/versions`}>{t("proposal.versions")}</Link>
          {viewer.signedIn ? <FollowButton following={viewer.following} /> : null}
        </div>
      </header>

      {proposal.hidden ? (
        <p className="notice notice--warning" role="status">
          {t("proposal.hiddenNotice", { reason: proposal.hiddenReason ?? "" })}
        </p>
      ) : null}

      {viewer.invited ? (
        <section className="notice stack-tight" aria-labelledby="invitation-title">
          <h2 id="invitation-title">{t("proposal.invitationTitle")}</h2>
          <p>{t("proposal.invitationBody")}</p>
          <div className="cluster">
            <Form method="post">
              <input type="hidden" name="intent" value="accept" />
              <Button type="submit">{t("proposal.acceptInvitation")}</Button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="decline" />
              <Button type="submit" variant="secondary">
                {t("proposal.declineInvitation")}
              </Button>
            </Form>
          </div>
        </section>
      ) : null}

      {failure?.intent === "transition" ? (
        <ErrorSummary errors={failure.errors} labels={{}} />
      ) : null}

      {votes.length > 0 || proposal.hearingsHeld > 0 || proposal.outcome ? (
        <section className="stack-tight" aria-labelledby="decision-title">
          <h2 id="decision-title">{t("proposal.decisionTitle")}</h2>
          {proposal.outcome ? (
            <p
              className={`notice ${proposal.outcome === "adopted" ? "notice--success" : "notice--warning"}`}
            >
              {t(`results.proposalOutcome.${proposal.outcome}`)}
            </p>
          ) : null}
          {proposal.hearingsHeld > 0 ? (
            <p>
              <Link to={`/proposals/${proposal.id}/hearings`}>
                {t("proposal.hearingsHeld", { count: proposal.hearingsHeld })}
              </Link>
            </p>
          ) : null}
          {votes.map((vote) => (
            <VoteCard key={vote.id} vote={vote} now={now} timeZone={community.timeZone} />
          ))}
        </section>
      ) : null}

      {viewer.manageVotes && ["open", "deliberation"].includes(proposal.status) ? (
        <p className="cluster">
          {proposal.status === "deliberation" ? (
            <Link to={`/c/${community.slug}/votes/new?proposal=${proposal.id}`}>
              {t("votes.openOnProposal")}
            </Link>
          ) : null}
          <Link to={`/proposals/${proposal.id}/hearings`}>{t("hearing.record")}</Link>
        </p>
      ) : null}

      {transitions.length > 0 ? (
        <section className="cluster" aria-label={t("proposal.nextSteps")}>
          {transitions.map((name) =>
            name === "withdraw" ? (
              // Withdrawing cannot be undone: it asks once more, without needing JavaScript.
              <details className="disclosure" key={name}>
                <summary>{t("transition.withdraw")}</summary>
                <Form method="post" className="stack-tight">
                  <p>{t("proposal.withdrawConfirm")}</p>
                  <input type="hidden" name="intent" value="transition" />
                  <input type="hidden" name="transition" value={name} />
                  <Button type="submit" variant="danger">
                    {t("proposal.withdrawConfirmButton")}
                  </Button>
                </Form>
              </details>
            ) : (
              <Form method="post" key={name}>
                <input type="hidden" name="intent" value="transition" />
                <input type="hidden" name="transition" value={name} />
                <Button type="submit">{t(`transition.${name}` as MessageKey)}</Button>
              </Form>
            ),
          )}
        </section>
      ) : null}

      {proposal.showHidden ? (
        <>
          <section aria-labelledby="summary-title" className="stack-tight">
            <h2 id="summary-title" className="visually-hidden">
              {t("proposal.fieldSummary")}
            </h2>
            <p className="lede">{proposal.summary}</p>
          </section>

          <section aria-labelledby="body-title" className="stack">
            <h2 id="body-title">{t("proposal.body")}</h2>
            {viewer.access && !converted ? (
              <LiveDocument
                docName={docName}
                editable={viewer.access === "edit"}
                userName={viewer.name}
                initialHtml={proposal.bodyHtml}
              />
            ) : (
              <div
                className="rich-text"
                // Rendered from the document by the whitelist renderer (app/domain/rich-text.ts).
                dangerouslySetInnerHTML={{ __html: proposal.bodyHtml }}
              />
            )}
          </section>
        </>
      ) : null}

      <section id="support" className="stack-tight support" aria-labelledby="support-title">
        <h2 id="support-title">{t("proposal.supportTitle")}</h2>
        <p>
          {t("proposal.supportCount", {
            count: proposal.supportCount,
            threshold,
          })}
        </p>
        <meter
          min={0}
          max={threshold}
          value={Math.min(proposal.supportCount, threshold)}
          aria-label={t("proposal.supportMeter", {
            percent: number(Math.round(progress * 100)),
          })}
        />
        {viewer.maySupport ? (
          viewer.supported ? (
            <div className="cluster">
              <p className="notice notice--success">{t("proposal.youSupport")}</p>
              {proposal.status === "open" ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="unsupport" />
                  <Button type="submit" variant="ghost" size="small">
                    {t("proposal.withdrawSupport")}
                  </Button>
                </Form>
              ) : null}
            </div>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="support" />
              <Button type="submit">{t("proposal.support")}</Button>
            </Form>
          )
        ) : !viewer.signedIn && proposal.status === "open" ? (
          <p>
            <Link to={`/sign-in?redirectTo=${encodeURIComponent(`/proposals/${proposal.id}`)}`}>
              {t("proposal.signInToSupport")}
            </Link>
          </p>
        ) : viewer.isAuthor && proposal.status === "open" ? (
          <p className="muted">{t("proposal.authorsSupport")}</p>
        ) : null}
      </section>

      <Comments
        {...discussion}
        proposalId={proposal.id}
        failure={discussionFailure(actionData)}
        editingId={editingId}
      />

      {discussion.canReport && !viewer.isAuthor && !proposal.hidden ? (
        <ReportForm
          kind="proposal"
          targetId={proposal.id}
          failure={discussionFailure(actionData)}
        />
      ) : null}

      {viewer.mayEditText ? (
        <details className="disclosure" open={detailsFailure !== undefined}>
          <summary>{t("proposal.editDetails")}</summary>
          <Form method="post" noValidate className="stack">
            <input type="hidden" name="intent" value="details" />
            <ErrorSummary
              errors={detailsFailure?.errors}
              labels={{
                title: t("proposal.fieldTitle"),
                summary: t("proposal.fieldSummary"),
                category: t("proposal.fieldCategory"),
              }}
            />
            <TextField
              label={t("proposal.fieldTitle")}
              name="title"
              required
              defaultValue={detailsFailure?.values.title ?? proposal.originalTitle}
              error={detailsFailure?.errors.title}
            />
            <TextareaField
              label={t("proposal.fieldSummary")}
              name="summary"
              required
              defaultValue={detailsFailure?.values.summary ?? proposal.originalSummary}
              error={detailsFailure?.errors.summary}
            />
            <SelectField
              label={t("proposal.fieldCategory")}
              name="category"
              required
              defaultValue={detailsFailure?.values.category ?? proposal.category}
              error={detailsFailure?.errors.category}
              options={PROPOSAL_CATEGORIES.map((c) => ({
                value: c,
                label: t(`category.${c}` as MessageKey),
              }))}
            />
            <Button type="submit" variant="secondary">
              {t("proposal.saveDetails")}
            </Button>
          </Form>
        </details>
      ) : null}

      <section id="authors" className="stack-tight" aria-labelledby="authors-title">
        <h2 id="authors-title">{t("proposal.authors")}</h2>
        <ul className="inline-list">
          {authors.map((a) => (
            <li key={a.id}>
              {a.name ?? t("account.formerResident")}
              {a.accepted ? null : <span className="muted"> {t("proposal.invitedPending")}</span>}
            </li>
          ))}
        </ul>
        {viewer.isAuthor ? (
          <Form method="post" noValidate className="stack-tight invite-form">
            <input type="hidden" name="intent" value="invite" />
            <TextField
              label={t("proposal.inviteEmail")}
              name="email"
              type="email"
              hint={t("proposal.inviteHint")}
              defaultValue={failure?.intent === "invite" ? failure.values.email : undefined}
              error={failure?.intent === "invite" ? failure.errors.email : undefined}
            />
            <Button type="submit" variant="secondary">
              {t("proposal.invite")}
            </Button>
          </Form>
        ) : null}
      </section>
    </article>
  );
}
