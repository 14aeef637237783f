import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachment, toCsv } from "~/lib/votes-csv";
import { resultsCsvRows } from "~/lib/votes-export";
import { requireVote } from "~/lib/votes-page.server";
import { readResults } from "~/services/votes/index.server";

/** The results of a closed vote (or running results, when public) as a CSV download. */
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
