import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { useI18n } from "~/i18n/react";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { confirmEmail, confirmTokenIsValid, resendConfirmation } from "~/services/accounts.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/**
 * The link from the confirmation email. Opening it only asks; the button confirms (a POST), so that
 * mail scanners which open links cannot confirm an address by themselves.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await requestI18n(request);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const valid =
    token.length > 0 && token.length < 200 && (await confirmTokenIsValid(context.db, token));
  return {
    title: valid ? t("account.confirmTitle") : t("account.confirmFailedTitle"),
    token: valid ? token : null,
  };
}

const ConfirmSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("confirm"), token: z.string().min(1).max(200) }),
  z.object({ intent: z.literal("resend"), email: z.email().max(200) }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { t } = await requestI18n(request);
  const parsed = ConfirmSchema.safeParse(Object.fromEntries(await request.formData()));
  let toast: { kind: "success" | "info"; message: string };
  if (parsed.success && parsed.data.intent === "confirm") {
    const confirmed = await confirmEmail(context.db, parsed.data.token);
    toast = confirmed
      ? { kind: "success", message: t("account.emailConfirmed") }
      : { kind: "info", message: t("account.confirmFailedTitle") };
  } else {
    // The same answer whether or not the address has an account, or the request was limited.
    if (parsed.success && parsed.data.intent === "resend") {
      const wait = await context.rateLimits.consume("confirmResendIp", context.clientIp);
      if (!wait) {
        void resendConfirmation(
          context.db,
          context.mailer,
          parsed.data.email,
          context.origin,
        ).catch((error: unknown) =>
          context.logger.error({ err: error }, "could not resend a confirmation"),
        );
      }
    }
    toast = { kind: "info", message: t("account.confirmationResent") };
  }
  return redirectWithToast(context, "/sign-in", toast);
}

export default function ConfirmEmail() {
  const { token } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  if (token) {
    return (
      <div className="narrow stack">
        <h1>{t("account.confirmTitle")}</h1>
        <p>{t("account.confirmIntro")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="token" value={token} />
          <Button type="submit">{t("account.confirmButton")}</Button>
        </Form>
      </div>
    );
  }
  return (
    <div className="narrow stack">
      <h1>{t("account.confirmFailedTitle")}</h1>
      <p>{t("account.confirmFailedBody")}</p>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="resend" />
        <TextField
          label={t("account.email")}
          name="email"
          type="email"
          required
          autoComplete="email"
        />
        <Button type="submit">{t("account.resendConfirmation")}</Button>
      </Form>
      <p>
        <Link to="/sign-in">{t("account.signIn")}</Link>
      </p>
    </div>
  );
}
