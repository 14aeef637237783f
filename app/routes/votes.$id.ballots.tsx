import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { TextField } from "~/components/ui/field";
import { Pagination } from "~/components/ui/pagination";
import { BallotContentText } from "~/components/votes/ballot-content";
import { parsePageParam } from "~/domain/pagination";
import { normalizeReceipt } from "~/domain/vote-rules";
import { useI18n } from "~/i18n/react";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { requireVote, voteSummary } from "~/lib/votes-page.server";
import { checkReceipt, publishedBallots } from "~/services/votes/index.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

const PAGE_SIZE = 50;

/**
 * The published ballot box of a closed vote: every ballot with its receipt code, page by page, so
 * that anyone can recount; and a receipt check (a GET form: it changes nothing).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const now = new Date();
  const record = await requireVote(context, params.id, now);
  const vote = voteSummary(record, locale);
  const url = new URL(request.url);
  const typed = url.searchParams.get("receipt");
  const receipt = typed === null ? null : normalizeReceipt(typed);
  const [box, check] = await Promise.all([
    publishedBallots(
      context.db,
      record,
      { page: parsePageParam(url.searchParams.get("page")), pageSize: PAGE_SIZE },
      now,
    ),
    receipt && record.status === "closed" && record.row.secret
      ? checkReceipt(context.db, record, receipt)
      : null,
  ]);
  return {
    title: t("ballotBox.title", { title: vote.title }),
    vote,
    names: Object.fromEntries(vote.options.map((o) => [o.id, o.label])),
    box,
    typed: typed ?? "",
    check:
      typed === null
        ? null
        : receipt === null
          ? ({ state: "invalid" } as const)
          : check === null
            ? ({ state: "notYet" } as const)
            : check.found
              ? ({ state: "found", receipt, content: check.content, castOn: check.castOn } as const)
              : ({ state: "missing", receipt } as const),
  };
}

export default function BallotBox() {
  const { vote, names, box, typed, check } = useLoaderData<typeof loader>();
  const { t, date } = useI18n();
  const base = `/votes/${vote.id}`;
  return (
    <div className="stack">
      <Breadcrumbs
        trail={[
          { label: vote.community.name, to: `/c/${vote.community.slug}` },
          { label: t("votes.listTitle"), to: `/c/${vote.community.slug}/votes` },
          { label: vote.title, to: base },
        ]}
        current={t("ballotBox.breadcrumb")}
      />
      <h1>{t("ballotBox.heading")}</h1>
      <p className="lede">{vote.secret ? t("ballotBox.introSecret") : t("ballotBox.introOpen")}</p>

      {vote.secret ? (
        <section className="vote-panel" aria-labelledby="check-title">
          <h2 id="check-title">{t("ballotBox.checkTitle")}</h2>
          <Form method="get" className="stack" action={base + "/ballots"}>
            <TextField
              label={t("receipt.fieldLabel")}
              name="receipt"
              defaultValue={typed}
              autoComplete="off"
              spellCheck={false}
              hint={t("ballotBox.checkHint")}
              error={check?.state === "invalid" ? { key: "ballotBox.invalidReceipt" } : undefined}
            />
            <Button type="submit" variant="secondary">
              {t("ballotBox.check")}
            </Button>
          </Form>
          {check && check.state !== "invalid" ? (
            <div
              className={`notice ${check.state === "found" ? "notice--success" : check.state === "missing" ? "notice--error" : ""}`}
              role="status"
            >
              {check.state === "found" ? (
                <div className="stack-tight">
                  <p>
                    {t("ballotBox.found", {
                      receipt: check.receipt,
                      day: date(check.castOn, "UTC"),
                    })}
                  </p>
                  <BallotContentText content={check.content} method={vote.method} names={names} />
                </div>
              ) : check.state === "missing" ? (
                <p>{t("ballotBox.missing", { receipt: check.receipt })}</p>
              ) : (
                <p>{t("ballotBox.notYet")}</p>
              )}
            </div>
          ) : null}
        </section>
      ) : null}

      <section className="stack" aria-labelledby="box-title">
        <h2 id="box-title">{t("ballotBox.listTitle")}</h2>
        {box === null ? (
          <EmptyState title={t("ballotBox.notPublished")}>
            {t("ballotBox.notPublishedBody")}
          </EmptyState>
        ) : box.items.length === 0 ? (
          <EmptyState title={t("ballotBox.empty")} />
        ) : (
          <>
            <p>
              <Link to={`${base}/results.json`} reloadDocument>
                {t("ballotBox.download")}
              </Link>
            </p>
            {/* A scrollable region must be reachable by keyboard (WCAG 2.1.1), hence the tabIndex. */}
            {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
            <div className="table-wrap" role="region" aria-labelledby="box-caption" tabIndex={0}>
              <table className="table">
                <caption id="box-caption">
                  {t("ballotBox.caption", { count: box.page.total })}
                </caption>
                <thead>
                  <tr>
                    {vote.secret ? <th scope="col">{t("ballotBox.receipt")}</th> : null}
                    <th scope="col">{t("ballotBox.content")}</th>
                    <th scope="col">{t("ballotBox.day")}</th>
                  </tr>
                </thead>
                <tbody>
                  {box.items.map((ballot, index) => (
                    <tr key={ballot.receipt ?? index}>
                      {vote.secret ? (
                        <th scope="row" className="ballot-box__receipt nowrap">
                          {ballot.receipt}
                        </th>
                      ) : null}
                      <td>
                        <BallotContentText
                          content={ballot.content}
                          method={vote.method}
                          names={names}
                        />
                      </td>
                      <td className="nowrap">{date(ballot.castOn, "UTC")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination pageInfo={box.page} label={t("ballotBox.pagination")} />
          </>
        )}
      </section>
    </div>
  );
}
