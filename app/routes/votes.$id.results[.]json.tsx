import type { LoaderFunctionArgs } from "@remix-run/node";
import { MAX_PAGE_SIZE } from "~/domain/pagination";
import { attachment } from "~/lib/votes-csv";
import { resultsJson } from "~/lib/votes-export";
import { requireVote } from "~/lib/votes-page.server";
import { publishedBallots, readResults, type PublishedBallot } from "~/services/votes/index.server";

/**
 * The results of a closed vote (or running results, when public) as JSON, with the published ballot
 * box once there is one, so that anyone can recount.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const now = new Date();
  const record = await requireVote(context, params.id, now);
  const { results, problem } = await readResults(context.db, record, now);
  // A vote that cannot be counted (the committee sees why on the vote's page): nothing to download.
  if (problem)
    throw new Response("The count is being checked.", {
      status: 503,
      headers: { "Retry-After": "900", "Cache-Control": "no-store" },
    });
  if (!results || (results.status !== "closed" && !results.running))
    throw new Response("Not Found", { status: 404 });
  let ballots: PublishedBallot[] | null = null;
  if (results.status === "closed") {
    for (let page = 1; ; page++) {
      const box = await publishedBallots(
        context.db,
        record,
        { page, pageSize: MAX_PAGE_SIZE },
        now,
      );
      if (!box) break;
      (ballots ??= []).push(...box.items);
      if (!box.page.hasNext) break;
    }
  }
  return new Response(JSON.stringify(resultsJson(record, results, ballots), null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": attachment(
        `vote-${record.row.id}-results.json`,
        `${record.row.title}-results.json`,
      ),
      // Cached once the clock has stored the result; counted on the fly until then.
      "Cache-Control": record.row.closedAt ? "public, max-age=60" : "no-store",
    },
  });
}
