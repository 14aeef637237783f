import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EmptyState } from "~/components/ui/empty-state";
import { Pagination } from "~/components/ui/pagination";
import { Table } from "~/components/ui/table";
import { DEFAULT_PAGE_SIZE, parsePageParam } from "~/domain/pagination";
import { useI18n } from "~/i18n/react";
import { loadCommunity } from "~/lib/community.server";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { listAuditEntries } from "~/services/audit.server";
import { subtreeIds } from "~/services/communities.server";
import { displayNames } from "~/services/users.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/** The audit log of a community and everything below it, newest first. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const { community, name } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "audit.read",
  );
  const page = parsePageParam(new URL(request.url).searchParams.get("page"));
  const { items, pageInfo } = await listAuditEntries(
    context.db,
    await subtreeIds(context.db, community.id),
    {
      page,
      pageSize: DEFAULT_PAGE_SIZE,
    },
  );
  const names = await displayNames(
    context.db,
    items.flatMap((item) => [item.actorId, item.targetType === "user" ? item.targetId : null]),
  );
  return {
    title: t("audit.title", { community: name }),
    community: { slug: community.slug, name },
    pageInfo,
    entries: items.map((item) => ({
      id: item.id,
      occurredAt: item.occurredAt,
      action: item.action,
      actor: item.actorId ? (names.get(item.actorId) ?? t("account.formerResident")) : "—",
      target:
        item.targetType === "user" && item.targetId
          ? (names.get(item.targetId) ?? t("account.formerResident"))
          : `${item.targetType ?? ""} ${item.targetId ?? ""}`.trim(),
      details: JSON.stringify(item.after ?? item.before ?? null),
      hash: item.hash.slice(0, 12),
    })),
  };
}

export default function AuditLog() {
  const { community, entries, pageInfo } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  return (
    <>
      <p>
        <Link to={`/c/${community.slug}`}>← {community.name}</Link>
      </p>
      <h1>{t("audit.title", { community: community.name })}</h1>
      <p className="lede">{t("audit.intro")}</p>
      {entries.length === 0 ? (
        <EmptyState title={t("audit.empty")} />
      ) : (
        <Table
          caption={t("audit.caption")}
          rows={entries}
          rowKey={(row) => row.id}
          columns={[
            {
              key: "when",
              header: t("audit.when"),
              nowrap: true,
              cell: (row) => dateTime(row.occurredAt),
            },
            { key: "action", header: t("audit.action"), cell: (row) => <code>{row.action}</code> },
            { key: "actor", header: t("audit.actor"), cell: (row) => row.actor },
            { key: "target", header: t("audit.target"), cell: (row) => row.target },
            {
              key: "details",
              header: t("audit.details"),
              cell: (row) => <code>{row.details}</code>,
            },
            { key: "hash", header: t("audit.hash"), cell: (row) => <code>{row.hash}</code> },
          ]}
        />
      )}
      <Pagination pageInfo={pageInfo} />
    </>
  );
}
