import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import { ErrorSummary, TextField } from "~/components/ui/field";
import { mayRedeemHouseholdCode } from "~/domain/policy";
import { useI18n } from "~/i18n/react";
import { rateLimitedError } from "~/lib/account-messages";
import { forbiddenByService, requireActor, requireUser } from "~/lib/guards.server";
import { formFailure, parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { redeemHouseholdCode } from "~/services/membership/index.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const CodeSchema = z.object({ code: z.string().trim().min(1).max(40) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  const { t } = await requestI18n(request);
  return { title: t("join.codeTitle") };
}

/** A household code from a grid worker's visit makes the person a verified resident at once. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  if (!mayRedeemHouseholdCode(actor)) throw new Response(null, { status: 403 });
  const parsed = parseForm(await request.formData(), CodeSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const wait = await context.rateLimits.consume("householdCode", actor.id);
  if (wait)
    return data(formFailure(rateLimitedError(wait), { code: parsed.data.code }, "code"), {
      status: 429,
      headers: { "Retry-After": String(wait) },
    });
  const result = await redeemHouseholdCode(
    context.db,
    { mailer: context.mailer, origin: context.origin },
    actor,
    { secret: context.config.sessionSecret, code: parsed.data.code },
  );
  if (!result.ok) {
    if (result.reason === "forbidden") throw forbiddenByService();
    const key = result.reason === "alreadyMember" ? "join.codeAlreadyMember" : "join.codeInvalid";
    return data(formFailure({ key }, { code: parsed.data.code }, "code"), { status: 400 });
  }
  const { t } = await requestI18n(request);
  return redirectWithToast(context, `/c/${result.value.communitySlug}`, {
    kind: "success",
    message: t("join.codeAccepted"),
  });
}

export default function RedeemCode() {
  const failure = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="stack narrow">
      <h1>{t("join.codeTitle")}</h1>
      <p>{t("join.codeIntro")}</p>
      <Form method="post" noValidate className="stack">
        <ErrorSummary errors={failure?.errors} labels={{ code: t("join.code") }} />
        <TextField
          label={t("join.code")}
          name="code"
          required
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          defaultValue={failure?.values.code}
          error={failure?.errors.code}
        />
        <Button type="submit">{t("join.useCode")}</Button>
      </Form>
    </div>
  );
}
