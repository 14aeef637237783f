import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import { ErrorSummary, SelectField, TextField } from "~/components/ui/field";
import { LOCALE_ENDONYMS, LOCALES } from "~/i18n/locales";
import { useI18n } from "~/i18n/react";
import { requireUser } from "~/lib/guards.server";
import { parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { serializeCare, serializeLocale } from "~/lib/preferences.server";
import { getTranslator } from "~/i18n/i18n.server";
import { requestI18n } from "~/lib/route-context.server";
import { setToastCookie } from "~/lib/toast.server";
import { updateProfile } from "~/services/accounts.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const ProfileSchema = z.object({
  displayName: z.string().trim().min(1).max(40),
  locale: z.union([z.literal(""), z.enum(LOCALES)]),
  careMode: z.enum(["on", "off"]),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const { t } = await requestI18n(request);
  return { title: t("settings.profile"), user };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = parseForm(await request.formData(), ProfileSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const locale = parsed.data.locale === "" ? null : parsed.data.locale;
  const careMode = parsed.data.careMode === "on";
  await updateProfile(context.db, user.id, {
    displayName: parsed.data.displayName,
    locale,
    careMode,
  });
  // The confirmation speaks the language just chosen.
  const { t } = locale ? getTranslator(locale) : await requestI18n(request);
  const headers = new Headers();
  if (locale) headers.append("Set-Cookie", await serializeLocale(locale, context.secure));
  headers.append("Set-Cookie", await serializeCare(careMode, context.secure));
  headers.append(
    "Set-Cookie",
    await setToastCookie(
      { kind: "success", message: t("settings.saved") },
      context.config.sessionSecret,
      context.secure,
    ),
  );
  return redirect("/settings", { headers });
}

export default function ProfileSettings() {
  const { user } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useI18n();
  const values = failure?.values ?? {};
  const labels = {
    displayName: t("account.displayName"),
    locale: t("settings.language"),
    careMode: t("header.care"),
  };
  return (
    <section className="stack" aria-labelledby="profile-title">
      <h1 id="profile-title">{t("settings.profile")}</h1>
      <p className="muted">{t("settings.signedInAs", { email: user.email })}</p>
      <Form method="post" noValidate className="stack">
        <ErrorSummary errors={failure?.errors} labels={labels} />
        <TextField
          label={labels.displayName}
          name="displayName"
          required
          autoComplete="nickname"
          defaultValue={values.displayName ?? user.displayName}
          error={failure?.errors.displayName}
        />
        <SelectField
          label={labels.locale}
          name="locale"
          defaultValue={values.locale ?? user.locale ?? ""}
          error={failure?.errors.locale}
          options={[
            { value: "", label: t("settings.languageBrowser") },
            ...LOCALES.map((locale) => ({ value: locale, label: LOCALE_ENDONYMS[locale] })),
          ]}
        />
        <SelectField
          label={labels.careMode}
          name="careMode"
          hint={t("header.careHint")}
          defaultValue={values.careMode ?? (user.careMode ? "on" : "off")}
          options={[
            { value: "off", label: t("settings.off") },
            { value: "on", label: t("settings.on") },
          ]}
        />
        <Button type="submit">{t("settings.save")}</Button>
      </Form>
    </section>
  );
}
