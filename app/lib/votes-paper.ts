/**
 * Reading a paper batch as the committee types it from the ballot papers.
 *
 * Counts (majority, approval): one number box per choice or option, and for approval the number of
 * papers in the batch (blank ones included). Ballots (every other method): one paper per line,
 * options named by their number on the form (1 = the first option):
 * - ranked: the numbers in order of preference, "3 1 2"; Schulze may join equal ranks with "=",
 *   "3 1=2"; options not written are not ranked;
 * - approval and budget: the numbers ticked, "1 4"; "-" for a blank paper;
 * - score: one score per option in order, "5 3 - 0" ("-" = not rated);
 * - consent: "+" consent, "0" stand aside, "!" object, then the reason: "! too noisy at night".
 * The service checks every ballot again and names the first bad one.
 */
import type { BallotContent, VoteMethod } from "~/domain/vote-rules";
import type { FieldError } from "./forms";

export type PaperEntry =
  | { kind: "counts"; counts: Record<string, number> }
  | { kind: "ballots"; ballots: BallotContent[] };

const bad = (line: number): { ok: false; error: FieldError } => ({
  ok: false,
  error: { key: "paper.badLine", values: { line } },
});

function parseLine(
  line: string,
  method: VoteMethod,
  optionIds: readonly string[],
): BallotContent | null {
  const idOf = (token: string) => {
    if (!/^\d{1,3}$/.test(token)) return null;
    return optionIds[Number(token) - 1] ?? null;
  };
  const tokens = line.split(/[\s,，、]+/).filter(Boolean);
  switch (method) {
    case "approval":
    case "budget": {
      const ids = line.trim() === "-" ? [] : tokens.map(idOf);
      if (ids.some((id) => id === null)) return null;
      return method === "budget" ? { approvals: ids as string[] } : (ids as string[]);
    }
    case "score": {
      if (tokens.length !== optionIds.length) return null;
      const ballot: Record<string, number> = {};
      for (const [index, token] of tokens.entries()) {
        if (token === "-") continue;
        if (!/^[0-5]$/.test(token)) return null;
        ballot[optionIds[index]!] = Number(token);
      }
      return ballot;
    }
    case "consent": {
      const mark = line.trim()[0];
      const reason = line.trim().slice(1).trim();
      if (mark === "+") return { position: "consent" };
      if (mark === "0")
        return reason ? { position: "stand_aside", reason } : { position: "stand_aside" };
      if (mark === "!") return { position: "object", reason };
      return null;
    }
    case "majority": {
      const word = line.trim().toLowerCase();
      return word === "yes" || word === "no" || word === "abstain" ? word : null;
    }
    default: {
      const ranks = tokens.map((token) => token.split("=").map(idOf));
      if (ranks.some((rank) => rank.some((id) => id === null))) return null;
      return ranks as string[][];
    }
  }
}

/** The batch from the form's fields: `count.<key>` boxes, or the `ballots` textarea. */
export function parsePaperEntry(
  form: Record<string, string>,
  method: VoteMethod,
  optionIds: readonly string[],
  countable: boolean,
): { ok: true; entry: PaperEntry } | { ok: false; error: FieldError; field?: string } {
  if (countable) {
    const keys = method === "majority" ? ["yes", "no", "abstain"] : ["ballots", ...optionIds];
    const counts: Record<string, number> = {};
    for (const key of keys) {
      const value = (form[`count.${key}`] ?? "").trim();
      if (value === "") continue;
      if (!/^\d{1,8}$/.test(value))
        return { ok: false, error: { key: "form.invalid" }, field: `count.${key}` };
      counts[key] = Number(value);
    }
    return { ok: true, entry: { kind: "counts", counts } };
  }
  const lines = (form.ballots ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (lines.length === 0)
    return { ok: false, error: { key: "voteError.emptyBatch" }, field: "ballots" };
  const ballots: BallotContent[] = [];
  for (const [index, line] of lines.entries()) {
    const ballot = parseLine(line, method, optionIds);
    if (ballot === null) return { ...bad(index + 1), field: "ballots" };
    ballots.push(ballot);
  }
  return { ok: true, entry: { kind: "ballots", ballots } };
}
