import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import { ErrorSummary, SelectField, TextField } from "~/components/ui/field";
import { useI18n } from "~/i18n/react";
import { useHydrated } from "~/lib/use-hydrated";
import { forbiddenByService, requireActor } from "~/lib/guards.server";
import { loadCommunity } from "~/lib/community.server";
import { parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { listBuildings } from "~/services/communities.server";
import { issueHouseholdCodes } from "~/services/membership/index.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const IssueSchema = z.object({
  count: z.coerce.number().int().min(1).max(50),
  buildingId: z.union([z.literal(""), z.coerce.number().int().positive()]),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const { community, name } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "household_code.issue",
  );
  return {
    title: t("codes.title", { community: name }),
    community: { slug: community.slug, name },
    buildings: await listBuildings(context.db, community.id, locale),
  };
}

/** Issues codes and shows them once, laid out to print and hand out door to door. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const { locale } = await requestI18n(request);
  const { community } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "household_code.issue",
  );
  const parsed = parseForm(await request.formData(), IssueSchema);
  if (!parsed.ok) return data({ ...parsed, issued: null }, { status: 400 });
  const buildings = await listBuildings(context.db, community.id, locale);
  const buildingId = parsed.data.buildingId === "" ? null : parsed.data.buildingId;
  const building = buildings.find((b) => b.id === buildingId) ?? null;
  const issued = await issueHouseholdCodes(context.db, actor, {
    secret: context.config.sessionSecret,
    community,
    buildingId: building?.id ?? null,
    count: parsed.data.count,
  });
  if (!issued.ok) throw forbiddenByService();
  return { ok: true as const, issued: { ...issued.value, building: building?.name ?? null } };
}

export default function HouseholdCodes() {
  const { community, buildings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, date } = useI18n();
  const hydrated = useHydrated();
  const failure = result && !result.ok ? result : null;
  const issued = result?.issued ?? null;
  return (
    <>
      <p className="no-print">
        <Link to={`/c/${community.slug}`}>← {community.name}</Link>
      </p>
      <h1 className="no-print">{t("codes.title", { community: community.name })}</h1>
      <p className="lede no-print">{t("codes.intro")}</p>
      <Form method="post" noValidate className="stack no-print">
        <ErrorSummary
          errors={failure?.errors}
          labels={{ count: t("codes.count"), buildingId: t("join.building") }}
        />
        <TextField
          label={t("codes.count")}
          name="count"
          type="number"
          inputMode="numeric"
          min={1}
          max={50}
          required
          defaultValue={failure?.values.count ?? "10"}
          error={failure?.errors.count}
        />
        <SelectField
          label={t("join.building")}
          name="buildingId"
          defaultValue={failure?.values.buildingId ?? ""}
          options={[
            { value: "", label: t("codes.anyBuilding") },
            ...buildings.map((b) => ({ value: String(b.id), label: b.name })),
          ]}
        />
        <Button type="submit">{t("codes.issue")}</Button>
      </Form>
      {issued ? (
        <section className="stack" aria-labelledby="issued-title">
          <h2 id="issued-title" className="no-print">
            {t("codes.issued", { count: issued.codes.length })}
          </h2>
          <p className="no-print">
            {hydrated ? (
              <Button onClick={() => window.print()} variant="secondary">
                {t("codes.print")}
              </Button>
            ) : (
              t("codes.printHint")
            )}
          </p>
          <ul className="code-sheet">
            {issued.codes.map((code) => (
              <li key={code} className="code-card">
                <p className="code-card__community">
                  {community.name}
                  {issued.building ? ` · ${issued.building}` : ""}
                </p>
                <p className="code-card__code">{code}</p>
                <p className="code-card__how">{t("codes.howToUse")}</p>
                <p className="code-card__expires">
                  {t("codes.expires", { date: date(issued.expiresAt) })}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
