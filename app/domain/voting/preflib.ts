/**
 * Reads PrefLib `.toi` (orders with ties, incomplete) and `.soi` (strict orders, incomplete) files,
 * the format of the real elections in the fixtures (preflib.org, format of 2022).
 *
 *     # NUMBER ALTERNATIVES: 3
 *     # ALTERNATIVE NAME 1: Bob Kiss
 *     # NUMBER VOTERS: 12
 *     840: 5
 *     355: 1,2
 *     30: {1,2},5
 *
 * Header lines start with `#` and hold `KEY: value`; `ALTERNATIVE NAME k` names option k. Every
 * other non-blank line is `count: ranking`, the ranking listing option numbers best first, with
 * `{a,b}` for options at the same rank (in `.toi` only). Option ids are the numbers as strings
 * ("1", "2", …), names come from the header. Checks: option numbers within NUMBER ALTERNATIVES, no
 * option twice on a line, positive counts, and the counts adding up to NUMBER VOTERS when given.
 */
import { ParseError } from "./errors";
import { MAX_OPTIONS, RankedProfileBuilder, type RankedProfile } from "./profile";
import type { OptionNames } from "./types";

export interface ParsedRanked {
  readonly profile: RankedProfile;
  /** Names by option id, for the options the file names. */
  readonly names: OptionNames;
  /** The other header fields, as written. */
  readonly meta: Readonly<Record<string, string>>;
}

export function parsePreflib(text: string, format: "toi" | "soi" = "toi"): ParsedRanked {
  const lines = text.split(/\r?\n/);
  const names: Record<string, string> = {};
  const meta: Record<string, string> = {};
  let declaredOptions: number | null = null;
  let declaredVoters: { count: number; line: number } | null = null;
  let highestNamed = 0;

  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line.startsWith("#")) return;
    const match = /^#\s*([^:]+?)\s*:\s*(.*)$/.exec(line);
    if (!match) return; // a free-text comment
    const key = (match[1] as string).toUpperCase();
    const value = match[2] as string;
    const named = /^ALTERNATIVE NAME (\d+)$/.exec(key);
    if (named) {
      const k = Number(named[1]);
      if (k < 1) throw new ParseError(i + 1, `alternative numbers start at 1, got ${k}`);
      names[String(k)] = value;
      highestNamed = Math.max(highestNamed, k);
    } else if (key === "NUMBER ALTERNATIVES") {
      declaredOptions = positiveInteger(value, i + 1, "NUMBER ALTERNATIVES");
    } else if (key === "NUMBER VOTERS") {
      declaredVoters = { count: positiveInteger(value, i + 1, "NUMBER VOTERS", true), line: i + 1 };
    } else {
      meta[key] = value;
    }
  });

  const optionCount: number = declaredOptions ?? highestNamed;
  if (optionCount === 0) {
    throw new ParseError(
      1,
      "the header names no alternatives (# NUMBER ALTERNATIVES: n, # ALTERNATIVE NAME k: …)",
    );
  }
  if (optionCount > MAX_OPTIONS)
    throw new ParseError(1, `at most ${MAX_OPTIONS} alternatives are supported`);
  if (highestNamed > optionCount) {
    throw new ParseError(
      1,
      `alternative ${highestNamed} is named but NUMBER ALTERNATIVES is ${optionCount}`,
    );
  }

  const builder = new RankedProfileBuilder(optionCount);
  let sawBallots = false;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    readOrder(line, i + 1, optionCount, format, builder);
    sawBallots = true;
  });
  const options = Array.from({ length: optionCount }, (_, k) => String(k + 1));
  const profile = builder.build(options);
  const voters = declaredVoters as { count: number; line: number } | null;
  if (voters && voters.count !== profile.total) {
    throw new ParseError(
      voters.line,
      `NUMBER VOTERS is ${voters.count} but the ballots add up to ${profile.total}`,
    );
  }
  if (!sawBallots && !voters)
    throw new ParseError(lines.length, "the file has no ballots (lines `count: ranking`)");
  return { profile, names, meta };
}

function positiveInteger(value: string, line: number, what: string, zeroAllowed = false): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || (n === 0 && !zeroAllowed)) {
    throw new ParseError(line, `${what} must be a whole number, got "${value}"`);
  }
  return n;
}

/** Reads one `count: ranking` line into the builder. */
function readOrder(
  line: string,
  lineNumber: number,
  optionCount: number,
  format: "toi" | "soi",
  builder: RankedProfileBuilder,
): void {
  const colon = line.indexOf(":");
  if (colon < 0) throw new ParseError(lineNumber, `expected "count: ranking", got "${line}"`);
  const countText = line.slice(0, colon).trim();
  const count = /^\d+$/.test(countText) ? Number(countText) : NaN;
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new ParseError(
      lineNumber,
      `the count must be a positive whole number, got "${countText}"`,
    );
  }
  builder.startBallot();
  let inGroup = false;
  let groupSize = 0;
  let expectItem = true; // an option number (or "{") is due, rather than "," / "}"
  const at = (p: number) => `at column ${p + 1}`;
  for (let p = colon + 1; p < line.length; p++) {
    const ch = line.charCodeAt(p);
    if (ch === 32 || ch === 9) continue;
    if (ch >= 48 && ch <= 57) {
      if (!expectItem) throw new ParseError(lineNumber, `expected "," ${at(p)}`);
      let value = 0;
      let q = p;
      while (q < line.length && line.charCodeAt(q) >= 48 && line.charCodeAt(q) <= 57) {
        value = value * 10 + (line.charCodeAt(q) - 48);
        q++;
      }
      if (value < 1 || value > optionCount) {
        throw new ParseError(
          lineNumber,
          `option ${value} does not exist (the file has ${optionCount} alternatives)`,
        );
      }
      if (!inGroup) builder.startRank();
      if (!builder.add(value - 1))
        throw new ParseError(lineNumber, `option ${value} is ranked twice`);
      groupSize++;
      expectItem = false;
      p = q - 1;
    } else if (ch === 44 /* , */) {
      if (expectItem) throw new ParseError(lineNumber, `expected an option number ${at(p)}`);
      expectItem = true;
    } else if (ch === 123 /* { */) {
      if (format === "soi")
        throw new ParseError(lineNumber, "a .soi file has no ties ({…}); read it as .toi");
      if (inGroup || !expectItem) throw new ParseError(lineNumber, `unexpected "{" ${at(p)}`);
      inGroup = true;
      groupSize = 0;
      builder.startRank();
    } else if (ch === 125 /* } */) {
      if (!inGroup || expectItem) throw new ParseError(lineNumber, `unexpected "}" ${at(p)}`);
      if (groupSize === 0) throw new ParseError(lineNumber, `empty {} ${at(p)}`);
      inGroup = false;
    } else {
      throw new ParseError(lineNumber, `unexpected "${line[p] ?? ""}" ${at(p)}`);
    }
  }
  if (inGroup) throw new ParseError(lineNumber, 'a "{" is not closed');
  if (expectItem && groupSize > 0)
    throw new ParseError(lineNumber, "the ranking ends with a comma");
  builder.endBallot(count);
}
