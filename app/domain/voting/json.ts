/**
 * Reads the tally JSON input: `{"options": [...], "ballots": [...], ...}`.
 *
 * - `options`: option ids, or `{ "id": ..., "name": ... }` objects (names are then reported).
 * - `ballots`: as the method expects. Ranked: lists of ranks, a rank being an option id or a list
 *   of ids at the same rank (`["a", ["b", "c"], "d"]`), or `{ "ranks": [...], "count": n }`.
 * - Any other top-level field (`eligible`, `quota`, `budget`, `projects`, …) is returned as is.
 *
 * Why a JSON reader of our own: a city-wide ranked vote is a million ballots, and `JSON.parse`
 * would build a million arrays of strings only for the count to turn them into numbers again. In
 * ranked mode this reader scans the ballots straight into the compact profile (`profile.ts`),
 * recognising option ids by a hash of their characters without cutting strings out of the text.
 * It is a strict JSON reader all the same (RFC 8259), and every error names the line and column.
 */
import { ParseError } from "./errors";
import { MAX_OPTIONS, RankedProfileBuilder, isBallotCount, type RankedProfile } from "./profile";
import type { OptionId, OptionNames } from "./types";

export interface TallyJson {
  readonly options: readonly OptionId[];
  readonly names: OptionNames;
  /** Ballots as JSON values (not in ranked mode). */
  readonly ballots: readonly unknown[];
  /** The ranked ballots, encoded (ranked mode only). */
  readonly profile: RankedProfile | null;
  /** The other top-level fields. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The line on which ballot `index` (0-based) starts, for error messages. */
  lineOfBallot(index: number): number;
}

/**
 * Reads the input. With `ranked`, ballots are encoded as a ranked profile and checked (known
 * option ids, none twice in a ballot); otherwise they are returned as JSON values for the method
 * to check.
 */
export function parseTallyJson(text: string, mode: { readonly ranked: boolean }): TallyJson {
  return new Reader(text).document(mode.ranked);
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

class Reader {
  private p = 0;
  // Option ids met in ballots, numbered in order of appearance ("local" numbers).
  private localIds: string[] = [];
  private localIndex = new Map<string, number>();
  private localFirstAt: number[] = [];
  private localFirstBallot: number[] = [];
  // A trie over the characters of those ids (printable ASCII): `trie[node * 128 + char]` is the
  // child node (0: none; node 0 is the root), `leaf[node]` the local number + 1 of the id ending
  // there. Recognising an id is then one array read per character.
  private trie = new Int32Array(128 * 64);
  private leaf = new Int32Array(64);
  private nodes = 1;

  constructor(private readonly text: string) {}

  document(ranked: boolean): TallyJson {
    const fields: Record<string, unknown> = {};
    let options: OptionId[] | null = null;
    let names: Record<OptionId, string> = {};
    let optionsAt = 0;
    let ballots: unknown[] = [];
    let ballotStarts: number[] = [];
    let builder: RankedProfileBuilder | null = null;
    let sawBallots = false;
    const keys = new Set<string>();

    this.ws();
    this.expect(
      OPEN_OBJECT,
      'the input must be a JSON object {"options": [...], "ballots": [...]}',
    );
    this.ws();
    if (this.peek() === CLOSE_OBJECT) this.p++;
    else {
      for (;;) {
        this.ws();
        const keyAt = this.p;
        if (this.peek() !== QUOTE) this.fail("expected a field name in quotes");
        const key = this.string();
        this.ws();
        this.expect(COLON, 'expected ":"');
        this.ws();
        if (keys.has(key)) this.fail(`"${key}" appears twice`, keyAt);
        keys.add(key);
        if (key === "options") {
          optionsAt = this.p;
          ({ options, names } = this.optionList());
        } else if (key === "ballots") {
          sawBallots = true;
          if (ranked) builder = this.rankedBallots();
          else ({ ballots, starts: ballotStarts } = this.ballotList());
        } else {
          define(fields, key, this.value());
        }
        this.ws();
        const ch = this.peek();
        this.p++;
        if (ch === CLOSE_OBJECT) break;
        if (ch !== COMMA) this.fail('expected "," or "}"', this.p - 1);
      }
    }
    this.ws();
    if (this.p < this.text.length) this.fail("unexpected text after the end of the JSON object");
    if (options === null) this.fail('the input has no "options" list', 0);
    if (!sawBallots) this.fail('the input has no "ballots" list', 0);
    const ids = options;

    let profile: RankedProfile | null = null;
    if (builder) {
      const index = new Map(ids.map((id, i) => [id, i]));
      const remap = new Int32Array(this.localIds.length);
      this.localIds.forEach((id, local) => {
        const option = index.get(id);
        if (option === undefined) {
          const ballot = (this.localFirstBallot[local] as number) + 1;
          this.fail(
            `ballot ${ballot}: "${id}" is not one of the options`,
            this.localFirstAt[local],
          );
        }
        remap[local] = option;
      });
      profile = builder.build(ids, remap);
    }
    if (ids.length > MAX_OPTIONS)
      this.fail(`at most ${MAX_OPTIONS} options are supported`, optionsAt);
    const text = this.text;
    const starts = ballotStarts;
    return {
      options: ids,
      names,
      ballots,
      profile,
      fields,
      lineOfBallot: (index: number) => lineAt(text, starts[index] ?? 0),
    };
  }

  private optionList(): { options: OptionId[]; names: Record<OptionId, string> } {
    const at = this.p;
    const value = this.value();
    if (!Array.isArray(value)) this.fail('"options" must be a list', at);
    const options: OptionId[] = [];
    const names: Record<OptionId, string> = {};
    const seen = new Set<string>();
    (value as unknown[]).forEach((entry, i) => {
      let id: unknown = entry;
      if (typeof entry === "object" && entry !== null && !Array.isArray(entry)) {
        const { id: entryId, name } = entry as { id?: unknown; name?: unknown };
        id = entryId;
        if (name !== undefined) {
          if (typeof name !== "string") this.fail(`option ${i + 1}: "name" must be text`, at);
          names[id as string] = name;
        }
      }
      if (typeof id !== "string" || id === "")
        this.fail(`option ${i + 1}: an option is a non-empty id or { "id", "name" }`, at);
      if (seen.has(id)) this.fail(`option "${id}" is listed twice`, at);
      seen.add(id);
      options.push(id);
    });
    return { options, names };
  }

  /** A list of JSON values, remembering where each starts. */
  private ballotList(): { ballots: unknown[]; starts: number[] } {
    const ballots: unknown[] = [];
    const starts: number[] = [];
    this.expect(OPEN_ARRAY, '"ballots" must be a list');
    this.ws();
    if (this.peek() === CLOSE_ARRAY) {
      this.p++;
      return { ballots, starts };
    }
    for (;;) {
      this.ws();
      starts.push(this.p);
      ballots.push(this.value());
      this.ws();
      const ch = this.peek();
      this.p++;
      if (ch === CLOSE_ARRAY) return { ballots, starts };
      if (ch !== COMMA) this.fail('expected "," or "]" between ballots', this.p - 1);
    }
  }

  /**
   * The ranked ballots, scanned straight into a profile builder (option numbers are local). The
   * hot loop keeps its position in a local variable and recognises option ids with the trie.
   */
  private rankedBallots(): RankedProfileBuilder {
    const text = this.text;
    const builder = new RankedProfileBuilder(64);
    let p = this.p;
    let c = text.charCodeAt(p);
    const fail = (message: string, at: number): never => {
      this.p = at;
      return this.fail(message);
    };
    if (c !== OPEN_ARRAY) fail('"ballots" must be a list', p);
    c = text.charCodeAt(++p);
    while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
    if (c === CLOSE_ARRAY) {
      this.p = p + 1;
      return builder;
    }
    for (let ballot = 0; ; ballot++) {
      while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
      builder.startBallot();
      if (c === OPEN_ARRAY) {
        c = text.charCodeAt(++p);
        while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
        if (c === CLOSE_ARRAY) c = text.charCodeAt(++p);
        else {
          // Ranks: an option id, or a list of ids at one rank.
          for (;;) {
            while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
            builder.startRank();
            if (c === QUOTE) {
              p = this.rankedId(p, builder, ballot);
            } else if (c === OPEN_ARRAY) {
              c = text.charCodeAt(++p);
              while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
              if (c === CLOSE_ARRAY) p++;
              else {
                for (;;) {
                  while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
                  if (c !== QUOTE) fail(`ballot ${ballot + 1}: expected an option id in quotes`, p);
                  p = this.rankedId(p, builder, ballot);
                  c = text.charCodeAt(p);
                  while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
                  if (c === CLOSE_ARRAY) break;
                  if (c !== COMMA) fail(`ballot ${ballot + 1}: expected "," or "]"`, p);
                  c = text.charCodeAt(++p);
                }
                p++;
              }
            } else {
              fail(`ballot ${ballot + 1}: expected an option id or a list of option ids`, p);
            }
            c = text.charCodeAt(p);
            while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
            if (c === CLOSE_ARRAY) break;
            if (c !== COMMA) fail(`ballot ${ballot + 1}: expected "," or "]"`, p);
            c = text.charCodeAt(++p);
          }
          c = text.charCodeAt(++p);
        }
        builder.endBallot(1);
      } else if (c === OPEN_OBJECT) {
        this.p = p;
        this.weightedBallot(builder, ballot);
        p = this.p;
        c = text.charCodeAt(p);
      } else {
        fail(
          `ballot ${ballot + 1}: a ranked ballot is a list of ranks, or {"ranks": [...], "count": n}`,
          p,
        );
      }
      while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
      if (c === CLOSE_ARRAY) {
        this.p = p + 1;
        return builder;
      }
      if (c !== COMMA) fail('expected "," or "]" between ballots', p);
      c = text.charCodeAt(++p);
    }
  }

  /** `{"ranks": [...], "count": n}`: read as a plain value, then checked. */
  private weightedBallot(builder: RankedProfileBuilder, ballot: number): void {
    const at = this.p;
    const value = this.value() as Record<string, unknown>;
    const { ranks, count } = value;
    const bad = (detail: string) => this.fail(`ballot ${ballot + 1}: ${detail}`, at);
    if (!Array.isArray(ranks)) bad('"ranks" must be a list of ranks');
    if (count !== undefined && !isBallotCount(count))
      bad(`"count" must be a positive whole number`);
    for (const rank of ranks as unknown[]) {
      builder.startRank();
      const ids =
        typeof rank === "string" ? [rank] : Array.isArray(rank) ? (rank as unknown[]) : null;
      if (!ids) bad("a rank is an option id or a list of option ids");
      for (const id of ids as unknown[]) {
        if (typeof id !== "string") bad("option ids are strings");
        const local = this.intern(id as string, at, ballot);
        if (!builder.add(local)) bad(`option "${id as string}" is ranked twice`);
      }
    }
    builder.endBallot((count as number | undefined) ?? 1);
  }

  /**
   * An option id in a ballot, at its opening quote `p`: adds its local number to the current rank
   * and returns the position after the closing quote. Ids already met are found by walking the
   * trie along their characters, with no string made; anything else (a new id, escapes, non-ASCII)
   * takes the slow way, which also adds a new plain id to the trie.
   */
  private rankedId(p: number, builder: RankedProfileBuilder, ballot: number): number {
    const text = this.text;
    const trie = this.trie;
    let q = p + 1;
    let node = 0;
    let c = text.charCodeAt(q);
    while (c !== QUOTE) {
      if (!(c >= 32 && c < 128) || c === BACKSLASH) break; // also NaN: the end of the text
      node = trie[(node << 7) | c] as number;
      if (node === 0) break;
      c = text.charCodeAt(++q);
    }
    let local = c === QUOTE ? (this.leaf[node] as number) - 1 : -1;
    if (local < 0) {
      this.p = p;
      const id = this.string();
      q = this.p - 1;
      local = this.intern(id, p, ballot);
    }
    if (!builder.add(local)) {
      this.fail(`ballot ${ballot + 1}: option "${this.localIds[local] ?? ""}" is ranked twice`, p);
    }
    return q + 1;
  }

  /** The local number of an option id, adding it (and, if it is plain ASCII, its trie path) if new. */
  private intern(id: string, at: number, ballot: number): number {
    const known = this.localIndex.get(id);
    if (known !== undefined) return known;
    const local = this.localIds.length;
    if (local >= MAX_OPTIONS)
      this.fail(`more than ${MAX_OPTIONS} different option ids in the ballots`, at);
    this.localIds.push(id);
    this.localIndex.set(id, local);
    this.localFirstAt.push(at);
    this.localFirstBallot.push(ballot);
    if (/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/.test(id) && this.nodes + id.length <= TRIE_MAX_NODES) {
      let node = 0;
      for (let k = 0; k < id.length; k++) {
        const slot = (node << 7) | id.charCodeAt(k);
        let child = this.trie[slot] as number;
        if (child === 0) {
          child = this.nodes++;
          if (this.nodes > this.leaf.length) {
            const trie = new Int32Array(this.trie.length * 2);
            trie.set(this.trie);
            this.trie = trie;
            const leaf = new Int32Array(this.leaf.length * 2);
            leaf.set(this.leaf);
            this.leaf = leaf;
          }
          this.trie[slot] = child;
        }
        node = child;
      }
      this.leaf[node] = local + 1;
    }
    return local;
  }

  // ---- Plain JSON values ------------------------------------------------------------------------

  private value(): unknown {
    this.ws();
    const ch = this.peek();
    if (ch === OPEN_OBJECT) return this.object();
    if (ch === OPEN_ARRAY) return this.array();
    if (ch === QUOTE) return this.string();
    if (ch === 45 || (ch >= 48 && ch <= 57)) return this.number();
    for (const [word, result] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(word, this.p)) {
        this.p += word.length;
        return result;
      }
    }
    return this.fail(
      Number.isNaN(ch) ? "unexpected end of input" : `unexpected "${this.text[this.p] ?? ""}"`,
    );
  }

  private object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.p++;
    this.ws();
    if (this.peek() === CLOSE_OBJECT) {
      this.p++;
      return result;
    }
    for (;;) {
      this.ws();
      if (this.peek() !== QUOTE) this.fail("expected a field name in quotes");
      const key = this.string();
      this.ws();
      this.expect(COLON, 'expected ":"');
      define(result, key, this.value());
      this.ws();
      const ch = this.peek();
      this.p++;
      if (ch === CLOSE_OBJECT) return result;
      if (ch !== COMMA) this.fail('expected "," or "}"', this.p - 1);
    }
  }

  private array(): unknown[] {
    const result: unknown[] = [];
    this.p++;
    this.ws();
    if (this.peek() === CLOSE_ARRAY) {
      this.p++;
      return result;
    }
    for (;;) {
      result.push(this.value());
      this.ws();
      const ch = this.peek();
      this.p++;
      if (ch === CLOSE_ARRAY) return result;
      if (ch !== COMMA) this.fail('expected "," or "]"', this.p - 1);
    }
  }

  private string(): string {
    const text = this.text;
    const open = this.p;
    let out = "";
    let from = ++this.p;
    for (;;) {
      const c = text.charCodeAt(this.p);
      if (Number.isNaN(c)) this.fail("a string is not closed", open);
      if (c === QUOTE) {
        out += text.slice(from, this.p++);
        return out;
      }
      if (c < 32) this.fail("a control character inside a string (write it as \\n, \\t, …)");
      if (c === BACKSLASH) {
        out += text.slice(from, this.p);
        const e = text[this.p + 1];
        const simple: Record<string, string> = {
          '"': '"',
          "\\": "\\",
          "/": "/",
          b: "\b",
          f: "\f",
          n: "\n",
          r: "\r",
          t: "\t",
        };
        if (e !== undefined && e in simple) {
          out += simple[e] as string;
          this.p += 2;
        } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(this.p + 2, this.p + 6))) {
          out += String.fromCharCode(parseInt(text.slice(this.p + 2, this.p + 6), 16));
          this.p += 6;
        } else {
          this.fail("a bad escape in a string");
        }
        from = this.p;
        continue;
      }
      this.p++;
    }
  }

  private number(): number {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.p;
    const found = match.exec(this.text);
    if (!found) return this.fail("a malformed number");
    this.p += found[0].length;
    return Number(found[0]);
  }

  private ws(): void {
    const text = this.text;
    let c = text.charCodeAt(this.p);
    while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++this.p);
  }

  private peek(): number {
    return this.text.charCodeAt(this.p);
  }

  private expect(ch: number, message: string): void {
    if (this.text.charCodeAt(this.p) !== ch) this.fail(message);
    this.p++;
  }

  private fail(message: string, at = this.p): never {
    const line = lineAt(this.text, at);
    const column = at - this.text.lastIndexOf("\n", at - 1);
    throw new ParseError(line, `${message} (column ${column})`);
  }
}

/** Trie nodes at most (4 MB of table); ids beyond that are still read, the slow way. */
const TRIE_MAX_NODES = 8192;

/** Sets a field even if it is called "__proto__" (which plain assignment would not). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** The 1-based line of a position in a text. */
export function lineAt(text: string, at: number): number {
  let line = 1;
  for (let k = text.indexOf("\n"); k !== -1 && k < at; k = text.indexOf("\n", k + 1)) line++;
  return line;
}
