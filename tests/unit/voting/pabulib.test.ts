import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ParseError } from "~/domain/voting/errors";
import { PabulibParseError, parsePabulib } from "~/domain/voting/pabulib";

const FIXTURES = new URL("../../fixtures/elections/", import.meta.url);

const lines = (...rows: string[]) => rows.join("\n") + "\n";

const approvalFile = lines(
  "META",
  "key;value",
  "description;A small test",
  "budget;1000",
  "vote_type;approval",
  "PROJECTS",
  "project_id;cost;votes;name;selected",
  '1;600;2;"Park ""Stok"" - benches; bins";1',
  "2;450.5;1;Trees;0",
  'X;10;0;"Two',
  'lines";2',
  "VOTES",
  "voter_id;vote;age",
  "a;1,2;30",
  "b; 1 ;",
  "c;;41",
);

describe("parsePabulib", () => {
  it("reads META, PROJECTS (with quoted fields) and approval VOTES", () => {
    expect(parsePabulib(approvalFile)).toEqual({
      meta: { description: "A small test", budget: "1000", vote_type: "approval" },
      budget: 1000,
      voteType: "approval",
      projects: [
        { id: "1", cost: 600, votes: 2, name: 'Park "Stok" - benches; bins', selected: true },
        { id: "2", cost: 450.5, votes: 1, name: "Trees", selected: false },
        // Any non-zero `selected` code means funded; a quoted field may span lines.
        { id: "X", cost: 10, votes: 0, name: "Two\nlines", selected: true },
      ],
      ballots: [
        { voterId: "a", approvals: ["1", "2"] },
        { voterId: "b", approvals: ["1"] },
        { voterId: "c", approvals: [] },
      ],
    });
  });

  it("accepts CRLF, mixed line endings and a byte-order mark", () => {
    const crlf = "\uFEFF" + approvalFile.replace(/\n/g, "\r\n");
    const mixed = approvalFile.replace(/\n(?=VOTES)/, "\r\n").replace(/\n(?=PROJECTS)/, "\r");
    expect(parsePabulib(crlf)).toEqual(parsePabulib(approvalFile));
    expect(parsePabulib(mixed)).toEqual(parsePabulib(approvalFile));
  });

  it("reads points ballots (cumulative and scoring) and keeps ordinal order", () => {
    const points = (voteType: string) =>
      lines(
        "META",
        "key;value",
        "budget;100",
        `vote_type;${voteType}`,
        "PROJECTS",
        "project_id;cost;score",
        "1;60;7",
        "2;50;3",
        "VOTES",
        "voter_id;vote;points",
        "v1;2,1;3,5",
        "v2;1;2",
      );
    expect(parsePabulib(points("cumulative")).ballots).toEqual([
      { voterId: "v1", points: { "2": 3, "1": 5 } },
      { voterId: "v2", points: { "1": 2 } },
    ]);
    expect(parsePabulib(points("scoring")).projects[0]).toEqual({ id: "1", cost: 60, score: 7 });
    expect(parsePabulib(points("ordinal")).ballots[0]).toEqual({
      voterId: "v1",
      approvals: ["2", "1"],
    });
  });

  it.each([
    ["warszawa-2025-ochota.pb", "approval", 3_490_823, 45, 3261, 15],
    ["czestochowa-2024-polnoc.pb", "cumulative", 657_409, 29, 3021, 14],
    ["wieliczka-2023-green-budget.pb", "approval", 1_000_000, 64, 6586, 30],
  ])("reads %s", (file, voteType, budget, projects, voters, selected) => {
    const pb = parsePabulib(readFileSync(new URL(file, FIXTURES), "utf8"));
    expect(pb).toMatchObject({ voteType, budget });
    expect(pb.projects).toHaveLength(projects);
    expect(pb.ballots).toHaveLength(voters);
    expect(Number(pb.meta.num_projects)).toBe(projects);
    expect(Number(pb.meta.num_votes)).toBe(voters);
    expect(pb.projects.filter((p) => p.selected)).toHaveLength(selected);
  });

  it("reads Wieliczka's quoted project names", () => {
    const pb = parsePabulib(
      readFileSync(new URL("wieliczka-2023-green-budget.pb", FIXTURES), "utf8"),
    );
    expect(pb.projects.find((p) => p.id === "80")?.name).toBe(
      'Drzewne przytulasy i relaksacyjne gniazda w Parku "Stok pod Baranem"',
    );
  });

  const valid = approvalFile.split("\n");
  const replaceLine = (line: number, text: string) =>
    valid.map((l, i) => (i === line - 1 ? text : l)).join("\n");

  it.each([
    ["no section first", "budget;5\n" + approvalFile, 1, /expected a section name/],
    [
      "a missing META section",
      approvalFile.replace(/^META\nkey;value\n/, ""),
      1,
      /expected a section/,
    ],
    ["a bad budget", replaceLine(4, "budget;1 000"), 4, /budget is not a non-negative number/],
    ["a negative cost", replaceLine(8, "1;-600;2;x;1"), 8, /cost of project 1/],
    ["an unknown vote type", replaceLine(5, "vote_type;ranked"), 5, /unknown vote_type "ranked"/],
    ["a missing budget", replaceLine(4, "budgetx;1"), 2, /META has no budget/],
    [
      "a repeated META key",
      replaceLine(4, "vote_type;approval"),
      5,
      /META key "vote_type" repeated/,
    ],
    ["a project listed twice", replaceLine(9, "1;450;1;Trees;0"), 9, /project 1 listed twice/],
    ["a vote for an unknown project", replaceLine(14, "a;1,7;30"), 14, /unknown project 7/],
    ["a project voted twice", replaceLine(15, "b;1,1;"), 15, /lists project 1 twice/],
    ["a voter listed twice", replaceLine(16, "a;;41"), 16, /voter a listed twice/],
    ["too many fields", replaceLine(14, "a;1,2;30;x"), 14, /4 fields but the header has 3/],
    [
      "a header without cost",
      replaceLine(7, "project_id;price;votes;name;selected"),
      7,
      /no "cost"/,
    ],
    ["an unterminated quote", replaceLine(16, 'c;"1;41'), 16, /unterminated quoted field/],
    [
      "a section appearing twice",
      approvalFile + "VOTES\nvoter_id;vote\n",
      17,
      /VOTES appears twice/,
    ],
    [
      "a section without header",
      approvalFile.replace(/VOTES\n[^]*$/, "VOTES\n"),
      12,
      /no header row/,
    ],
  ])("names the line of %s", (_, text, line, message) => {
    let error: unknown;
    try {
      parsePabulib(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PabulibParseError);
    // …which is the library's ParseError, the kind the tally command reports with its line.
    expect(error).toBeInstanceOf(ParseError);
    expect(error).toMatchObject({ line });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(new RegExp(`^line ${line}: `));
  });

  it("points that do not match the vote list are an error", () => {
    const text = lines(
      "META",
      "key;value",
      "budget;100",
      "vote_type;cumulative",
      "PROJECTS",
      "project_id;cost",
      "1;60",
      "2;50",
      "VOTES",
      "voter_id;vote;points",
      "v1;1,2;3",
    );
    expect(() => parsePabulib(text)).toThrow(/line 11: voter v1 has 2 projects but 1 points/);
    expect(() => parsePabulib(text.replace("voter_id;vote;points", "voter_id;vote"))).toThrow(
      /line 10: header has no "points" column/,
    );
  });
});
