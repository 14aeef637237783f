/**
 * Reads paper ballots typed into a spreadsheet and saved as CSV:
 *
 *     Alice,Bob,Carol
 *     1,2,
 *     2,1,3
 *     ,1,1
 *
 * The header row names the options (column k is option "k"); each further row is one ballot,
 * each cell the rank the voter wrote next to that option: a whole number from 1 (best), equal
 * numbers for equal ranks, empty for unranked. Rank numbers only order the options, so a skipped
 * number is a skipped rank. Fields may be quoted ("Smith, Jr."); the separator is a comma, or a
 * semicolon when the header has semicolons and no commas (spreadsheets in many locales). Blank
 * lines are ignored; a row of empty cells is a blank ballot and is counted as cast.
 */
import { ParseError } from "./errors";
import type { ParsedRanked } from "./preflib";
import { MAX_OPTIONS, RankedProfileBuilder } from "./profile";

export function parseBallotCsv(text: string): ParsedRanked {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const firstLine = source.slice(0, source.search(/\r?\n|$/));
  const separator = firstLine.includes(";") && !firstLine.includes(",") ? ";" : ",";
  const rows = readRows(source, separator);
  const header = rows[0];
  if (!header) throw new ParseError(1, "the file is empty (expected a header row of option names)");
  const names = header.fields.map((name) => name.trim());
  if (names.length > MAX_OPTIONS)
    throw new ParseError(header.line, `at most ${MAX_OPTIONS} options are supported`);
  const seen = new Map<string, number>();
  names.forEach((name, k) => {
    if (name === "") throw new ParseError(header.line, `column ${k + 1} has no option name`);
    const before = seen.get(name);
    if (before !== undefined)
      throw new ParseError(
        header.line,
        `"${name}" names both column ${before + 1} and column ${k + 1}`,
      );
    seen.set(name, k);
  });

  const builder = new RankedProfileBuilder(names.length);
  const keys: number[] = [];
  for (const row of rows.slice(1)) {
    if (row.fields.length !== names.length) {
      throw new ParseError(
        row.line,
        `expected ${names.length} fields (one per option), found ${row.fields.length}`,
      );
    }
    keys.length = 0;
    row.fields.forEach((raw, k) => {
      const cell = raw.trim();
      if (cell === "") return;
      const rank = /^\d{1,9}$/.test(cell) ? Number(cell) : 0;
      if (rank < 1) {
        throw new ParseError(
          row.line,
          `"${cell}" for ${names[k] ?? ""} is not a rank (a whole number from 1, or empty)`,
        );
      }
      keys.push(rank * 65536 + k); // order by rank, then by column
    });
    keys.sort((a, b) => a - b);
    builder.startBallot();
    let previous = -1;
    for (const key of keys) {
      const rank = Math.floor(key / 65536);
      if (rank !== previous) builder.startRank();
      builder.add(key % 65536);
      previous = rank;
    }
    builder.endBallot(1);
  }
  const options = names.map((_, k) => String(k + 1));
  return {
    profile: builder.build(options),
    names: Object.fromEntries(options.map((id, k) => [id, names[k] as string])),
    meta: {},
  };
}

/** RFC 4180 records with the line each starts on; blank lines are dropped. */
function readRows(text: string, separator: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let line = 1;
  let p = 0;
  while (p <= text.length) {
    const startLine = line;
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    let wasQuoted = false;
    for (;;) {
      const ch = text[p];
      if (quoted) {
        if (ch === undefined) throw new ParseError(startLine, "a quoted field is not closed");
        if (ch === '"') {
          if (text[p + 1] === '"') {
            field += '"';
            p += 2;
          } else {
            quoted = false;
            p++;
          }
          continue;
        }
        if (ch === "\n") line++;
        field += ch;
        p++;
        continue;
      }
      if (ch === '"') {
        if (field.trim() !== "" || wasQuoted)
          throw new ParseError(line, 'a quote (") in the middle of a field');
        field = "";
        quoted = true;
        wasQuoted = true;
        p++;
      } else if (ch === separator) {
        fields.push(field);
        field = "";
        wasQuoted = false;
        p++;
      } else if (ch === "\n" || ch === "\r" || ch === undefined) {
        fields.push(field);
        if (ch === "\r" && text[p + 1] === "\n") p++;
        p++;
        if (ch !== undefined) line++;
        break;
      } else {
        if (wasQuoted && ch.trim() !== "") throw new ParseError(line, "text after a closing quote");
        field += ch;
        p++;
      }
    }
    const blank = fields.length === 1 && (fields[0] as string).trim() === "" && !wasQuoted;
    if (!blank) rows.push({ line: startLine, fields });
  }
  return rows;
}
