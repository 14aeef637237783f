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
import { useI18n } from "~/i18n/react";
import { rateLimitedError } from "~/lib/account-messages";
import { formFailure, parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { requestPasswordReset } from "~/services/accounts.server";
import { normalizeEmail } from "~/services/sessions.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const ForgotSchema = z.object({ email: z.email().max(200) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await requestI18n(request);
  return { title: t("account.forgotTitle") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), ForgotSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const wait =
    (await context.rateLimits.consume("resetIp", context.clientIp)) ??
    (await context.rateLimits.consume("resetAccount", normalizeEmail(parsed.data.email)));
  if (wait) {
    return data(formFailure(rateLimitedError(wait), { email: parsed.data.email }), {
      status: 429,
      headers: { "Retry-After": String(wait) },
    });
  }
  // Not awaited: the answer must come as fast whether or not the address has an account.
  void requestPasswordReset(context.db, context.mailer, parsed.data.email, context.origin).catch(
    (error: unknown) => context.logger.error({ err: error }, "could not send a reset link"),
  );
  const { t } = await requestI18n(request);
  return redirectWithToast(context, "/sign-in", {
    kind: "info",
    message: t("account.resetSent", { email: parsed.data.email }),
  });
}

export default function ForgotPassword() {
  const failure = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="narrow stack">
      <h1>{t("account.forgotTitle")}</h1>
      <p>{t("account.forgotIntro")}</p>
      <Form method="post" noValidate className="stack">
        <ErrorSummary errors={failure?.errors} labels={{ email: t("account.email") }} />
        <TextField
          label={t("account.email")}
          name="email"
          type="email"
          required
          autoComplete="email"
          defaultValue={failure?.values.email}
          error={failure?.errors.email}
        />
        <Button type="submit">{t("account.sendResetLink")}</Button>
      </Form>
    </div>
  );
}
