/**
 * The downloads of a vote's results. CSV: a few "field,value" lines about the vote and its turnout,
 * a blank line, then the method's own table (rounds, matrix, funded projects …) with stable English
 * column names, so that a spreadsheet or a script can read it whatever the reader's language. JSON:
 * the vote, its options, the turnout and the full result as the counting library returns it, and
 * the published ballots in the form `npm run tally` reads, so that anyone can recount.
 */
import type { TallyResult } from "~/domain/voting";
import type { PublishedBallot, VoteRecord, VoteResults } from "~/services/votes/index.server";
import type { CsvCell } from "./votes-csv";

function methodRows(tally: TallyResult, name: (id: string) => string): CsvCell[][] {
  switch (tally.method) {
    case "majority":
      return [
        ["choice", "votes"],
        ["yes", tally.yes],
        ["no", tally.no],
        ["abstain", tally.abstain],
        [],
        ["outcome", tally.outcome],
        ["threshold", tally.threshold.rule],
        ["yes_needed", tally.threshold.needed],
      ];
    case "consent":
      return [
        ["position", "count"],
        ["consent", tally.consents],
        ["stand_aside", tally.standAsides],
        ["object_standing", tally.standingObjections.length],
        ["object_other", tally.otherObjections.length],
        [],
        ["outcome", tally.outcome],
        [],
        ["objection", "standing", "withdrawn"],
        ...tally.standingObjections.map((o) => [o.reason, true, false]),
        ...tally.otherObjections.map((o) => [o.reason, false, o.withdrawn]),
      ];
    case "approval":
      return [
        ["rank", "option_id", "option", "approvals"],
        ...tally.ranking.map((id, i) => [i + 1, id, name(id), tally.approvals[id] ?? 0]),
      ];
    case "score":
      return [
        ["rank", "option_id", "option", "total", "ratings", "mean", "qualified"],
        ...tally.ranking.map((id, i) => {
          const s = tally.scores[id];
          return [
            i + 1,
            id,
            name(id),
            s?.total ?? 0,
            s?.ratings ?? 0,
            s?.mean ?? null,
            s?.qualified ?? false,
          ];
        }),
      ];
    case "irv":
      return [
        [
          "option_id",
          "option",
          ...tally.rounds.map((r) => `round_${r.round}`),
          "excluded_in_round",
        ],
        ...tally.ranking.map((id) => [
          id,
          name(id),
          ...tally.rounds.map((r) => r.votes[id] ?? null),
          tally.rounds.find((r) => r.eliminated.includes(id))?.round ?? null,
        ]),
        ["", "exhausted", ...tally.rounds.map((r) => r.exhausted)],
      ];
    case "schulze": {
      const ids = tally.options;
      return [
        ["rank", "option_id", "option"],
        ...tally.ranking.map((id, i) => [i + 1, id, name(id)]),
        [],
        ["pairwise: voters ranking the row above the column"],
        ["", ...ids.map(name)],
        ...ids.map((row, r) => [
          name(row),
          ...ids.map((_, c) => (r === c ? null : (tally.matrix[r]?.[c] ?? 0))),
        ]),
      ];
    }
    case "stv":
      return [
        ["option_id", "option", "elected", ...tally.rounds.map((r) => `round_${r.round}`)],
        ...tally.ranking.map((id) => [
          id,
          name(id),
          tally.winners.includes(id),
          ...tally.rounds.map((r) => r.votes[id] ?? null),
        ]),
        ["", "quota", "", ...tally.rounds.map((r) => r.quota)],
        ["", "exhausted", "", ...tally.rounds.map((r) => r.exhausted)],
      ];
  }
}

export function resultsCsvRows(record: VoteRecord, results: VoteResults): CsvCell[][] {
  const name = (id: string) => results.names[id] ?? id;
  const { turnout, quorum } = results;
  const head: CsvCell[][] = [
    ["field", "value"],
    ["vote_id", record.row.id],
    ["title", record.row.title],
    ["method", record.row.method],
    ["secret", record.row.secret],
    ["status", results.status],
    ["opens_at", record.row.opensAt.toISOString()],
    ["closes_at", record.row.closesAt.toISOString()],
    ["electorate", turnout.electorate],
    ["ballots_online", turnout.online],
    ["ballots_proxy", turnout.proxy],
    ["ballots_paper", turnout.paper],
    ["ballots_total", turnout.total],
    ["quorum_percent", quorum.percent],
    ["quorum_needed", quorum.needed],
    ["quorum_met", quorum.met],
    ["winner", results.tally?.winner ? name(results.tally.winner) : null],
    ["outcome", results.outcome],
    ...results.batches.map((b): CsvCell[] => [`paper_batch`, `${b.label} (${b.papers})`]),
    [],
  ];
  if (results.budget) {
    const funded = new Set(results.budget.funded);
    const costs = new Map(record.options.map((o) => [o.id, o.cost]));
    return [
      ...head,
      ["budget", results.budget.budget],
      ["rule", results.budget.rule],
      ["spent", results.budget.spent],
      [],
      ["rank", "project_id", "project", "cost", "funded"],
      ...results.budget.ranking.map((id, i) => [
        i + 1,
        id,
        name(id),
        costs.get(id) ?? null,
        funded.has(id),
      ]),
    ];
  }
  return results.tally ? [...head, ...methodRows(results.tally, name)] : head;
}

export function resultsJson(
  record: VoteRecord,
  results: VoteResults,
  ballots: PublishedBallot[] | null,
) {
  return {
    vote: {
      id: record.row.id,
      title: record.row.title,
      description: record.row.description,
      method: record.row.method,
      settings: record.row.settings,
      secret: record.row.secret,
      opensAt: record.row.opensAt.toISOString(),
      closesAt: record.row.closesAt.toISOString(),
      status: results.status,
      proposalId: record.row.proposalId,
    },
    options: record.options.map((o) => ({
      id: o.id,
      name: o.label,
      ...(o.cost !== null ? { cost: o.cost } : {}),
    })),
    turnout: results.turnout,
    quorum: results.quorum,
    outcome: results.outcome,
    result: results.budget ?? results.tally,
    paperBatches: results.batches,
    ballots,
  };
}
