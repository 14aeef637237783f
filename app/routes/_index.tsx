import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CommunityList } from "~/components/community-list";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { useI18n } from "~/i18n/react";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { listChildren } from "~/services/communities.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const roots = await listChildren(context.db, null, { page: 1, pageSize: 5 }, locale);
  const cities = await Promise.all(
    roots.items.map(async (city) => ({
      ...city,
      children: (await listChildren(context.db, city.id, { page: 1, pageSize: 12 }, locale)).items,
    })),
  );
  return { title: t("home.title"), cities, moreCities: roots.pageInfo.hasNext };
}

const RIGHTS = [
  ["home.rightToKnow", "home.rightToKnowBody"],
  ["home.rightToTakePart", "home.rightToTakePartBody"],
  ["home.rightToSpeak", "home.rightToSpeakBody"],
  ["home.rightToOversee", "home.rightToOverseeBody"],
] as const;

export default function Home() {
  const { cities, moreCities } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <p className="hero__motto">{t("app.tagline")}</p>
        <h1 id="home-title">{t("home.heading")}</h1>
        <p className="lede">{t("home.intro")}</p>
      </section>

      <section className="stack" aria-labelledby="browse-title">
        <h2 id="browse-title">{t("home.browse")}</h2>
        {cities.length === 0 ? (
          <EmptyState title={t("home.noCommunities")}>{t("home.noCommunitiesBody")}</EmptyState>
        ) : (
          cities.map((city) => (
            <div key={city.slug} className="card">
              <h3>
                <Link to={`/c/${city.slug}`}>{city.name}</Link>
              </h3>
              <CommunityList items={city.children} />
            </div>
          ))
        )}
        {moreCities ? (
          <ButtonLink to="/c" variant="secondary">
            {t("home.allCommunities")}
          </ButtonLink>
        ) : null}
      </section>

      <section className="stack" aria-labelledby="rights-title">
        <h2 id="rights-title">{t("home.rightsTitle")}</h2>
        <ul className="rights">
          {RIGHTS.map(([title, body]) => (
            <li key={title} className="card">
              <h3>{t(title)}</h3>
              <p>{t(body)}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
