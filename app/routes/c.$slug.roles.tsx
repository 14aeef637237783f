import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorSummary, SelectField, TextField } from "~/components/ui/field";
import { Table } from "~/components/ui/table";
import { grantableRoles, mayRevokeRole } from "~/domain/policy";
import { ROLES } from "~/domain/roles";
import { useI18n } from "~/i18n/react";
import { requireActor } from "~/lib/guards.server";
import { loadCommunity } from "~/lib/community.server";
import { formFailure, parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { grantRole, listRoleHolders, revokeRole } from "~/services/membership/index.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const { community, resource, name } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "role.manage",
  );
  const grantable = grantableRoles(context.actor, resource);
  const holders = await listRoleHolders(context.db, community.id);
  return {
    title: t("roles.title", { community: name }),
    community: { slug: community.slug, name },
    grantable,
    holders: holders.map((holder) => ({
      ...holder,
      revocable: mayRevokeRole(context.actor, holder, resource),
    })),
  };
}

const RoleActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("grant"), email: z.email().max(200), role: z.enum(ROLES) }),
  z.object({ intent: z.literal("revoke"), grantId: z.coerce.number().int().positive() }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const { locale, t } = await requestI18n(request);
  const { community, name } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "role.manage",
  );
  const parsed = parseForm(await request.formData(), RoleActionSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const mail = { mailer: context.mailer, origin: context.origin };
  const target = { community, communityName: name };
  let message: string;
  if (parsed.data.intent === "grant") {
    // The service asks the policy which roles this person may hand out here; a forged form gets 403.
    const { email, role } = parsed.data;
    const result = await grantRole(context.db, mail, actor, { ...target, email, role });
    if (!result.ok && result.reason === "forbidden") throw new Response(null, { status: 403 });
    if (!result.ok && result.reason === "noSuchPerson") {
      return data(formFailure({ key: "roles.noSuchPerson" }, { email, role }, "email"), {
        status: 400,
      });
    }
    message = t(result.ok ? "roles.granted" : "roles.alreadyHeld");
  } else {
    const result = await revokeRole(context.db, mail, actor, {
      ...target,
      grantId: parsed.data.grantId,
    });
    if (!result.ok && result.reason === "notFound") throw new Response(null, { status: 404 });
    if (!result.ok) throw new Response(null, { status: 403 });
    message = t("roles.revoked");
  }
  return redirectWithToast(context, `/c/${community.slug}/roles`, { kind: "success", message });
}

export default function Roles() {
  const { community, grantable, holders } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t, date } = useI18n();
  const values = failure?.values ?? {};
  return (
    <>
      <p>
        <Link to={`/c/${community.slug}`}>← {community.name}</Link>
      </p>
      <h1>{t("roles.title", { community: community.name })}</h1>
      <p className="lede">{t("roles.intro")}</p>
      {holders.length === 0 ? (
        <EmptyState title={t("roles.none")} />
      ) : (
        <Table
          caption={t("roles.holders")}
          rows={holders}
          rowKey={(row) => row.grantId}
          columns={[
            {
              key: "name",
              header: t("account.displayName"),
              cell: (row) => row.displayName ?? t("account.formerResident"),
            },
            { key: "role", header: t("roles.role"), cell: (row) => t(`role.${row.role}`) },
            {
              key: "since",
              header: t("roles.since"),
              nowrap: true,
              cell: (row) => date(row.grantedAt),
            },
            {
              key: "revoke",
              header: t("roles.actions"),
              cell: (row) =>
                row.revocable ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="grantId" value={row.grantId} />
                    <Button
                      type="submit"
                      variant="secondary"
                      size="small"
                      aria-label={t("roles.revokeFrom", {
                        role: t(`role.${row.role}`),
                        name: row.displayName ?? "",
                      })}
                    >
                      {t("roles.revoke")}
                    </Button>
                  </Form>
                ) : (
                  "—"
                ),
            },
          ]}
        />
      )}
      {grantable.length > 0 ? (
        <section className="stack narrow" aria-labelledby="grant-title">
          <h2 id="grant-title">{t("roles.grantTitle")}</h2>
          <Form method="post" noValidate className="stack">
            <input type="hidden" name="intent" value="grant" />
            <ErrorSummary
              errors={failure?.errors}
              labels={{ email: t("account.email"), role: t("roles.role") }}
            />
            <TextField
              label={t("account.email")}
              name="email"
              type="email"
              required
              hint={t("roles.emailHint")}
              defaultValue={values.email}
              error={failure?.errors.email}
            />
            <SelectField
              label={t("roles.role")}
              name="role"
              required
              defaultValue={values.role ?? grantable[0]}
              error={failure?.errors.role}
              options={grantable.map((role) => ({ value: role, label: t(`role.${role}`) }))}
            />
            <Button type="submit">{t("roles.grant")}</Button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
