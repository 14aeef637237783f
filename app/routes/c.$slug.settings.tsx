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
import { ErrorSummary, TextField } from "~/components/ui/field";
import { DEFAULT_SUPPORT_THRESHOLD } from "~/domain/proposals";
import { useI18n } from "~/i18n/react";
import { forbiddenByService, requireActor } from "~/lib/guards.server";
import { loadCommunity } from "~/lib/community.server";
import { parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { setSupportThreshold } from "~/services/communities.server";
import { supportThreshold } from "~/services/proposals/index.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const optionalInt = (max: number) =>
  z.union([z.literal(""), z.coerce.number().int().min(1).max(max)]);

const SettingsSchema = z.object({
  thresholdCount: optionalInt(100_000),
  thresholdPercent: optionalInt(100),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const { community, name } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "community.configure",
  );
  return {
    title: t("settings.community.title", { community: name }),
    community: {
      slug: community.slug,
      name,
      thresholdCount: community.supportThresholdCount,
      thresholdPercent: community.supportThresholdPercent,
    },
    threshold: await supportThreshold(context.db, community),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const { community } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "community.configure",
  );
  const parsed = parseForm(await request.formData(), SettingsSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await setSupportThreshold(context.db, requireActor(context, request), community, {
    count: parsed.data.thresholdCount === "" ? null : parsed.data.thresholdCount,
    percent: parsed.data.thresholdPercent === "" ? null : parsed.data.thresholdPercent,
  });
  if (!result.ok) throw forbiddenByService();
  return redirectWithToast(context, `/c/${community.slug}/settings`, {
    kind: "success",
    message: t("settings.community.saved"),
  });
}

export default function CommunitySettings() {
  const { community, threshold } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useI18n();
  const values = failure?.values ?? {};
  const labels = {
    thresholdCount: t("settings.community.thresholdCount"),
    thresholdPercent: t("settings.community.thresholdPercent"),
  };
  return (
    <div className="stack narrow">
      <Breadcrumbs
        trail={[{ label: community.name, to: `/c/${community.slug}` }]}
        current={t("community.settings")}
      />
      <h1>{t("settings.community.title", { community: community.name })}</h1>
      <Form method="post" noValidate className="stack">
        <ErrorSummary errors={failure?.errors} labels={labels} />
        <fieldset className="stack">
          <legend>{t("settings.community.thresholdTitle")}</legend>
          <p>{t("settings.community.thresholdIntro", { default: DEFAULT_SUPPORT_THRESHOLD })}</p>
          <TextField
            label={labels.thresholdCount}
            name="thresholdCount"
            inputMode="numeric"
            hint={t("settings.community.thresholdCountHint")}
            defaultValue={values.thresholdCount ?? String(community.thresholdCount ?? "")}
            error={failure?.errors.thresholdCount}
          />
          <TextField
            label={labels.thresholdPercent}
            name="thresholdPercent"
            inputMode="numeric"
            hint={t("settings.community.thresholdPercentHint")}
            defaultValue={values.thresholdPercent ?? String(community.thresholdPercent ?? "")}
            error={failure?.errors.thresholdPercent}
          />
          <p className="muted">{t("settings.community.thresholdNow", { threshold })}</p>
        </fieldset>
        <Button type="submit">{t("settings.community.save")}</Button>
      </Form>
    </div>
  );
}
