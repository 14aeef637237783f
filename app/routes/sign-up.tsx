import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import { ErrorSummary, TextField } from "~/components/ui/field";
import { MIN_PASSWORD_LENGTH } from "~/domain/passwords";
import { useI18n } from "~/i18n/react";
import { passwordError, rateLimitedError } from "~/lib/account-messages";
import { requireAnonymous } from "~/lib/guards.server";
import { formFailure, parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { signUp } from "~/services/accounts.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

export const SignUpSchema = z.object({
  displayName: z.string().trim().min(1).max(40),
  email: z.email().max(200),
  password: z.string().min(1).max(200),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  const { t } = await requestI18n(request);
  return { title: t("account.signUpTitle") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context);
  const form = await request.formData();
  const parsed = parseForm(form, SignUpSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const values = { displayName: parsed.data.displayName, email: parsed.data.email };
  const wait = await context.rateLimits.consume("signUpIp", context.clientIp);
  if (wait) {
    return data(formFailure(rateLimitedError(wait), values), {
      status: 429,
      headers: { "Retry-After": String(wait) },
    });
  }
  const { locale, t } = await requestI18n(request);
  const result = await signUp(context.db, context.mailer, {
    ...parsed.data,
    locale,
    origin: context.origin,
  });
  if (!result.ok)
    return data(formFailure(passwordError(result.problem), values, "password"), { status: 400 });
  return redirectWithToast(context, "/sign-in", {
    kind: "success",
    message: t("account.checkEmail", { email: parsed.data.email }),
  });
}

export default function SignUp() {
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const errors = failure?.errors;
  const values = failure?.values ?? {};
  const labels = {
    displayName: t("account.displayName"),
    email: t("account.email"),
    password: t("account.password"),
  };
  return (
    <div className="narrow stack">
      <h1>{t("account.signUpTitle")}</h1>
      <p className="lede">{t("account.signUpIntro")}</p>
      <Form method="post" noValidate className="stack">
        <ErrorSummary errors={errors} labels={labels} />
        <TextField
          label={labels.displayName}
          name="displayName"
          required
          autoComplete="nickname"
          hint={t("account.displayNameHint")}
          defaultValue={values.displayName}
          error={errors?.displayName}
        />
        <TextField
          label={labels.email}
          name="email"
          type="email"
          required
          autoComplete="email"
          defaultValue={values.email}
          error={errors?.email}
        />
        <TextField
          label={labels.password}
          name="password"
          type="password"
          required
          autoComplete="new-password"
          minLength={MIN_PASSWORD_LENGTH}
          hint={t("account.passwordHint", { minimum: MIN_PASSWORD_LENGTH })}
          error={errors?.password}
        />
        <Button type="submit" aria-disabled={navigation.state === "submitting"}>
          {t("account.signUp")}
        </Button>
      </Form>
      <p>
        {t("account.haveAccount")} <Link to="/sign-in">{t("account.signIn")}</Link>
      </p>
    </div>
  );
}
