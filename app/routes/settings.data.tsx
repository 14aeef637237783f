import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import { ErrorSummary, TextField } from "~/components/ui/field";
import { useI18n } from "~/i18n/react";
import { rateLimitedError } from "~/lib/account-messages";
import { requireUser } from "~/lib/guards.server";
import { formFailure, parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { setToastCookie } from "~/lib/toast.server";
import { deleteAccount } from "~/services/accounts.server";
import { signOut } from "~/services/sessions.server";
import { DELETION_CATEGORIES } from "~/services/personal-data/index.server";

export { retryAfterHeaders as headers } from "~/lib/headers";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  const { t } = await requestI18n(request);
  // What deletion erases and keeps, as services/personal-data/ declares it per table (and tests check).
  return { title: t("settings.data"), deletion: DELETION_CATEGORIES };
}

const DeleteSchema = z.object({ password: z.string().min(1).max(200) });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = parseForm(await request.formData(), DeleteSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const wait = await context.rateLimits.consume("passwordCheck", user.id);
  if (wait) {
    return data(formFailure(rateLimitedError(wait), {}, "password"), {
      status: 429,
      headers: { "Retry-After": String(wait) },
    });
  }
  if ((await deleteAccount(context.db, user.id, parsed.data.password)) === "wrongPassword") {
    return data(formFailure({ key: "account.wrongPassword" }, {}, "password"), { status: 400 });
  }
  const { t } = await requestI18n(request);
  const headers = new Headers();
  headers.append("Set-Cookie", await signOut(context.db, null, context.secure));
  headers.append(
    "Set-Cookie",
    await setToastCookie(
      { kind: "info", message: t("settings.accountDeleted") },
      context.config.sessionSecret,
      context.secure,
    ),
  );
  return redirect("/", { headers });
}

export default function DataSettings() {
  const { deletion } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="stack">
      <section className="stack" aria-labelledby="export-title">
        <h1 id="export-title">{t("settings.data")}</h1>
        <h2>{t("settings.exportTitle")}</h2>
        <p>{t("settings.exportIntro")}</p>
        <p>
          <a
            className="button button--secondary"
            href="/settings/export"
            download="yishi-personal-data.json"
          >
            {t("settings.exportButton")}
          </a>{" "}
          <Link to="/settings/data/summary">{t("data.summaryLink")}</Link>
        </p>
      </section>
      <section className="stack narrow" aria-labelledby="delete-title">
        <h2 id="delete-title">{t("settings.deleteTitle")}</h2>
        <p>{t("settings.deleteIntro")}</p>
        <h3>{t("data.deleteErased")}</h3>
        <ul>
          {deletion.erased.map((category) => (
            <li key={category}>{t(`deletion.${category}`)}</li>
          ))}
        </ul>
        <h3>{t("data.deleteKept", { formerResident: t("account.formerResident") })}</h3>
        <ul>
          {deletion.kept.map((category) => (
            <li key={category}>{t(`deletion.${category}`)}</li>
          ))}
        </ul>
        <Form method="post" noValidate className="stack">
          <ErrorSummary errors={failure?.errors} labels={{ password: t("account.password") }} />
          <TextField
            label={t("account.password")}
            name="password"
            type="password"
            required
            autoComplete="current-password"
            error={failure?.errors.password}
          />
          <Button type="submit" variant="danger">
            {t("settings.deleteButton")}
          </Button>
        </Form>
      </section>
    </div>
  );
}
