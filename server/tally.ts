/**
 * The `tally` command: counts a vote from a file or from JSON on stdin with the same functions as
 * the web app, and prints the result as JSON.
 *
 *     npm run --silent tally -- --method irv --file ballots.toi [--timing]
 *     echo '{"options":["a","b"],"ballots":[["a"],["b","a"]]}' | npm run --silent tally -- --method schulze
 *
 * Inputs: the tally JSON (`{"options": [...], "ballots": [...]}`, see app/domain/voting/json.ts),
 * PrefLib .toi/.soi, Debian's tally sheet, a CSV of paper ballots, Pabulib .pb (budgets). The format
 * comes from the file name, or `--format`, or a look at the text.
 *
 * Exit codes: 0 counted; 1 bad input (the message names the line); 2 bad command line.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { countBudget } from "../app/domain/voting/budget";
import {
  BallotError,
  CountError,
  ParseError,
  RANKED_METHODS,
  TALLY_METHODS,
  parseBallotCsv,
  parseDebianTally,
  parsePreflib,
  parseTallyJson,
  tally,
  type OptionNames,
  type ParsedRanked,
  type TallyMethod,
  type TallySettings,
} from "../app/domain/voting/index";
import { PabulibParseError, parsePabulib } from "../app/domain/voting/pabulib";

const USAGE = `usage: npm run --silent tally -- --method <method> [--file <path>] [options]
  --method      ${TALLY_METHODS.join(" | ")} | budget
  --file        .json, .toi, .soi, .csv, .pb or a Debian tally sheet (default: JSON on stdin)
  --format      json | toi | soi | csv | debian | pb (default: from the file name or its text)
  --timing      add {"timing": {"parseMs", "countMs"}}
  --seats N     stv: seats to fill (default: "seats" in the JSON, or 1)
  --budget N    budget: the amount to spend (default: from the input)
  --rule R      budget: greedy (default) | mes
  --seed N      the lot for ties (irv, stv: default 0; others: ties are left as ties)
  --overvote R  irv, stv: exhaust (default) | skip | exhaust_if_multiple_continuing
  --batch       irv: batch elimination
  --unranked R  schulze: below (default) | not_compared
  --strength R  schulze: winning (default) | margin
  --max-approvals N   approval: spoil ballots with more approvals
  --by R        score: mean (default) | total
  --min-ratings N     score: ratings needed to rank by mean (default 1)
  --eligible N  majority: eligible voters (default: "eligible" in the JSON)
  --quorum X    majority: share of eligible voters, e.g. 0.25 (default: "quorum" in the JSON, or 0)
  --threshold R majority: majority | two_thirds | majority_of_eligible
`;

type Format = "json" | "toi" | "soi" | "csv" | "debian" | "pb";
const FORMATS: readonly Format[] = ["json", "toi", "soi", "csv", "debian", "pb"];
const FLAGS = ["timing", "batch", "help"];
const VALUES = [
  "method",
  "file",
  "format",
  "seats",
  "budget",
  "rule",
  "seed",
  "overvote",
  "unranked",
  "strength",
  "max-approvals",
  "by",
  "min-ratings",
  "eligible",
  "quorum",
  "threshold",
];

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument "${arg}"`);
    const name = match[1] as string;
    if (FLAGS.includes(name)) {
      if (match[2] !== undefined) throw new UsageError(`--${name} takes no value`);
      args.set(name, "true");
    } else if (VALUES.includes(name)) {
      const value = match[2] ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      args.set(name, value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return args;
}

function wholeNumber(args: Map<string, string>, name: string): number | undefined {
  const value = args.get(name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

function choice<T extends string>(
  args: Map<string, string>,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = args.get(name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, got "${value}"`);
  }
  return value as T;
}

function detectFormat(file: string | undefined, text: string): Format {
  const extension = file ? path.extname(file).slice(1).toLowerCase() : "";
  if ((FORMATS as readonly string[]).includes(extension)) return extension as Format;
  if (/^V:\s/m.test(text)) return "debian";
  if (text.trimStart().startsWith("{")) return "json";
  if (/^\s*#.*:/.test(text) || /^\d+\s*:/m.test(text)) return "toi";
  throw new UsageError("cannot tell the file's format; give --format");
}

/** The method's rules from the command line (and, for majority, the JSON's own fields). */
function settingsFor(
  method: TallyMethod,
  args: Map<string, string>,
  fields: Readonly<Record<string, unknown>>,
): TallySettings {
  const seed = wholeNumber(args, "seed");
  const overvote = choice(args, "overvote", [
    "exhaust",
    "skip",
    "exhaust_if_multiple_continuing",
  ] as const);
  const seeded = seed === undefined ? {} : { seed };
  switch (method) {
    case "irv":
      return {
        method,
        ...seeded,
        ...(overvote ? { overvote } : {}),
        batchElimination: args.has("batch"),
      };
    case "stv":
      return {
        method,
        ...seeded,
        ...(overvote ? { overvote } : {}),
        seats: wholeNumber(args, "seats") ?? (fields.seats as number | undefined) ?? 1,
      };
    case "schulze": {
      const unranked = choice(args, "unranked", ["below", "not_compared"] as const);
      const strength = choice(args, "strength", ["winning", "margin"] as const);
      return {
        method,
        ...seeded,
        ...(unranked ? { unranked } : {}),
        ...(strength ? { strength } : {}),
      };
    }
    case "approval": {
      const maxApprovals = wholeNumber(args, "max-approvals");
      return { method, ...seeded, ...(maxApprovals === undefined ? {} : { maxApprovals }) };
    }
    case "score": {
      const by = choice(args, "by", ["mean", "total"] as const);
      const minRatings = wholeNumber(args, "min-ratings");
      return {
        method,
        ...seeded,
        ...(by ? { by } : {}),
        ...(minRatings === undefined ? {} : { minRatings }),
      };
    }
    case "majority": {
      const eligible = wholeNumber(args, "eligible") ?? fields.eligible;
      const quorumArg = args.get("quorum");
      const quorum = quorumArg === undefined ? fields.quorum : Number(quorumArg);
      const threshold =
        choice(args, "threshold", ["majority", "two_thirds", "majority_of_eligible"] as const) ??
        fields.threshold;
      return {
        method,
        ...(eligible === undefined ? {} : { eligible: eligible as number }),
        ...(quorum === undefined ? {} : { quorum: quorum as number }),
        ...(threshold === undefined ? {} : { threshold: threshold as "majority" }),
      };
    }
    case "consent":
      return { method };
  }
}

interface Counted {
  result: { readonly winner: string | null; readonly ranking: readonly string[] } & object;
  names: OptionNames;
}

function countRanked(
  method: TallyMethod,
  format: Format,
  text: string,
  args: Map<string, string>,
  timing: Timing,
): Counted {
  let parsed:
    | ParsedRanked
    | { profile: ParsedRanked["profile"]; names: OptionNames; fields: Record<string, unknown> };
  const start = performance.now();
  if (format === "json") {
    const json = parseTallyJson(text, { ranked: true });
    parsed = {
      profile: json.profile as ParsedRanked["profile"],
      names: json.names,
      fields: json.fields,
    };
  } else if (format === "toi" || format === "soi") parsed = parsePreflib(text, format);
  else if (format === "debian") parsed = parseDebianTally(text);
  else if (format === "csv") parsed = parseBallotCsv(text);
  else throw new UsageError(`${method} counts ranked ballots; a .${format} file holds none`);
  const counting = performance.now();
  timing.parseMs = counting - start;
  const fields = "fields" in parsed ? parsed.fields : {};
  const result = tally({ profile: parsed.profile }, settingsFor(method, args, fields));
  timing.countMs = performance.now() - counting;
  return { result, names: parsed.names };
}

function countOther(
  method: TallyMethod,
  format: Format,
  text: string,
  args: Map<string, string>,
  timing: Timing,
): Counted {
  if (format !== "json")
    throw new UsageError(`${method} ballots come as JSON ({"options": [...], "ballots": [...]})`);
  const start = performance.now();
  const json = parseTallyJson(text, { ranked: false });
  const counting = performance.now();
  timing.parseMs = counting - start;
  try {
    const result = tally(
      { options: json.options, ballots: json.ballots },
      settingsFor(method, args, json.fields),
    );
    timing.countMs = performance.now() - counting;
    return { result, names: json.names };
  } catch (error) {
    if (error instanceof BallotError)
      throw new ParseError(json.lineOfBallot(error.index), error.message);
    throw error;
  }
}

function countBudgetInput(
  format: Format,
  text: string,
  args: Map<string, string>,
  timing: Timing,
): Counted {
  const rule = choice(args, "rule", ["greedy", "mes"] as const) ?? "greedy";
  const start = performance.now();
  let budget: unknown;
  let projects: unknown;
  let ballots: unknown;
  if (format === "pb") {
    const file = parsePabulib(text);
    ({ budget, projects } = file);
    ballots = file.ballots.map((b) =>
      b.points ? { points: b.points } : { approvals: b.approvals ?? [] },
    );
  } else if (format === "json") {
    const json = parseTallyJson(text, { ranked: false });
    budget = json.fields.budget;
    projects = json.fields.projects;
    ballots = json.ballots;
  } else {
    throw new UsageError("budget counts a Pabulib .pb file or JSON {budget, projects, ballots}");
  }
  budget = wholeNumber(args, "budget") ?? budget;
  if (typeof budget !== "number")
    throw new UsageError('give the budget with --budget or a "budget" field');
  if (!Array.isArray(projects))
    throw new UsageError('the input has no "projects" list of {id, cost, name}');
  const counting = performance.now();
  timing.parseMs = counting - start;
  const result = countBudget({
    budget,
    projects: projects as Parameters<typeof countBudget>[0]["projects"],
    ballots: ballots as Parameters<typeof countBudget>[0]["ballots"],
    rule,
  });
  timing.countMs = performance.now() - counting;
  const names: Record<string, string> = {};
  for (const project of projects as { id: string; name?: string }[])
    if (project.name) names[project.id] = project.name;
  // A budget has no single winner: `winner` is the best-supported project, `funded` says what won.
  const counted = { winner: result.ranking[0] ?? null, ...result, rule };
  return { result: counted, names };
}

interface Timing {
  parseMs: number;
  countMs: number;
}

async function readInput(file: string | undefined): Promise<string> {
  if (file) return readFileSync(file, "utf8");
  if (process.stdin.isTTY) throw new UsageError("pipe JSON on stdin or give --file");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.has("help")) {
    process.stdout.write(USAGE);
    return 0;
  }
  const file = args.get("file");
  const text = await readInput(file);
  const format = choice(args, "format", FORMATS) ?? detectFormat(file, text);
  const method = args.get("method") ?? (format === "pb" ? "budget" : undefined);
  if (method === undefined) throw new UsageError("give --method");
  const timing: Timing = { parseMs: 0, countMs: 0 };
  let counted: Counted;
  if (method === "budget") counted = countBudgetInput(format, text, args, timing);
  else if (!(TALLY_METHODS as readonly string[]).includes(method)) {
    throw new UsageError(`unknown method "${method}" (${TALLY_METHODS.join(", ")}, budget)`);
  } else if (RANKED_METHODS.includes(method as TallyMethod)) {
    counted = countRanked(method as TallyMethod, format, text, args, timing);
  } else {
    counted = countOther(method as TallyMethod, format, text, args, timing);
  }

  const { result, names } = counted;
  const { winner, ranking, ...details } = result;
  const named = Object.keys(names).length > 0;
  const output = {
    method,
    winner,
    ...(named ? { winnerName: winner === null ? null : (names[winner] ?? null) } : {}),
    ranking,
    ...(named ? { names } : {}),
    ...details,
    ...(args.has("timing")
      ? { timing: { parseMs: round(timing.parseMs), countMs: round(timing.countMs) } }
      : {}),
  };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

/** The input as error messages name it: the file given, or stdin. */
function inputName(argv: readonly string[]): string {
  const at = argv.indexOf("--file");
  const inline = argv.find((arg) => arg.startsWith("--file="));
  return (at >= 0 ? argv[at + 1] : inline?.slice("--file=".length)) ?? "stdin";
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const where = `${inputName(process.argv.slice(2))}: `;
    if (error instanceof UsageError) {
      console.error(`tally: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (
      error instanceof ParseError ||
      error instanceof PabulibParseError ||
      error instanceof CountError ||
      error instanceof BallotError
    ) {
      console.error(`tally: ${where}${error.message}`);
      process.exitCode = 1;
    } else if (
      error instanceof Error &&
      "code" in error &&
      typeof error.code === "string" &&
      error.code.startsWith("E")
    ) {
      console.error(`tally: ${error.message}`); // a file that cannot be read
      process.exitCode = 1;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
