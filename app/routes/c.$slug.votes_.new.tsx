import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { NewVoteForm } from "~/components/votes/new-vote-form";
import { mayView } from "~/domain/policy";
import { VOTE_METHODS } from "~/domain/vote-rules";
import { useI18n } from "~/i18n/react";
import { requireUser } from "~/lib/guards.server";
import { loadCommunity } from "~/lib/community.server";
import { formFailure, formValues, parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { fieldOfRefusal, NewVoteSchema, parseOptionLines, settingsFrom } from "~/lib/votes-setup";
import { utcToZonedLocal, zonedLocalToUtc } from "~/lib/votes-time";
import { loadProposal } from "~/services/proposals/index.server";
import { createVote, PROPOSAL_VOTE_METHODS, voteErrorKey } from "~/services/votes/index.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/** The proposal named by `?proposal=<id>` (or the form's `proposal` field), if any. */
async function proposalFor(context: LoaderFunctionArgs["context"], value: string | null) {
  if (!value || !/^\d{1,10}$/.test(value)) return null;
  const record = await loadProposal(context.db, Number(value));
  if (!record || !mayView(context.actor, record.context)) return null;
  return { id: record.row.id, title: record.row.title, status: record.context.status };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  const { locale, t } = await requestI18n(request);
  const { community, name } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "vote.manage",
  );
  const proposal = await proposalFor(context, new URL(request.url).searchParams.get("proposal"));
  const now = new Date();
  const zone = community.timeZone;
  return {
    title: t("newVote.title", { community: name }),
    community: { slug: community.slug, name, timeZone: zone },
    proposal,
    methods: proposal ? PROPOSAL_VOTE_METHODS : VOTE_METHODS,
    defaults: {
      opensAt: utcToZonedLocal(now, zone),
      closesAt: utcToZonedLocal(new Date(now.getTime() + 7 * 86_400_000), zone),
      secrecy: "secret",
      title: proposal?.title ?? "",
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const { locale, t } = await requestI18n(request);
  const { community, resource } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "vote.manage",
  );
  const form = await request.formData();
  const values = formValues(form);
  const wait = await context.rateLimits.consume("proposalWrite", user.id);
  if (wait !== null)
    return data(
      formFailure(
        { key: "account.rateLimited", values: { minutes: Math.ceil(wait / 60) } },
        values,
      ),
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  const parsed = parseForm(form, NewVoteSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const input = parsed.data;
  const options = parseOptionLines(input.options, input.method);
  if (!options.ok) return data(formFailure(options.error, values, "options"), { status: 400 });
  const opensAt = zonedLocalToUtc(input.opensAt, community.timeZone);
  const closesAt = zonedLocalToUtc(input.closesAt, community.timeZone);
  if (!opensAt)
    return data(formFailure({ key: "form.invalid" }, values, "opensAt"), { status: 400 });
  if (!closesAt)
    return data(formFailure({ key: "form.invalid" }, values, "closesAt"), { status: 400 });
  const optionless = input.method === "majority" || input.method === "consent";
  const result = await createVote(context.db, context.documents, {
    community,
    resource,
    actor: context.actor!,
    proposalId: input.proposal || null,
    title: input.title,
    description: input.description,
    method: input.method,
    settings: settingsFrom(input),
    secret: input.secrecy === "secret",
    showRunning: input.secrecy === "open" && input.showRunning === "on",
    opensAt,
    closesAt,
    options: optionless ? [] : options.options,
  });
  if (!result.ok) {
    if (result.reason === "notAllowed") throw new Response("Forbidden", { status: 403 });
    return data(
      formFailure({ key: voteErrorKey(result.reason) }, values, fieldOfRefusal(result.reason)),
      { status: 400 },
    );
  }
  return redirectWithToast(context, `/votes/${result.id}`, {
    kind: "success",
    message: t("newVote.created"),
  });
}

export default function NewVote() {
  const { community, proposal, methods, defaults } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="stack vote-form-page">
      <Breadcrumbs
        trail={[
          { label: community.name, to: `/c/${community.slug}` },
          { label: t("votes.listTitle"), to: `/c/${community.slug}/votes` },
        ]}
        current={t("votes.new")}
      />
      <h1>{t("newVote.heading")}</h1>
      {proposal ? (
        <p className="lede">{t("newVote.onProposal", { title: proposal.title })}</p>
      ) : (
        <p className="lede">{t("newVote.intro")}</p>
      )}
      <NewVoteForm
        methods={methods}
        values={failure?.values ?? defaults}
        errors={failure?.errors}
        timeZone={community.timeZone}
        proposal={proposal}
      />
    </div>
  );
}
