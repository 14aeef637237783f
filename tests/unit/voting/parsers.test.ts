import { describe, expect, it } from "vitest";
import { parseBallotCsv } from "~/domain/voting/csv";
import { parseDebianTally } from "~/domain/voting/debian";
import { ParseError } from "~/domain/voting/errors";
import { parseTallyJson } from "~/domain/voting/json";
import { parsePreflib } from "~/domain/voting/preflib";
import { decodeProfile } from "~/domain/voting/profile";

/** The error a parse throws, for checking its line and message. */
function errorOf(parse: () => unknown): ParseError {
  try {
    parse();
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error("expected a ParseError");
}

describe("PrefLib .toi / .soi", () => {
  const text = [
    "# FILE NAME: test.toi",
    "# NUMBER ALTERNATIVES: 3",
    "# NUMBER VOTERS: 10",
    "# ALTERNATIVE NAME 1: Ann",
    "# ALTERNATIVE NAME 2: Bo",
    "# ALTERNATIVE NAME 3: Cy",
    "6: 1,3",
    "3: {1,2},3",
    "1: 2",
  ].join("\n");

  it("reads names, counts and ranks with ties", () => {
    const { profile, names, meta } = parsePreflib(text);
    expect(profile.options).toEqual(["1", "2", "3"]);
    expect(names).toEqual({ 1: "Ann", 2: "Bo", 3: "Cy" });
    expect(meta["FILE NAME"]).toBe("test.toi");
    expect(profile.total).toBe(10);
    expect(decodeProfile(profile)).toEqual([
      { ranks: [["1"], ["3"]], count: 6 },
      { ranks: [["1", "2"], ["3"]], count: 3 },
      { ranks: [["2"]], count: 1 },
    ]);
  });

  it.each([
    ["7: 1,4", 7, "option 4 does not exist (the file has 3 alternatives)"],
    ["7: 1,1", 7, "option 1 is ranked twice"],
    ["7 1,2", 7, 'expected "count: ranking", got "7 1,2"'],
    ["0: 1", 7, 'the count must be a positive whole number, got "0"'],
    ["7: 1,,2", 7, "expected an option number at column 6"],
    ["7: {1,2", 7, 'a "{" is not closed'],
    ["7: 1,2,", 7, "the ranking ends with a comma"],
    ["7: 1;2", 7, 'unexpected ";" at column 5'],
  ])("%j is an error on line %i", (line, lineNumber, message) => {
    const lines = [
      "# NUMBER ALTERNATIVES: 3",
      "# ALTERNATIVE NAME 1: A",
      "# ALTERNATIVE NAME 2: B",
      "# ALTERNATIVE NAME 3: C",
      "",
      "1: 1",
      line,
    ];
    const error = errorOf(() => parsePreflib(lines.join("\n")));
    expect(error.line).toBe(lineNumber);
    expect(error.message).toBe(`line ${lineNumber}: ${message}`);
  });

  it("checks NUMBER VOTERS and refuses ties in .soi", () => {
    expect(errorOf(() => parsePreflib(text.replace("VOTERS: 10", "VOTERS: 11"))).message).toBe(
      "line 3: NUMBER VOTERS is 11 but the ballots add up to 10",
    );
    expect(errorOf(() => parsePreflib(text, "soi")).line).toBe(8);
  });
});

describe("Debian tally sheet", () => {
  const sheet = [
    "   Option 1---->: Ann",
    "  /  Option 2--->: Bo",
    "  |/  Option 3-->: Cy",
    "  ||/",
    "V: 12-    0123456789abcdef0123456789abcdef",
    "V: 1-1 \t0123456789abcdef0123456789abcdef",
    "V: 3-1",
  ].join("\n");

  it("reads names and ranks; equal digits are equal ranks, '-' unranked", () => {
    const { profile, names } = parseDebianTally(sheet);
    expect(names).toEqual({ 1: "Ann", 2: "Bo", 3: "Cy" });
    expect(decodeProfile(profile)).toEqual([
      { ranks: [["1"], ["2"]], count: 1 },
      { ranks: [["1", "3"]], count: 1 },
      { ranks: [["3"], ["1"]], count: 1 },
    ]);
  });

  it("names the line of a bad vote", () => {
    expect(errorOf(() => parseDebianTally(`${sheet}\nV: 10-  abc`)).message).toBe(
      'line 8: "0" for option 2 is not a rank (1–9, A–Z) or "-"',
    );
    expect(errorOf(() => parseDebianTally(`${sheet}\nV: 1-  abc`)).message).toBe(
      'line 8: the vote "1-" has 2 places but there are 3 options',
    );
    expect(errorOf(() => parseDebianTally("nothing here")).message).toMatch(/no votes found/);
  });
});

describe("CSV of paper ballots", () => {
  it("reads the header as names and each row as a ballot", () => {
    const { profile, names } = parseBallotCsv('Ann,"Smith, Bo",Cy\r\n1,2,\r\n\r\n2,1,1\r\n,,\r\n');
    expect(names).toEqual({ 1: "Ann", 2: "Smith, Bo", 3: "Cy" });
    expect(decodeProfile(profile)).toEqual([
      { ranks: [["1"], ["2"]], count: 1 },
      { ranks: [["2", "3"], ["1"]], count: 1 },
      { ranks: [], count: 1 },
    ]);
  });

  it("accepts semicolons when the header uses them", () => {
    const { profile } = parseBallotCsv("Ann;Bo\n2;1\n");
    expect(decodeProfile(profile)).toEqual([{ ranks: [["2"], ["1"]], count: 1 }]);
  });

  it.each([
    ["Ann,Bo\n1,2\n1,x\n", 3, '"x" for Bo is not a rank (a whole number from 1, or empty)'],
    ["Ann,Bo\n1,2\n1\n", 3, "expected 2 fields (one per option), found 1"],
    ["Ann,Bo\n0,1\n", 2, '"0" for Ann is not a rank (a whole number from 1, or empty)'],
    ["Ann,Ann\n1,2\n", 1, '"Ann" names both column 1 and column 2'],
    ['Ann,Bo\n1,"2\n', 2, "a quoted field is not closed"],
    ["", 1, "the file is empty (expected a header row of option names)"],
  ])("%j: line %i", (text, line, message) => {
    const error = errorOf(() => parseBallotCsv(text));
    expect(error.message).toBe(`line ${line}: ${message}`);
  });
});

describe("tally JSON", () => {
  it("reads ranked ballots in every shape into a profile", () => {
    const json = parseTallyJson(
      '{"options": ["a", {"id": "b", "name": "Bo"}, "c", "d"], "seats": 2,\n' +
        ' "ballots": [["a", ["b", "c"]], {"ranks": [["c"], "a"], "count": 3}, [], [[], "d"], ["\\u0062"]]}',
      { ranked: true },
    );
    expect(json.options).toEqual(["a", "b", "c", "d"]);
    expect(json.names).toEqual({ b: "Bo" });
    expect(json.fields).toEqual({ seats: 2 });
    expect(decodeProfile(json.profile ?? (undefined as never))).toEqual([
      { ranks: [["a"], ["b", "c"]], count: 1 },
      { ranks: [["c"], ["a"]], count: 3 },
      { ranks: [], count: 1 },
      { ranks: [["d"]], count: 1 },
      { ranks: [["b"]], count: 1 },
    ]);
  });

  it("gives other ballots back as values, with the line each starts on", () => {
    const json = parseTallyJson('{"options": ["a"],\n"ballots": [\n{"a": 1},\n  {"a": 2}]}', {
      ranked: false,
    });
    expect(json.ballots).toEqual([{ a: 1 }, { a: 2 }]);
    expect(json.lineOfBallot(1)).toBe(4);
    expect(json.profile).toBeNull();
  });

  it.each([
    [
      '{"options": ["a"], "ballots": [["a", "a"]]}',
      'line 1: ballot 1: option "a" is ranked twice (column 38)',
    ],
    [
      '{"options": ["a"],\n "ballots": [["a"],\n ["b"]]}',
      'line 3: ballot 2: "b" is not one of the options (column 3)',
    ],
    [
      '{"options": ["a"], "ballots": [["a"] ["a"]]}',
      'line 1: expected "," or "]" between ballots (column 38)',
    ],
    ['{"options": ["a"]}', 'line 1: the input has no "ballots" list (column 1)'],
    ['{"ballots": []}', 'line 1: the input has no "options" list (column 1)'],
    ['{"options": ["a", "a"], "ballots": []}', 'line 1: option "a" is listed twice (column 13)'],
    [
      '{"options": ["a"], "ballots": [{"ranks": ["a"], "count": 1.5}]}',
      'line 1: ballot 1: "count" must be a positive whole number (column 32)',
    ],
    [
      '{"options": ["a"], "ballots": [["a"]]} x',
      "line 1: unexpected text after the end of the JSON object (column 40)",
    ],
    ['{"options": ["a"], "ballots": [["a]]}', "line 1: a string is not closed (column 33)"],
    [
      '{"options": ["a"], "ballots": [3]}',
      'line 1: ballot 1: a ranked ballot is a list of ranks, or {"ranks": [...], "count": n} (column 32)',
    ],
    [
      '{"options": ["a"], "ballots": [], "ballots": []}',
      'line 1: "ballots" appears twice (column 35)',
    ],
    [
      "[1, 2]",
      'line 1: the input must be a JSON object {"options": [...], "ballots": [...]} (column 1)',
    ],
  ])("%j", (text, message) => {
    expect(errorOf(() => parseTallyJson(text, { ranked: true })).message).toBe(message);
  });

  it("is strict JSON in the other fields too", () => {
    expect(
      errorOf(() => parseTallyJson('{"options": [], "ballots": [], "x": [1,]}', { ranked: false }))
        .message,
    ).toMatch(/^line 1: unexpected "]"/);
    expect(
      errorOf(() => parseTallyJson('{"options": [], "ballots": [], "x": 01}', { ranked: false }))
        .message,
    ).toMatch(/^line 1: expected "," or "}"/);
    const json = parseTallyJson(
      '{"options": [], "ballots": [], "__proto__": {"x": 1}, "n": -1.5e2, "t": [true, false, null]}',
      {
        ranked: false,
      },
    );
    expect(json.fields).toEqual(
      Object.defineProperty({ n: -150, t: [true, false, null] }, "__proto__", {
        value: { x: 1 },
        enumerable: true,
      }),
    );
    expect(Object.getPrototypeOf(json.fields)).toBe(Object.prototype);
  });
});
