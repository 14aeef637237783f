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
import { MIN_PASSWORD_LENGTH } from "~/domain/passwords";
import { useI18n } from "~/i18n/react";
import { passwordError, rateLimitedError } from "~/lib/account-messages";
import { requireUser } from "~/lib/guards.server";
import { formFailure, parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { changePassword } from "~/services/accounts.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const PasswordSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  const { t } = await requestI18n(request);
  return { title: t("settings.password") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = parseForm(await request.formData(), PasswordSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const wait = await context.rateLimits.consume("passwordCheck", user.id);
  if (wait) {
    return data(formFailure(rateLimitedError(wait), {}, "currentPassword"), {
      status: 429,
      headers: { "Retry-After": String(wait) },
    });
  }
  const result = await changePassword(context.db, {
    userId: user.id,
    currentSessionId: context.sessionId ?? "",
    current: parsed.data.currentPassword,
    next: parsed.data.newPassword,
  });
  if (result === "wrongCurrent") {
    return data(formFailure({ key: "account.wrongPassword" }, {}, "currentPassword"), {
      status: 400,
    });
  }
  if (result !== "ok")
    return data(formFailure(passwordError(result), {}, "newPassword"), { status: 400 });
  const { t } = await requestI18n(request);
  return redirectWithToast(context, "/settings/password", {
    kind: "success",
    message: t("settings.passwordChanged"),
  });
}

export default function PasswordSettings() {
  const failure = useActionData<typeof action>();
  const { t } = useI18n();
  const labels = {
    currentPassword: t("settings.currentPassword"),
    newPassword: t("account.newPassword"),
  };
  return (
    <section className="stack narrow" aria-labelledby="password-title">
      <h1 id="password-title">{t("settings.password")}</h1>
      <p>{t("settings.passwordIntro")}</p>
      <Form method="post" noValidate className="stack">
        <ErrorSummary errors={failure?.errors} labels={labels} />
        <TextField
          label={labels.currentPassword}
          name="currentPassword"
          type="password"
          required
          autoComplete="current-password"
          error={failure?.errors.currentPassword}
        />
        <TextField
          label={labels.newPassword}
          name="newPassword"
          type="password"
          required
          autoComplete="new-password"
          hint={t("account.passwordHint", { minimum: MIN_PASSWORD_LENGTH })}
          error={failure?.errors.newPassword}
        />
        <Button type="submit">{t("settings.changePassword")}</Button>
      </Form>
    </section>
  );
}
