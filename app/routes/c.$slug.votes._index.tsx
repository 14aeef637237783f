import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { ButtonLink } from "~/components/ui/button";
import { VoteSections } from "~/components/votes/vote-sections";
import { mayManageVote } from "~/domain/policy";
import { useI18n } from "~/i18n/react";
import { loadCommunity } from "~/lib/community.server";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { listAncestors, subtreeIds } from "~/services/communities.server";
import { loadVoteSections } from "~/lib/vote-sections.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/**
 * The votes of a community node and below. Without a filter: what is open, what is coming, and the
 * closed ones page by page; with `?status=` one of them, page by page.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const { community, resource, name } = await loadCommunity(context, request, params.slug, locale);
  const now = new Date();
  const [ancestors, communityIds] = await Promise.all([
    listAncestors(context.db, community, locale),
    subtreeIds(context.db, community.id),
  ]);
  const { status, sections } = await loadVoteSections(
    context,
    new URL(request.url),
    communityIds,
    now,
  );
  return {
    title: t("votes.communityTitle", { community: name }),
    community: { slug: community.slug, name, timeZone: community.timeZone },
    ancestors,
    status,
    sections,
    now: now.toISOString(),
    mayCreate: mayManageVote(context.actor, { resource }),
  };
}

export default function CommunityVotes() {
  const { community, ancestors, status, sections, now, mayCreate } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const here = `/c/${community.slug}/votes`;
  const trail = [
    { label: t("tree.title"), to: "/c" },
    ...ancestors.map((a) => ({ label: a.name, to: `/c/${a.slug}` })),
    { label: community.name, to: `/c/${community.slug}` },
  ];
  const create = mayCreate ? <ButtonLink to={`${here}/new`}>{t("votes.new")}</ButtonLink> : null;
  return (
    <>
      <Breadcrumbs trail={trail} current={t("votes.listTitle")} />
      <header className="page-header cluster proposal-list-header">
        <h1>{t("votes.communityTitle", { community: community.name })}</h1>
        {create}
      </header>
      <VoteSections
        here={here}
        status={status}
        sections={sections}
        now={now}
        timeZone={community.timeZone}
        emptyAction={create}
      />
    </>
  );
}
