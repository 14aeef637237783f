import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import { ErrorSummary, TextField } from "~/components/ui/field";
import { useI18n } from "~/i18n/react";
import { rateLimitedError } from "~/lib/account-messages";
import { requireAnonymous } from "~/lib/guards.server";
import { formFailure, parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { serializeCare, serializeLocale } from "~/lib/preferences.server";
import { requestI18n } from "~/lib/route-context.server";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { signIn } from "~/services/sessions.server";
import { findUserPreferences } from "~/services/users.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const SignInSchema = z.object({
  email: z.email().max(200),
  password: z.string().min(1).max(200),
  redirectTo: z.string().optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  const { t } = await requestI18n(request);
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  return { title: t("account.signInTitle"), redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context);
  const parsed = parseForm(await request.formData(), SignInSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const values = { email: parsed.data.email, redirectTo: parsed.data.redirectTo ?? "/" };
  const result = await signIn(context.db, context.rateLimits, {
    email: parsed.data.email,
    password: parsed.data.password,
    ip: context.clientIp,
    userAgent: request.headers.get("User-Agent"),
    secure: context.secure,
  });
  if (!result.ok) {
    if (result.reason === "limited") {
      return data(formFailure(rateLimitedError(result.retryAfter), values), {
        status: 429,
        headers: { "Retry-After": String(result.retryAfter) },
      });
    }
    const key =
      result.reason === "unconfirmed" ? "account.unconfirmed" : "account.invalidCredentials";
    return data(
      { ...formFailure({ key }, values), unconfirmed: result.reason === "unconfirmed" },
      { status: 400 },
    );
  }
  const headers = new Headers({ "Set-Cookie": result.setCookie });
  // The person's own choices follow them to this device.
  const preferences = await findUserPreferences(context.db, result.userId);
  if (preferences?.locale)
    headers.append("Set-Cookie", await serializeLocale(preferences.locale, context.secure));
  if (preferences)
    headers.append("Set-Cookie", await serializeCare(preferences.careMode, context.secure));
  return redirect(safeRedirectPath(parsed.data.redirectTo), { headers });
}

export default function SignIn() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const errors = failure?.errors;
  const values = failure?.values ?? {};
  const labels = { email: t("account.email"), password: t("account.password") };
  return (
    <div className="narrow stack">
      <h1>{t("account.signInTitle")}</h1>
      <Form method="post" noValidate className="stack">
        <ErrorSummary errors={errors} labels={labels} />
        <input type="hidden" name="redirectTo" value={values.redirectTo ?? redirectTo} />
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
          autoComplete="current-password"
          error={errors?.password}
        />
        <Button type="submit" aria-disabled={navigation.state === "submitting"}>
          {t("account.signIn")}
        </Button>
      </Form>
      {failure && "unconfirmed" in failure && failure.unconfirmed ? (
        <Form method="post" action="/confirm-email" className="cluster">
          <input type="hidden" name="intent" value="resend" />
          <input type="hidden" name="email" value={values.email ?? ""} />
          <Button type="submit" variant="secondary">
            {t("account.resendConfirmation")}
          </Button>
        </Form>
      ) : null}
      <p>
        <Link to="/forgot-password">{t("account.forgotPassword")}</Link>
      </p>
      <p>
        {t("account.noAccount")} <Link to="/sign-up">{t("account.signUp")}</Link>
      </p>
    </div>
  );
}
