import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { LEVEL_PLURAL_KEYS } from "~/components/community-list";
import { Button, ButtonLink } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorSummary, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { Pagination } from "~/components/ui/pagination";
import { Table } from "~/components/ui/table";
import { Notice } from "~/components/ui/toast";
import { COMMUNITY_LEVELS } from "~/domain/community-tree";
import { paginate, parsePageParam } from "~/domain/pagination";
import { useI18n } from "~/i18n/react";
import { parseForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { countDescendantsByLevel, listChildren } from "~/services/communities.server";

/**
 * The living style guide: every component of the design system, on real data where there is some,
 * and a form that shows the validation pattern every later form follows.
 */
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const TOPICS = ["environment", "traffic", "safety"] as const;

export const ExampleFormSchema = z.object({
  name: z.string().trim().min(1).max(40),
  email: z.union([z.literal(""), z.email()]),
  topic: z.enum(TOPICS),
  message: z.string().trim().min(10).max(500),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const roots = await listChildren(context.db, null, { page: 1, pageSize: 1 }, locale);
  const city = roots.items[0] ?? null;
  const counts = city ? await countDescendantsByLevel(context.db, city.id) : {};
  const examplePage = parsePageParam(new URL(request.url).searchParams.get("page"));
  return {
    title: t("design.title"),
    city: city?.name ?? null,
    counts: COMMUNITY_LEVELS.filter((level) => counts[level]).map((level) => ({
      level,
      count: counts[level] ?? 0,
    })),
    examplePages: paginate({ page: examplePage, pageSize: 10 }, 95),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const result = parseForm(await request.formData(), ExampleFormSchema);
  if (!result.ok) return result;
  const { t } = await requestI18n(request);
  return redirectWithToast(context, "/design", {
    kind: "success",
    message: t("design.formAccepted"),
  });
}

export default function DesignSystem() {
  const { city, counts, examplePages } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, number } = useI18n();
  const values = failure?.values ?? {};
  const errors = failure?.errors;
  const submitting = navigation.state === "submitting";
  const labels = {
    name: t("design.fieldName"),
    email: t("design.fieldEmail"),
    topic: t("design.fieldTopic"),
    message: t("design.fieldMessage"),
  };
  return (
    <>
      <header className="page-header">
        <h1>{t("design.title")}</h1>
        <p className="lede">{t("design.intro")}</p>
      </header>

      <section className="stack" aria-labelledby="buttons-title">
        <h2 id="buttons-title">{t("design.buttons")}</h2>
        <div className="cluster">
          <Button>{t("design.primary")}</Button>
          <Button variant="secondary">{t("design.secondary")}</Button>
          <Button variant="ghost">{t("design.ghost")}</Button>
          <Button variant="danger">{t("design.danger")}</Button>
          <ButtonLink to="/c" variant="secondary">
            {t("nav.communities")}
          </ButtonLink>
        </div>
      </section>

      <section className="stack" aria-labelledby="form-title">
        <h2 id="form-title">{t("design.form")}</h2>
        <Notice>{t("design.formNotice")}</Notice>
        <Form method="post" noValidate className="stack">
          <ErrorSummary errors={errors} labels={labels} />
          <TextField
            label={labels.name}
            name="name"
            required
            autoComplete="name"
            defaultValue={values.name}
            error={errors?.name}
          />
          <TextField
            label={labels.email}
            name="email"
            type="email"
            autoComplete="email"
            hint={t("design.fieldEmailHint")}
            defaultValue={values.email}
            error={errors?.email}
          />
          <SelectField
            label={labels.topic}
            name="topic"
            required
            defaultValue={values.topic ?? ""}
            error={errors?.topic}
            options={[
              { value: "", label: t("form.choose") },
              ...TOPICS.map((topic) => ({ value: topic, label: t(`design.topic.${topic}`) })),
            ]}
          />
          <TextareaField
            label={labels.message}
            name="message"
            required
            hint={t("design.fieldMessageHint")}
            defaultValue={values.message}
            error={errors?.message}
          />
          <Button type="submit" aria-disabled={submitting}>
            {submitting ? t("form.submitting") : t("form.submit")}
          </Button>
        </Form>
      </section>

      <section className="stack" aria-labelledby="table-title">
        <h2 id="table-title">{t("design.table")}</h2>
        {city ? (
          <Table
            caption={t("design.tableCaption", { city })}
            rowKey={(row) => row.level}
            rows={counts}
            columns={[
              {
                key: "level",
                header: t("design.tableLevel"),
                cell: (row) => t(LEVEL_PLURAL_KEYS[row.level]),
              },
              {
                key: "count",
                header: t("design.tableCount"),
                numeric: true,
                cell: (row) => number(row.count),
              },
            ]}
          />
        ) : (
          <EmptyState title={t("home.noCommunities")}>{t("home.noCommunitiesBody")}</EmptyState>
        )}
      </section>

      <section className="stack" aria-labelledby="pagination-title">
        <h2 id="pagination-title">{t("design.pagination")}</h2>
        <Pagination pageInfo={examplePages} label={t("design.paginationExample")} />
      </section>

      <section className="stack" aria-labelledby="empty-title">
        <h2 id="empty-title">{t("design.empty")}</h2>
        <EmptyState title={t("design.emptyTitle")}>{t("design.emptyBody")}</EmptyState>
      </section>

      <section className="stack" aria-labelledby="dialog-title">
        <h2 id="dialog-title">{t("design.dialog")}</h2>
        <Dialog triggerLabel={t("design.dialogOpen")} title={t("design.dialogTitle")}>
          <p>{t("design.dialogBody")}</p>
        </Dialog>
      </section>
    </>
  );
}
