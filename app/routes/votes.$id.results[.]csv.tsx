import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachment, toCsv } from "~/lib/votes-csv";
import { resultsCsvRows } from "~/lib/votes-export";
import { requireVote } from "~/lib/votes-page.server";
import { voteResults } from "~/services/votes/index.server";

/** The results of a closed vote (or running results, when public) as a CSV download. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const now = new Date();
  const record = await requireVote(context, params.id, now);
  const results = await voteResults(context.db, record, now);
  if (!results || (results.status !== "closed" && !results.running))
    throw new Response("Not Found", { status: 404 });
  return new Response(toCsv(resultsCsvRows(record, results)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachment(
        `vote-${record.row.id}-results.csv`,
        `${record.row.title}-results.csv`,
      ),
      // Cached once the clock has stored the result; counted on the fly until then.
      "Cache-Control": record.row.closedAt ? "public, max-age=60" : "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
