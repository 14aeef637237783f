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
import { TextField } from "~/components/ui/field";
import { Pagination } from "~/components/ui/pagination";
import { parsePageParam } from "~/domain/pagination";
import { LIMITS } from "~/domain/proposals";
import { REPORT_FILTERS, REPORT_KINDS } from "~/domain/reports";
import { useI18n } from "~/i18n/react";
import { requireUser } from "~/lib/guards.server";
import { loadCommunity } from "~/lib/community.server";
import { parseForm, type FormFailure } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import { subtreeIds } from "~/services/communities.server";
import {
  dismissReports,
  hideContent,
  listReports,
  restoreContent,
  type ReportFilter,
  type ReportGroup,
} from "~/services/discussion/index.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

function readFilter(url: URL): ReportFilter {
  const value = url.searchParams.get("status");
  return (REPORT_FILTERS as readonly string[]).includes(value ?? "")
    ? (value as ReportFilter)
    : "open";
}

/** The moderators' queue: reported comments and proposals of a community and everything below it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const { community, name } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "moderation.act",
  );
  const url = new URL(request.url);
  const filter = readFilter(url);
  const { items, pageInfo } = await listReports(
    context.db,
    await subtreeIds(context.db, community.id),
    filter,
    parsePageParam(url.searchParams.get("page")),
  );
  return {
    title: t("moderation.title", { community: name }),
    community: { slug: community.slug, name },
    filter,
    groups: items,
    pageInfo,
  };
}

const target = {
  kind: z.enum(REPORT_KINDS),
  targetId: z.coerce.number().int().positive().max(2_147_483_647),
};
const ModerationSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("hide"),
    ...target,
    reason: z.string().trim().min(1).max(LIMITS.reason),
  }),
  z.object({
    intent: z.literal("restore"),
    ...target,
    reason: z.string().trim().max(LIMITS.reason).default(""),
  }),
  z.object({
    intent: z.literal("dismiss"),
    ...target,
    reason: z.string().trim().max(LIMITS.reason).default(""),
  }),
]);

/** Which card's form failed: `<intent>:<kind>:<id>`. */
function formKey(values: Record<string, string>): string {
  return `${values.intent ?? ""}:${values.kind ?? ""}:${values.targetId ?? ""}`;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireUser(context, request);
  const { locale, t } = await requestI18n(request);
  const { community } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "moderation.act",
  );
  const parsed = parseForm(await request.formData(), ModerationSchema);
  if (!parsed.ok) return data({ ...parsed, form: formKey(parsed.values) }, { status: 400 });
  const { intent, kind, targetId, reason } = parsed.data;
  // The policy is asked again at the content's own community: a moderator here acts on this subtree.
  const input = {
    actor: context.actor,
    kind,
    id: targetId,
    reason,
    mail: { mailer: context.mailer, origin: context.origin },
  };
  const result =
    intent === "hide"
      ? await hideContent(context.db, input)
      : intent === "restore"
        ? await restoreContent(context.db, input)
        : await dismissReports(context.db, input);
  if (!result.ok) {
    if (result.reason === "forbidden") throw new Response(null, { status: 403 });
    if (result.reason === "notFound") throw new Response(null, { status: 404 });
  }
  // Who may edit or read a proposal's live text changes with its visibility: open editors reconnect.
  if (result.ok && kind === "proposal" && intent !== "dismiss")
    context.documents.reauthorize(`proposal:${targetId}`);
  const search = new URL(request.url).search;
  return redirectWithToast(context, `/c/${community.slug}/moderation${search}`, {
    kind: result.ok ? "success" : "info",
    message: !result.ok
      ? t(result.reason === "alreadyHidden" ? "moderation.alreadyHidden" : "moderation.notHidden")
      : t(
          intent === "hide"
            ? "moderation.hidden"
            : intent === "restore"
              ? "moderation.restored"
              : "moderation.dismissed",
        ),
  });
}

export default function Moderation() {
  const { community, filter, groups, pageInfo } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <>
      <p>
        <Link to={`/c/${community.slug}`}>← {community.name}</Link>
      </p>
      <h1>{t("moderation.title", { community: community.name })}</h1>
      <p className="lede">{t("moderation.intro")}</p>
      <nav className="filter-nav" aria-label={t("moderation.filterLabel")}>
        <ul>
          {REPORT_FILTERS.map((option) => (
            <li key={option}>
              <Link
                to={option === "open" ? "?" : `?status=${option}`}
                aria-current={option === filter ? "page" : undefined}
              >
                {t(`moderation.filter.${option}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {groups.length === 0 ? (
        <EmptyState title={t(filter === "open" ? "moderation.emptyOpen" : "moderation.empty")} />
      ) : (
        <ul className="link-list report-list">
          {groups.map((group) => (
            <ReportCard key={`${group.kind}:${group.targetId}`} group={group} failure={failure} />
          ))}
        </ul>
      )}
      <Pagination pageInfo={pageInfo} />
    </>
  );
}

function ReportCard({
  group,
  failure,
}: {
  group: ReportGroup;
  failure: (FormFailure & { form: string }) | undefined;
}) {
  const { t, dateTime } = useI18n();
  const key = `${group.kind}:${group.targetId}`;
  const failed = (intent: string) => (failure?.form === `${intent}:${key}` ? failure : undefined);
  const hideFailure = failed("hide");
  const { target } = group;
  const hidden = target.state === "hidden";
  const fields = (intent: "hide" | "restore" | "dismiss") => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="kind" value={group.kind} />
      <input type="hidden" name="targetId" value={group.targetId} />
    </>
  );
  return (
    <li className="card report-card" id={`report-${group.kind}-${group.targetId}`}>
      <h2 className="report-card__title">
        <span className="badge">{t(`moderationTarget.${group.kind}`)}</span>{" "}
        {target.link ? <Link to={target.link}>{target.title}</Link> : t("moderation.gone")}
      </h2>
      <p className="muted">
        {target.state === "gone" ? null : (target.authorName ?? t("account.formerResident"))}
        {target.state !== "visible" && target.state !== "gone" ? (
          <>
            {" · "}
            <span className="badge badge--brand">{t(`moderation.state.${target.state}`)}</span>
          </>
        ) : null}
      </p>
      {target.excerpt ? (
        <blockquote className="report-card__excerpt">{target.excerpt}</blockquote>
      ) : null}
      {hidden && target.hiddenReason ? (
        <p>{t("moderation.hiddenBecause", { reason: target.hiddenReason })}</p>
      ) : null}
      <p>
        {t("moderation.counts", { count: group.reportCount, open: group.openCount })}
        {" · "}
        {t("moderation.lastReported", { date: dateTime(group.lastReportedAt) })}
      </p>
      {group.resolution ? (
        <p className="muted">{t(`moderation.resolution.${group.resolution}`)}</p>
      ) : null}
      {group.reasons.length > 0 ? (
        <>
          <h3>{t("moderation.reasons")}</h3>
          <ul className="report-card__reasons">
            {group.reasons.map((reason, index) => (
              <li key={index}>{reason}</li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="report-card__actions">
        {!hidden && target.state !== "gone" ? (
          <Form method="post" noValidate className="stack">
            {fields("hide")}
            <TextField
              id={`hide-${key.replace(":", "-")}-reason`}
              name="reason"
              label={t("moderation.hideReason")}
              hint={t("moderation.hideReasonHint")}
              maxLength={LIMITS.reason}
              required
              defaultValue={hideFailure?.values.reason}
              error={hideFailure?.errors.reason}
            />
            <Button type="submit" variant="danger" size="small">
              {t("moderation.hide")}
            </Button>
          </Form>
        ) : null}
        {hidden ? (
          <Form method="post" noValidate className="stack">
            {fields("restore")}
            <TextField
              id={`restore-${key.replace(":", "-")}-reason`}
              name="reason"
              label={t("moderation.restoreReason")}
              maxLength={LIMITS.reason}
              defaultValue={failed("restore")?.values.reason}
              error={failed("restore")?.errors.reason}
            />
            <Button type="submit" variant="secondary" size="small">
              {t("moderation.restore")}
            </Button>
          </Form>
        ) : null}
        {group.openCount > 0 ? (
          <Form method="post" noValidate>
            {fields("dismiss")}
            <Button type="submit" variant="secondary" size="small">
              {t("moderation.dismiss", { count: group.openCount })}
            </Button>
          </Form>
        ) : null}
      </div>
    </li>
  );
}
