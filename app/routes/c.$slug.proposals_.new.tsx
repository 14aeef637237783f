import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { Button } from "~/components/ui/button";
import { ErrorSummary, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { CONTENT_LANGUAGES, LIMITS, PROPOSAL_CATEGORIES } from "~/domain/proposals";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { useI18n } from "~/i18n/react";
import { requireUser } from "~/lib/guards.server";
import { loadCommunity } from "~/lib/community.server";
import { formFailure, formValues, parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { setToastCookie } from "~/lib/toast.server";
import { listBuildings, listChildren } from "~/services/communities.server";
import { createProposal } from "~/services/proposals/index.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const NewProposalSchema = z.object({
  title: z.string().trim().min(4).max(LIMITS.title),
  summary: z.string().trim().min(10).max(LIMITS.summary),
  category: z.enum(PROPOSAL_CATEGORIES),
  language: z.enum(CONTENT_LANGUAGES),
  concernsId: z.union([z.literal(""), z.coerce.number().int().positive().max(2_147_483_647)]),
  body: z.string().trim().max(LIMITS.body),
});

/** The grids and buildings below the community, for "what does it concern". */
async function concernOptions(
  context: LoaderFunctionArgs["context"],
  communityId: number,
  locale: Parameters<typeof listBuildings>[2],
) {
  const [grids, buildings] = await Promise.all([
    listChildren(context.db, communityId, { page: 1, pageSize: 100 }, locale),
    listBuildings(context.db, communityId, locale),
  ]);
  return [
    ...grids.items.filter((g) => g.level === "grid").map((g) => ({ id: g.id, name: g.name })),
    ...buildings,
  ];
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  const { locale, t } = await requestI18n(request);
  const { community, name } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "proposal.create",
  );
  if (community.level !== "community") throw new Response(null, { status: 404 });
  return {
    title: t("proposal.newTitle", { community: name }),
    community: { slug: community.slug, name },
    locale,
    concerns: await concernOptions(context, community.id, locale),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireUser(context, request);
  const { locale, t } = await requestI18n(request);
  const { community, resource } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "proposal.create",
  );
  const form = await request.formData();
  const wait = await context.rateLimits.consume("proposalWrite", context.user!.id);
  if (wait !== null)
    return data(
      formFailure(
        { key: "account.rateLimited", values: { minutes: Math.ceil(wait / 60) } },
        formValues(form),
      ),
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  const parsed = parseForm(form, NewProposalSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await createProposal(context.db, {
    community,
    resource,
    actor: context.actor!,
    title: parsed.data.title,
    summary: parsed.data.summary,
    category: parsed.data.category,
    language: parsed.data.language,
    concernsId: parsed.data.concernsId === "" ? null : parsed.data.concernsId,
    body: parsed.data.body,
  });
  if (!result.ok) {
    if (result.reason === "badConcerns")
      return data(formFailure({ key: "form.chooseOne" }, formValues(form), "concernsId"), {
        status: 400,
      });
    throw new Response("Forbidden", { status: 403 });
  }
  const cookie = await setToastCookie(
    { kind: "success", message: t("proposal.created") },
    context.config.sessionSecret,
    context.secure,
  );
  return redirect(`/proposals/${result.id}`, { headers: { "Set-Cookie": cookie } });
}

export default function NewProposal() {
  const { community, concerns, locale } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useI18n();
  const values = failure?.values ?? {};
  const labels = {
    title: t("proposal.fieldTitle"),
    summary: t("proposal.fieldSummary"),
    category: t("proposal.fieldCategory"),
    language: t("proposal.fieldLanguage"),
    concernsId: t("proposal.fieldConcerns"),
    body: t("proposal.fieldBody"),
  };
  return (
    <div className="stack narrow">
      <Breadcrumbs
        trail={[
          { label: community.name, to: `/c/${community.slug}` },
          { label: t("proposal.listTitle"), to: `/c/${community.slug}/proposals` },
        ]}
        current={t("proposal.new")}
      />
      <h1>{t("proposal.newHeading")}</h1>
      <p className="lede">{t("proposal.newIntro")}</p>
      <Form method="post" noValidate className="stack">
        <ErrorSummary errors={failure?.errors} labels={labels} />
        <TextField
          label={labels.title}
          name="title"
          required
          hint={t("proposal.titleHint", { maximum: LIMITS.title })}
          defaultValue={values.title}
          error={failure?.errors.title}
        />
        <TextareaField
          label={labels.summary}
          name="summary"
          required
          hint={t("proposal.summaryHint")}
          defaultValue={values.summary}
          error={failure?.errors.summary}
        />
        <SelectField
          label={labels.category}
          name="category"
          required
          defaultValue={values.category ?? ""}
          error={failure?.errors.category}
          options={[
            { value: "", label: t("proposal.chooseCategory") },
            ...PROPOSAL_CATEGORIES.map((c) => ({
              value: c,
              label: t(`category.${c}` as MessageKey),
            })),
          ]}
        />
        {concerns.length > 0 ? (
          <SelectField
            label={labels.concernsId}
            name="concernsId"
            hint={t("proposal.concernsHint")}
            defaultValue={values.concernsId ?? ""}
            error={failure?.errors.concernsId}
            options={[
              { value: "", label: t("proposal.concernsWhole") },
              ...concerns.map((c) => ({ value: String(c.id), label: c.name })),
            ]}
          />
        ) : null}
        <SelectField
          label={labels.language}
          name="language"
          hint={t("proposal.languageHint")}
          defaultValue={values.language ?? locale}
          error={failure?.errors.language}
          options={CONTENT_LANGUAGES.map((l) => ({
            value: l,
            label: t(`proposal.language.${l}` as MessageKey),
          }))}
        />
        <TextareaField
          label={labels.body}
          name="body"
          hint={t("proposal.bodyHint")}
          defaultValue={values.body}
          error={failure?.errors.body}
        />
        <Button type="submit">{t("proposal.create")}</Button>
      </Form>
    </div>
  );
}
