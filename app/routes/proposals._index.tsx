import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ProposalFilters } from "~/components/proposals/proposal-filters";
import { ProposalResults } from "~/components/proposals/proposal-results";
import { pageMeta } from "~/lib/meta";
import {
  listCommunityOptions,
  loadProposalList,
  parseProposalListQuery,
  resolveCommunityScope,
} from "~/lib/proposal-list.server";
import { requestI18n } from "~/lib/route-context.server";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/** Every public proposal in the tree: searched, filtered by status, category and community. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const asked = parseProposalListQuery(new URL(request.url).searchParams);
  const [{ query, scope, community }, options] = await Promise.all([
    resolveCommunityScope(context, asked, locale),
    listCommunityOptions(context, locale),
  ]);
  const list = await loadProposalList(context, query, scope, locale);
  // A node chosen by a link (a street, a grid) that the select does not list is still shown as chosen.
  const communities =
    community && !options.some((option) => option.slug === community.slug)
      ? [community, ...options]
      : options;
  return {
    title: query.q ? t("browse.searchTitle", { query: query.q }) : t("browse.title"),
    query,
    communities,
    ...list,
  };
}

export default function Proposals() {
  const { query, communities, items, pageInfo } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <header className="page-header">
        <h1>{t("browse.title")}</h1>
        <p className="lede">{t("browse.intro")}</p>
      </header>
      <ProposalFilters values={query} communities={communities} clearTo="/proposals" />
      <ProposalResults query={query} items={items} pageInfo={pageInfo} clearTo="/proposals" />
    </>
  );
}
