import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { VoteCardList, VoteSections } from "~/components/votes/vote-sections";
import { DEFAULT_TIME_ZONE } from "~/domain/community-tree";
import { useI18n } from "~/i18n/react";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { loadVoteSections, voteCardData } from "~/lib/vote-sections.server";
import { listVotes } from "~/services/votes/index.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/** At most this many votes awaiting the reader's ballot are listed (more: a link to each area). */
const AWAITING_SHOWN = 20;

/**
 * Every vote in the tree, in sections; for a signed-in person, first the open votes that await
 * their ballot (they are in the electorate and have not voted).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await requestI18n(request);
  const now = new Date();
  const userId = context.user?.id ?? null;
  const [{ status, sections }, awaiting] = await Promise.all([
    loadVoteSections(context, new URL(request.url), null, now),
    userId
      ? listVotes(
          context.db,
          { communityIds: null, awaitingUserId: userId },
          { page: 1, pageSize: AWAITING_SHOWN },
          now,
        )
      : null,
  ]);
  return {
    title: t("votes.allTitle"),
    status,
    sections,
    awaiting: awaiting ? awaiting.items.map(voteCardData) : null,
    now: now.toISOString(),
  };
}

export default function Votes() {
  const { status, sections, awaiting, now } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <header className="page-header">
        <h1>{t("votes.allTitle")}</h1>
        <p className="lede">{t("votes.allIntro")}</p>
      </header>
      {awaiting ? (
        <section className="card awaiting" aria-labelledby="awaiting-title">
          <h2 id="awaiting-title">{t("votes.awaitingTitle", { count: awaiting.length })}</h2>
          {awaiting.length === 0 ? (
            <p>{t("votes.awaitingNone")}</p>
          ) : (
            <VoteCardList
              items={awaiting}
              now={now}
              timeZone={DEFAULT_TIME_ZONE}
              labelledBy="awaiting-title"
            />
          )}
        </section>
      ) : null}
      <VoteSections
        here="/votes"
        status={status}
        sections={sections}
        now={now}
        timeZone={DEFAULT_TIME_ZONE}
      />
    </>
  );
}
