import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { useI18n } from "~/i18n/react";
import { requireUser } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { NOTIFICATION_KINDS, type Delivery } from "~/domain/notification-kinds";
import { getDeliveryPreferences, setDeliveryPreferences } from "~/services/notifications.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const DELIVERIES = ["immediately", "daily", "never"] as const satisfies readonly Delivery[];
const PreferencesSchema = z.object(
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, z.enum(DELIVERIES)])) as Record<
    (typeof NOTIFICATION_KINDS)[number],
    z.ZodEnum<{ immediately: "immediately"; daily: "daily"; never: "never" }>
  >,
);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const { t } = await requestI18n(request);
  return {
    title: t("settings.notifications"),
    preferences: await getDeliveryPreferences(context.db, user.id),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = PreferencesSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response(null, { status: 400 });
  await setDeliveryPreferences(context.db, user.id, parsed.data);
  const { t } = await requestI18n(request);
  return redirectWithToast(context, "/settings/notifications", {
    kind: "success",
    message: t("settings.saved"),
  });
}

export default function NotificationSettings() {
  const { preferences } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <section className="stack" aria-labelledby="notifications-title">
      <h1 id="notifications-title">{t("settings.notifications")}</h1>
      <p className="lede">{t("settings.notificationsIntro")}</p>
      <Form method="post" className="stack">
        {NOTIFICATION_KINDS.map((kind) => (
          <fieldset key={kind} className="choice">
            <legend>{t(`notificationKind.${kind}` as MessageKey)}</legend>
            <div className="choice__options">
              {DELIVERIES.map((delivery) => (
                <label key={delivery}>
                  <input
                    type="radio"
                    name={kind}
                    value={delivery}
                    defaultChecked={preferences[kind] === delivery}
                  />
                  {t(`delivery.${delivery}`)}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <Button type="submit">{t("settings.save")}</Button>
      </Form>
    </section>
  );
}
