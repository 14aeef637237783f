import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { useI18n } from "~/i18n/react";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { setToastCookie } from "~/lib/toast.server";
import { signOut } from "~/services/sessions.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/** Signing out is a POST (a link could be followed by a crawler or forged); GET asks to confirm. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.user) throw redirect("/");
  const { t } = await requestI18n(request);
  return { title: t("account.signOut") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const headers = new Headers();
  headers.append("Set-Cookie", await signOut(context.db, context.sessionId, context.secure));
  const { t } = await requestI18n(request);
  headers.append(
    "Set-Cookie",
    await setToastCookie(
      { kind: "info", message: t("account.signedOut") },
      context.config.sessionSecret,
      context.secure,
    ),
  );
  return redirect("/", { headers });
}

export default function SignOut() {
  const { t } = useI18n();
  return (
    <div className="narrow stack">
      <h1>{t("account.signOut")}</h1>
      <p>{t("account.signOutConfirm")}</p>
      <Form method="post">
        <Button type="submit">{t("account.signOut")}</Button>
      </Form>
    </div>
  );
}
