import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CommunityList } from "~/components/community-list";
import { EmptyState } from "~/components/ui/empty-state";
import { Pagination } from "~/components/ui/pagination";
import { DEFAULT_PAGE_SIZE, parsePageParam } from "~/domain/pagination";
import { useI18n } from "~/i18n/react";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { listChildren } from "~/services/communities.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const page = parsePageParam(new URL(request.url).searchParams.get("page"));
  const roots = await listChildren(context.db, null, { page, pageSize: DEFAULT_PAGE_SIZE }, locale);
  return { title: t("tree.title"), ...roots };
}

export default function CommunityTreeRoot() {
  const { items, pageInfo } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <header className="page-header">
        <h1>{t("tree.title")}</h1>
        <p className="lede">{t("tree.intro")}</p>
      </header>
      {items.length === 0 ? (
        <EmptyState title={t("home.noCommunities")}>{t("home.noCommunitiesBody")}</EmptyState>
      ) : (
        <>
          <CommunityList items={items} />
          <Pagination pageInfo={pageInfo} />
        </>
      )}
    </>
  );
}
