import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DiffLegend, DiffView } from "~/components/proposals/diff-view";
import { CompareForm } from "~/components/proposals/versions";
import { EmptyState } from "~/components/ui/empty-state";
import { diffStats, diffText } from "~/domain/text-diff";
import { useI18n } from "~/i18n/react";
import { pageMeta } from "~/lib/meta";
import {
  proposalHeader,
  requireVersionedProposal,
  versionChoices,
} from "~/lib/proposal-versions.server";
import { requestI18n } from "~/lib/route-context.server";
import { getVersion } from "~/services/proposals/index.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/** A version number in range, or the default (a stale or hand-edited link still shows a comparison). */
function versionParam(latest: number, fallback: number) {
  return z.coerce.number().int().min(1).max(latest).catch(fallback);
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const record = await requireVersionedProposal(context, params.id);
  const proposal = proposalHeader(record, locale);
  const title = t("versions.compareTitleOf", { title: record.row.title });
  const { latest, choices } = await versionChoices(context, record.context.id);
  if (latest === 0) return { title, proposal, comparison: null };

  const search = new URL(request.url).searchParams;
  const to = versionParam(latest, latest).parse(search.get("to") ?? undefined);
  const from = versionParam(latest, Math.max(1, to - 1)).parse(search.get("from") ?? undefined);
  const [before, after] = await Promise.all([
    getVersion(context.db, record.context.id, from),
    getVersion(context.db, record.context.id, to),
  ]);
  if (!before || !after) throw new Response(null, { status: 404, statusText: "Not Found" });
  const parts = {
    title: diffText(before.title, after.title),
    summary: diffText(before.summary, after.summary),
    body: diffText(before.text, after.text),
  };
  return {
    title,
    proposal,
    comparison: {
      from,
      to,
      choices,
      ...parts,
      stats: diffStats([...parts.title, ...parts.summary, ...parts.body]),
      changed:
        before.title !== after.title ||
        before.summary !== after.summary ||
        before.text !== after.text,
    },
  };
}

export default function Compare() {
  const { proposal, comparison } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const base = `/proposals/${proposal.id}`;
  return (
    <>
      <nav className="cluster" aria-label={t("versions.navLabel")}>
        <Link to={base} lang={proposal.language}>
          ← {proposal.title}
        </Link>
        <Link to={`${base}/versions`}>{t("versions.heading")}</Link>
      </nav>
      <header className="page-header">
        <h1>{t("versions.compareHeading")}</h1>
      </header>
      {!comparison ? (
        <EmptyState title={t("versions.empty")}>{t("versions.emptyBody")}</EmptyState>
      ) : (
        <>
          <CompareForm
            proposalId={proposal.id}
            choices={comparison.choices}
            from={comparison.from}
            to={comparison.to}
          />
          <section className="stack" aria-labelledby="diff-title">
            <h2 id="diff-title">
              {t("versions.comparing", { from: comparison.from, to: comparison.to })}
            </h2>
            {comparison.from === comparison.to ? (
              <p className="notice">{t("versions.sameVersion")}</p>
            ) : !comparison.changed ? (
              <p className="notice">{t("versions.noChanges")}</p>
            ) : (
              <>
                <p className="diff-stats">
                  {t("versions.stats", {
                    added: comparison.stats.added,
                    removed: comparison.stats.removed,
                  })}
                </p>
                <DiffLegend />
                <h3>{t("versions.fieldTitle")}</h3>
                <DiffView parts={comparison.title} lang={proposal.language} />
                <h3>{t("versions.summary")}</h3>
                <DiffView parts={comparison.summary} lang={proposal.language} />
                <h3>{t("versions.body")}</h3>
                <DiffView parts={comparison.body} lang={proposal.language} block />
              </>
            )}
          </section>
        </>
      )}
    </>
  );
}
