import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import { ErrorSummary, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { useI18n } from "~/i18n/react";
import { forbiddenByService, requireActor, requireUser } from "~/lib/guards.server";
import { loadCommunity } from "~/lib/community.server";
import { formFailure, formValues, parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { listBuildings } from "~/services/communities.server";
import { requestMembership } from "~/services/membership/index.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const JoinSchema = z.object({
  buildingId: z.union([z.literal(""), z.coerce.number().int().positive()]),
  unit: z.string().trim().max(40),
  note: z.string().trim().max(500),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  const { locale, t } = await requestI18n(request);
  const { community, name } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "membership.request",
  );
  return {
    title: t("join.title", { community: name }),
    community: { slug: community.slug, name },
    buildings: await listBuildings(context.db, community.id, locale),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const { locale, t } = await requestI18n(request);
  const { community, name } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "membership.request",
  );
  const form = await request.formData();
  const parsed = parseForm(form, JoinSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const buildings = await listBuildings(context.db, community.id, locale);
  const buildingId = parsed.data.buildingId === "" ? null : parsed.data.buildingId;
  if (buildingId !== null && !buildings.some((b) => b.id === buildingId)) {
    return data(formFailure({ key: "form.chooseOne" }, formValues(form), "buildingId"), {
      status: 400,
    });
  }
  const result = await requestMembership(
    context.db,
    { mailer: context.mailer, origin: context.origin },
    requireActor(context, request),
    {
      community,
      communityName: name,
      buildingId,
      unit: parsed.data.unit,
      note: parsed.data.note,
      requesterName: user.displayName,
    },
  );
  if (!result.ok && result.reason === "forbidden") throw forbiddenByService();
  return redirectWithToast(context, `/c/${community.slug}`, {
    kind: result.ok ? "success" : "info",
    message: t(result.ok ? "join.requested" : "join.alreadyOpen"),
  });
}

export default function Join() {
  const { community, buildings } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useI18n();
  const values = failure?.values ?? {};
  const labels = { buildingId: t("join.building"), unit: t("join.unit"), note: t("join.note") };
  return (
    <div className="stack narrow">
      <h1>{t("join.title", { community: community.name })}</h1>
      <p>{t("join.intro")}</p>
      <Form method="post" noValidate className="stack">
        <ErrorSummary errors={failure?.errors} labels={labels} />
        <SelectField
          label={labels.buildingId}
          name="buildingId"
          defaultValue={values.buildingId ?? ""}
          error={failure?.errors.buildingId}
          options={[
            { value: "", label: t("join.buildingNotListed") },
            ...buildings.map((b) => ({ value: String(b.id), label: b.name })),
          ]}
        />
        <TextField
          label={labels.unit}
          name="unit"
          hint={t("join.unitHint")}
          defaultValue={values.unit}
          error={failure?.errors.unit}
        />
        <TextareaField
          label={labels.note}
          name="note"
          hint={t("join.noteHint")}
          defaultValue={values.note}
          error={failure?.errors.note}
        />
        <Button type="submit">{t("join.submit")}</Button>
      </Form>
      <p>
        {t("join.haveCode")} <Link to="/join">{t("join.useCode")}</Link>
      </p>
    </div>
  );
}
