import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import { ErrorSummary, TextField } from "~/components/ui/field";
import { childLevelOf, SLUG_PATTERN } from "~/domain/community-tree";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { useI18n } from "~/i18n/react";
import { forbiddenByService, requireActor } from "~/lib/guards.server";
import { loadCommunity } from "~/lib/community.server";
import { formFailure, formValues, parseForm, type FieldErrors } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import {
  createCommunity,
  moveCommunity,
  renameCommunity,
  type CommunityChangeError,
} from "~/services/communities.server";
import { LEVEL_KEYS } from "~/components/community-list";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const names = {
  name: z.string().trim().min(1).max(60),
  nameZhHant: z.string().trim().max(60),
  nameEn: z.string().trim().max(80),
};
const ManageSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rename"), ...names }),
  z.object({
    intent: z.literal("create"),
    slug: z.string().trim().min(2).max(80).regex(SLUG_PATTERN),
    ...names,
  }),
  z.object({
    intent: z.literal("move"),
    parentSlug: z.string().trim().min(2).max(80).regex(SLUG_PATTERN),
  }),
]);

const ERROR_KEYS: Record<CommunityChangeError, { field: string; key: MessageKey }> = {
  slugTaken: { field: "slug", key: "manage.slugTaken" },
  wrongLevel: { field: "parentSlug", key: "manage.wrongLevel" },
  cycle: { field: "parentSlug", key: "manage.cycle" },
  noSuchParent: { field: "parentSlug", key: "manage.noSuchParent" },
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const { community, name } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "community.manage",
  );
  return {
    title: t("manage.title", { community: name }),
    community: {
      slug: community.slug,
      displayName: name,
      name: community.name,
      nameZhHant: community.nameZhHant ?? "",
      nameEn: community.nameEn ?? "",
      childLevel: childLevelOf(community.level),
      root: community.parentId === null,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const { locale, t } = await requestI18n(request);
  const { community } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "community.manage",
  );
  const form = await request.formData();
  const parsed = parseForm(form, ManageSchema);
  if (!parsed.ok)
    return data({ ...parsed, intent: formValues(form).intent ?? "" }, { status: 400 });
  const input = parsed.data;
  const result =
    input.intent === "rename"
      ? await renameCommunity(context.db, actor, { community, ...input })
      : input.intent === "create"
        ? await createCommunity(context.db, actor, { parent: community, ...input })
        : await moveCommunity(context.db, actor, { community, newParentSlug: input.parentSlug });
  if (!result.ok) {
    // The service asks the policy: moving needs manage rights at the destination too.
    if (result.reason === "forbidden") throw forbiddenByService();
    const { field, key } = ERROR_KEYS[result.reason];
    return data(
      {
        ...formFailure({ key }, formValues(form), field),
        intent: input.intent,
      },
      { status: 400 },
    );
  }
  const target = input.intent === "create" ? input.slug : community.slug;
  return redirectWithToast(context, `/c/${target}`, {
    kind: "success",
    message: t("manage.saved"),
  });
}

/** The three forms of a unit's name, shared by the rename and create forms. */
function NameFields({
  intent,
  labels,
  values,
  errors,
}: {
  intent: string;
  labels: { name: string; nameZhHant: string; nameEn: string };
  values: Record<string, string | undefined>;
  errors: FieldErrors | undefined;
}) {
  return (
    <>
      <TextField
        id={`${intent}-name`}
        label={labels.name}
        name="name"
        required
        defaultValue={values.name}
        error={errors?.name}
      />
      <TextField
        id={`${intent}-nameZhHant`}
        label={labels.nameZhHant}
        name="nameZhHant"
        defaultValue={values.nameZhHant}
        error={errors?.nameZhHant}
      />
      <TextField
        id={`${intent}-nameEn`}
        label={labels.nameEn}
        name="nameEn"
        defaultValue={values.nameEn}
        error={errors?.nameEn}
      />
    </>
  );
}

export default function ManageCommunity() {
  const { community } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useI18n();
  const errorsFor = (intent: string): FieldErrors | undefined =>
    failure?.intent === intent ? failure.errors : undefined;
  const valuesFor = (intent: string): Record<string, string> =>
    failure?.intent === intent ? failure.values : {};
  const nameLabels = {
    name: t("manage.name"),
    nameZhHant: t("manage.nameZhHant"),
    nameEn: t("manage.nameEn"),
  };
  return (
    <>
      <p>
        <Link to={`/c/${community.slug}`}>← {community.displayName}</Link>
      </p>
      <h1>{t("manage.title", { community: community.displayName })}</h1>
      <section className="stack narrow" aria-labelledby="rename-title">
        <h2 id="rename-title">{t("manage.rename")}</h2>
        <Form method="post" noValidate className="stack">
          <input type="hidden" name="intent" value="rename" />
          <ErrorSummary errors={errorsFor("rename")} labels={nameLabels} idPrefix="rename" />
          <NameFields
            intent="rename"
            labels={nameLabels}
            values={{
              name: valuesFor("rename").name ?? community.name,
              nameZhHant: valuesFor("rename").nameZhHant ?? community.nameZhHant,
              nameEn: valuesFor("rename").nameEn ?? community.nameEn,
            }}
            errors={errorsFor("rename")}
          />
          <Button type="submit">{t("settings.save")}</Button>
        </Form>
      </section>
      {community.childLevel ? (
        <section className="stack narrow" aria-labelledby="create-title">
          <h2 id="create-title">
            {t("manage.create", { level: t(LEVEL_KEYS[community.childLevel]) })}
          </h2>
          <Form method="post" noValidate className="stack">
            <input type="hidden" name="intent" value="create" />
            <ErrorSummary
              idPrefix="create"
              errors={errorsFor("create")}
              labels={{ ...nameLabels, slug: t("manage.slug") }}
            />
            <TextField
              id="create-slug"
              label={t("manage.slug")}
              name="slug"
              required
              hint={t("manage.slugHint")}
              defaultValue={valuesFor("create").slug}
              error={errorsFor("create")?.slug}
            />
            <NameFields
              intent="create"
              labels={nameLabels}
              values={valuesFor("create")}
              errors={errorsFor("create")}
            />
            <Button type="submit">{t("manage.createButton")}</Button>
          </Form>
        </section>
      ) : null}
      {community.root ? null : (
        <section className="stack narrow" aria-labelledby="move-title">
          <h2 id="move-title">{t("manage.move")}</h2>
          <Form method="post" noValidate className="stack">
            <input type="hidden" name="intent" value="move" />
            <ErrorSummary
              idPrefix="move"
              errors={errorsFor("move")}
              labels={{ parentSlug: t("manage.parentSlug") }}
            />
            <TextField
              id="move-parentSlug"
              label={t("manage.parentSlug")}
              name="parentSlug"
              required
              hint={t("manage.parentSlugHint")}
              defaultValue={valuesFor("move").parentSlug}
              error={errorsFor("move")?.parentSlug}
            />
            <Button type="submit" variant="secondary">
              {t("manage.moveButton")}
            </Button>
          </Form>
        </section>
      )}
    </>
  );
}
