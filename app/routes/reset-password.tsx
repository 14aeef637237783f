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
import { MIN_PASSWORD_LENGTH } from "~/domain/passwords";
import { useI18n } from "~/i18n/react";
import { passwordError } from "~/lib/account-messages";
import { formFailure, parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { resetPassword, resetTokenIsValid } from "~/services/accounts.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const ResetSchema = z.object({
  token: z.string().min(1).max(200),
  password: z.string().min(1).max(200),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await requestI18n(request);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const valid =
    token.length > 0 && token.length < 200 && (await resetTokenIsValid(context.db, token));
  return { title: t("account.resetTitle"), token: valid ? token : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), ResetSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await resetPassword(context.db, parsed.data.token, parsed.data.password);
  if (result === "invalid")
    return data(formFailure({ key: "account.resetExpired" }, {}), { status: 400 });
  if (result !== "ok")
    return data(formFailure(passwordError(result), {}, "password"), { status: 400 });
  const { t } = await requestI18n(request);
  return redirectWithToast(context, "/sign-in", {
    kind: "success",
    message: t("account.passwordReset"),
  });
}

export default function ResetPassword() {
  const { token } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useI18n();
  if (!token) {
    return (
      <div className="narrow stack">
        <h1>{t("account.resetTitle")}</h1>
        <p>{t("account.resetExpired")}</p>
        <p>
          <Link to="/forgot-password">{t("account.sendResetLink")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow stack">
      <h1>{t("account.resetTitle")}</h1>
      <Form method="post" noValidate className="stack">
        <ErrorSummary errors={failure?.errors} labels={{ password: t("account.newPassword") }} />
        <input type="hidden" name="token" value={token} />
        <TextField
          label={t("account.newPassword")}
          name="password"
          type="password"
          required
          autoComplete="new-password"
          hint={t("account.passwordHint", { minimum: MIN_PASSWORD_LENGTH })}
          error={failure?.errors.password}
        />
        <Button type="submit">{t("account.setPassword")}</Button>
      </Form>
    </div>
  );
}
