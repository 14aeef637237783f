import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ProposalFilters } from "~/components/proposals/proposal-filters";
import { ProposalResults } from "~/components/proposals/proposal-results";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { ButtonLink } from "~/components/ui/button";
import { can } from "~/domain/policy";
import { useI18n } from "~/i18n/react";
import { loadCommunity } from "~/lib/community.server";
import { pageMeta } from "~/lib/meta";
import { loadProposalList, parseProposalListQuery } from "~/lib/proposal-list.server";
import { requestI18n } from "~/lib/route-context.server";
import { listAncestors, subtreeIds } from "~/services/communities.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/** The public proposals of a community node and everything below it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const { community, resource, name } = await loadCommunity(context, request, params.slug, locale);
  // The node is fixed by the URL: a `community` parameter does not apply here.
  const query = { ...parseProposalListQuery(new URL(request.url).searchParams), community: null };
  const [ancestors, scope] = await Promise.all([
    listAncestors(context.db, community, locale),
    subtreeIds(context.db, community.id),
  ]);
  const list = await loadProposalList(context, query, scope, locale);
  return {
    title: t("browse.communityTitle", { community: name }),
    community: { slug: community.slug, name, level: community.level },
    ancestors,
    // Matters are raised in a community (not in a street above it, nor a grid below it).
    mayRaise: community.level === "community" && can(context.actor, "proposal.create", resource),
    query,
    ...list,
  };
}

export default function CommunityProposals() {
  const { community, ancestors, mayRaise, query, items, pageInfo } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const here = `/c/${community.slug}/proposals`;
  const trail = [
    { label: t("tree.title"), to: "/c" },
    ...ancestors.map((a) => ({ label: a.name, to: `/c/${a.slug}` })),
    { label: community.name, to: `/c/${community.slug}` },
  ];
  const raise = mayRaise ? (
    <ButtonLink to={`/c/${community.slug}/proposals/new`}>{t("browse.raise")}</ButtonLink>
  ) : null;
  return (
    <>
      <Breadcrumbs trail={trail} current={t("browse.breadcrumb")} />
      <header className="page-header cluster proposal-list-header">
        <h1>{t("browse.communityTitle", { community: community.name })}</h1>
        {raise}
      </header>
      <ProposalFilters values={query} clearTo={here} />
      <ProposalResults
        query={query}
        items={items}
        pageInfo={pageInfo}
        clearTo={here}
        showCommunity={community.level !== "community"}
        emptyAction={raise}
      />
    </>
  );
}
