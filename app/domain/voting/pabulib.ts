/**
 * Reader for Pabulib `.pb` files (pabulib.org), the common format for participatory-budgeting data:
 *
 * ```
 * META
 * key;value
 * budget;1000000
 * vote_type;approval
 * PROJECTS
 * project_id;cost;votes;name;selected
 * 24;5000;720;Zakup fotopułapek;1
 * VOTES
 * voter_id;vote
 * 1;70,20,21
 * ```
 *
 * Each section starts with its name on a line of its own, then a header row, then `;`-separated rows.
 * Fields may be quoted with `"` (a doubled `""` is a literal quote; a quoted field may hold `;` or a
 * line break). Line endings may be LF, CRLF or mixed: real files have all three.
 *
 * Pure and strict: anything that would make a count silently wrong (an unknown project in a vote, a
 * malformed number, a points list that does not match its vote list, a voter or project listed twice)
 * is a `PabulibParseError` naming the 1-based line, so the `tally` command can point at it.
 */

import { ParseError } from "./errors";

export interface PabulibProject {
  id: string;
  cost: number;
  name?: string;
  /** The published number of votes (a column of the file, not recounted here). */
  votes?: number;
  /** The published score (sum of points) for points ballots. */
  score?: number;
  /** Whether the project was officially funded. */
  selected?: boolean;
}

export interface PabulibBallot {
  voterId: string;
  /** Approval and ordinal ballots: the projects voted for, in the file's order (best first for ordinal). */
  approvals?: string[];
  /** Cumulative and scoring ballots: points per project. */
  points?: Record<string, number>;
}

export interface PabulibFile {
  meta: Record<string, string>;
  budget: number;
  voteType: "approval" | "cumulative" | "scoring" | "ordinal";
  projects: PabulibProject[];
  ballots: PabulibBallot[];
}

/**
 * A `ParseError` (message "line N: …", `line` 1-based) raised by this reader; a subclass so that
 * callers can tell which format failed. Its `name` stays "ParseError" (a literal in the base class).
 */
export class PabulibParseError extends ParseError {}

const VOTE_TYPES = ["approval", "cumulative", "scoring", "ordinal"] as const;

type Section = "META" | "PROJECTS" | "VOTES";
const SECTIONS: readonly Section[] = ["META", "PROJECTS", "VOTES"];

interface Row {
  /** 1-based line on which the row starts (a quoted line break makes a row span several lines). */
  line: number;
  fields: string[];
}

/** Parses a Pabulib .pb file (META, PROJECTS, VOTES sections; ';'-separated with a header row per section; quoted fields possible). Errors name the line number. */
export function parsePabulib(text: string): PabulibFile {
  const rows = splitRows(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

  const sections = new Map<Section, { header: Row; rows: Row[] }>();
  let current: { header: Row | null; rows: Row[]; name: Section; line: number } | null = null;
  const finish = () => {
    if (!current) return;
    if (!current.header) {
      throw new PabulibParseError(current.line, `section ${current.name} has no header row`);
    }
    sections.set(current.name, { header: current.header, rows: current.rows });
  };
  for (const row of rows) {
    if (row.fields.length === 1 && row.fields[0]?.trim() === "") continue;
    const sectionName = row.fields.length === 1 ? asSection(row.fields[0] ?? "") : null;
    if (sectionName) {
      finish();
      if (sections.has(sectionName)) {
        throw new PabulibParseError(row.line, `section ${sectionName} appears twice`);
      }
      current = { header: null, rows: [], name: sectionName, line: row.line };
      continue;
    }
    if (!current) {
      throw new PabulibParseError(row.line, "expected a section name (META, PROJECTS or VOTES)");
    }
    if (current.header) current.rows.push(row);
    else current.header = row;
  }
  finish();

  const lastLine = rows.at(-1)?.line ?? 1;
  const metaSection = sections.get("META");
  const projectSection = sections.get("PROJECTS");
  const voteSection = sections.get("VOTES");
  if (!metaSection) throw new PabulibParseError(1, "missing META section");
  if (!projectSection) throw new PabulibParseError(lastLine, "missing PROJECTS section");
  if (!voteSection) throw new PabulibParseError(lastLine, "missing VOTES section");

  // META: key;value. Only `budget` and `vote_type` matter to the count; the rest is kept as text.
  const meta: Record<string, string> = {};
  const metaLines = new Map<string, number>();
  const metaColumns = columns(metaSection.header, ["key", "value"]);
  for (const row of metaSection.rows) {
    const key = field(row, metaColumns, "key").trim();
    if (key === "") throw new PabulibParseError(row.line, "empty META key");
    if (metaLines.has(key)) throw new PabulibParseError(row.line, `META key "${key}" repeated`);
    meta[key] = field(row, metaColumns, "value").trim();
    metaLines.set(key, row.line);
  }
  const budgetText = meta.budget;
  if (budgetText === undefined) {
    throw new PabulibParseError(metaSection.header.line, "META has no budget");
  }
  const budget = parseAmount(budgetText, metaLines.get("budget") ?? 1, "budget");
  const voteTypeText = meta.vote_type;
  if (voteTypeText === undefined) {
    throw new PabulibParseError(metaSection.header.line, "META has no vote_type");
  }
  const voteType = VOTE_TYPES.find((t) => t === voteTypeText.toLowerCase());
  if (!voteType) {
    throw new PabulibParseError(
      metaLines.get("vote_type") ?? 1,
      `unknown vote_type "${voteTypeText}" (expected ${VOTE_TYPES.join(", ")})`,
    );
  }

  // PROJECTS: project_id and cost are required; votes, score, name and selected are read when present.
  const projectColumns = columns(projectSection.header, ["project_id", "cost"]);
  const projects: PabulibProject[] = [];
  const projectIds = new Set<string>();
  for (const row of projectSection.rows) {
    const id = field(row, projectColumns, "project_id").trim();
    if (id === "") throw new PabulibParseError(row.line, "empty project_id");
    if (projectIds.has(id)) throw new PabulibParseError(row.line, `project ${id} listed twice`);
    projectIds.add(id);
    const project: PabulibProject = {
      id,
      cost: parseAmount(field(row, projectColumns, "cost"), row.line, `cost of project ${id}`),
    };
    const name = optionalField(row, projectColumns, "name");
    if (name !== undefined && name !== "") project.name = name;
    const votes = optionalField(row, projectColumns, "votes")?.trim();
    if (votes) project.votes = parseAmount(votes, row.line, `votes of project ${id}`);
    const score = optionalField(row, projectColumns, "score")?.trim();
    if (score) project.score = parseAmount(score, row.line, `score of project ${id}`);
    const selected = optionalField(row, projectColumns, "selected")?.trim();
    if (selected) {
      // 1 = funded, 0 = not; some files use other non-zero codes for "funded by other means".
      project.selected = parseAmount(selected, row.line, `selected of project ${id}`) !== 0;
    }
    projects.push(project);
  }

  // VOTES: voter_id and vote are required; points is required for points ballots.
  const usesPoints = voteType === "cumulative" || voteType === "scoring";
  const voteColumns = columns(
    voteSection.header,
    usesPoints ? ["voter_id", "vote", "points"] : ["voter_id", "vote"],
  );
  const ballots: PabulibBallot[] = [];
  const voterIds = new Set<string>();
  for (const row of voteSection.rows) {
    const voterId = field(row, voteColumns, "voter_id").trim();
    if (voterId === "") throw new PabulibParseError(row.line, "empty voter_id");
    if (voterIds.has(voterId))
      throw new PabulibParseError(row.line, `voter ${voterId} listed twice`);
    voterIds.add(voterId);
    const voted = splitList(field(row, voteColumns, "vote"));
    const seen = new Set<string>();
    for (const projectId of voted) {
      if (!projectIds.has(projectId)) {
        throw new PabulibParseError(
          row.line,
          `voter ${voterId} votes for unknown project ${projectId}`,
        );
      }
      if (seen.has(projectId)) {
        throw new PabulibParseError(row.line, `voter ${voterId} lists project ${projectId} twice`);
      }
      seen.add(projectId);
    }
    if (!usesPoints) {
      ballots.push({ voterId, approvals: voted });
      continue;
    }
    const pointTexts = splitList(field(row, voteColumns, "points"));
    if (pointTexts.length !== voted.length) {
      throw new PabulibParseError(
        row.line,
        `voter ${voterId} has ${voted.length} projects but ${pointTexts.length} points`,
      );
    }
    const points: Record<string, number> = {};
    voted.forEach((projectId, i) => {
      points[projectId] = parseAmount(pointTexts[i] ?? "", row.line, `points of voter ${voterId}`);
    });
    ballots.push({ voterId, points });
  }

  return { meta, budget, voteType, projects, ballots };
}

function asSection(text: string): Section | null {
  const name = text.trim().toUpperCase();
  return SECTIONS.find((s) => s === name) ?? null;
}

/**
 * Splits the text into rows of fields, honouring quotes (which may span lines). Lines without a quote,
 * nearly all of them, take a fast path through `String.split`.
 */
function splitRows(text: string): Row[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.at(-1) === "") lines.pop();
  const rows: Row[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i] ?? "";
    if (!first.includes('"')) {
      rows.push({ line: i + 1, fields: first.split(";") });
      continue;
    }
    const rowLine = i + 1;
    const fields: string[] = [];
    let fieldText = "";
    let quoted = false;
    // Only a quote that opens a field is special: a stray quote inside an unquoted name, like
    // `Park "Stok"`, is kept as it is.
    let fieldStarted = false;
    let lineText = first;
    for (let j = 0; ; j++) {
      if (j === lineText.length) {
        if (!quoted) break;
        // A quoted field continues on the next line; the line break is part of the field.
        i++;
        if (i >= lines.length) throw new PabulibParseError(rowLine, "unterminated quoted field");
        lineText = lines[i] ?? "";
        fieldText += "\n";
        j = -1;
        continue;
      }
      const ch = lineText[j];
      if (quoted) {
        if (ch !== '"') fieldText += ch;
        else if (lineText[j + 1] === '"') {
          fieldText += '"';
          j++;
        } else quoted = false;
      } else if (ch === '"' && !fieldStarted) {
        quoted = true;
        fieldStarted = true;
      } else if (ch === ";") {
        fields.push(fieldText);
        fieldText = "";
        fieldStarted = false;
      } else {
        fieldText += ch;
        fieldStarted = true;
      }
    }
    fields.push(fieldText);
    rows.push({ line: rowLine, fields });
  }
  return rows;
}

type Columns = Map<string, number>;

function columns(header: Row, required: readonly string[]): Columns {
  const map: Columns = new Map();
  header.fields.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (map.has(key)) throw new PabulibParseError(header.line, `column "${key}" repeated`);
    map.set(key, i);
  });
  for (const name of required) {
    if (!map.has(name)) {
      throw new PabulibParseError(header.line, `header has no "${name}" column`);
    }
  }
  return map;
}

function field(row: Row, cols: Columns, name: string): string {
  const value = optionalField(row, cols, name);
  if (value === undefined) throw new PabulibParseError(row.line, `missing ${name}`);
  return value;
}

function optionalField(row: Row, cols: Columns, name: string): string | undefined {
  if (row.fields.length > cols.size) {
    throw new PabulibParseError(
      row.line,
      `${row.fields.length} fields but the header has ${cols.size} (an unquoted ";"?)`,
    );
  }
  const index = cols.get(name);
  return index === undefined ? undefined : row.fields[index];
}

function splitList(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === "" ? [] : trimmed.split(",").map((s) => s.trim());
}

/**
 * A non-negative decimal amount. Strict on purpose: "1 000", "1,5" or "1e6" are refused rather than
 * guessed, because a misread cost changes which projects are funded.
 */
function parseAmount(text: string, line: number, what: string): number {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) {
    throw new PabulibParseError(line, `${what} is not a non-negative number: "${text}"`);
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value)) throw new PabulibParseError(line, `${what} is too large`);
  return value;
}
