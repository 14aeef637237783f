/**
 * The `tally` command end to end: a real process, fed JSON on stdin or a fixture file.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES } from "./ballots";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const fixturePath = (name: string) => fileURLToPath(new URL(name, FIXTURES));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  json: Record<string, unknown>;
}

function tally(args: string[], input?: string): Run {
  const run = spawnSync(process.execPath, ["--import", "tsx", "server/tally.ts", ...args], {
    cwd: ROOT,
    input: input ?? "",
    encoding: "utf8",
    timeout: 60_000,
  });
  let json: Record<string, unknown> = {};
  if (run.status === 0) json = JSON.parse(run.stdout) as Record<string, unknown>;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, json };
}

const scratch = mkdtempSync(path.join(tmpdir(), "tally-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("tally command", () => {
  it("counts JSON from stdin", () => {
    const input = JSON.stringify({
      options: ["a", "b", "c"],
      ballots: [["a", "b"], ["b"], ["c", "b"], ["a"], [["b", "c"], "a"]],
    });
    const run = tally(["--method", "irv"], input);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    // a 2, b 1, c 1 (the overvote exhausts); whichever of b and c goes, a wins.
    expect(run.json).toMatchObject({ method: "irv", winner: "a" });
    expect((run.json.ranking as string[])[0]).toBe("a");
    expect(run.json).not.toHaveProperty("names");
    expect(run.json).not.toHaveProperty("timing");
    expect(Array.isArray(run.json.rounds)).toBe(true);
  });

  it("names the winner when the options have names, and gives the Schulze matrix", () => {
    const input = JSON.stringify({
      options: [
        { id: "a", name: "Ann" },
        { id: "b", name: "Bo" },
      ],
      ballots: [["a", "b"], ["a"], ["b"]],
    });
    const run = tally(["--method=schulze"], input);
    expect(run.json).toMatchObject({
      winner: "a",
      winnerName: "Ann",
      names: { a: "Ann", b: "Bo" },
      matrix: [
        [0, 2],
        [1, 0],
      ],
    });
  });

  it("counts a PrefLib file with --file and reports timing", () => {
    const run = tally([
      "--method",
      "irv",
      "--file",
      fixturePath("oakland-2010-mayor.toi"),
      "--timing",
    ]);
    expect(run.status).toBe(0);
    expect(run.json).toMatchObject({ winner: "5", winnerName: "Jean Quan" });
    const rounds = run.json.rounds as { votes: Record<string, number>; exhausted: number }[];
    expect(rounds).toHaveLength(10);
    expect(rounds[9]).toMatchObject({ votes: { 5: 53822, 1: 51515 }, exhausted: 13919 });
    const timing = run.json.timing as { parseMs: number; countMs: number };
    expect(timing.parseMs).toBeGreaterThanOrEqual(0);
    expect(timing.countMs).toBeGreaterThanOrEqual(0);
  });

  it("reads Debian's tally sheet", () => {
    const run = tally([
      "--method",
      "schulze",
      "--file",
      fixturePath("debian-2006-leader_tally.txt"),
    ]);
    expect(run.json).toMatchObject({ winner: "4", winnerName: "Anthony Towns" });
    const notCompared = tally([
      "--method",
      "schulze",
      "--unranked",
      "not_compared",
      "--file",
      fixturePath("debian-2006-leader_tally.txt"),
    ]);
    expect(notCompared.json).toMatchObject({ winnerName: "Steve McIntyre" });
  });

  it("reads a CSV of paper ballots and elects several seats with STV", () => {
    const file = path.join(scratch, "ballots.csv");
    writeFileSync(file, "Ann,Bo,Cy,Di\n1,2,,\n1,2,,\n1,,2,\n,1,,\n,,1,\n,,1,\n,,,1\n");
    const run = tally(["--method", "stv", "--seats", "2", "--file", file]);
    expect(run.status).toBe(0);
    expect(run.json).toMatchObject({ winners: ["1", "3"], names: { 1: "Ann", 3: "Cy" } });
  });

  it("counts a participatory budget from a Pabulib file", () => {
    const run = tally([
      "--method",
      "budget",
      "--rule",
      "greedy",
      "--file",
      fixturePath("warszawa-2025-ochota.pb"),
    ]);
    expect(run.status).toBe(0);
    expect(run.json).toMatchObject({ spent: 3489615 });
    expect(run.json.funded).toHaveLength(15);
  });

  it("bad input: a clear error naming the line, and exit code 1", () => {
    const json = tally(["--method", "irv"], '{"options": ["a"],\n"ballots": [["a"],\n["zz"]]}');
    expect(json.status).toBe(1);
    expect(json.stderr).toBe(
      'tally: stdin: line 3: ballot 2: "zz" is not one of the options (column 2)\n',
    );

    const approval = tally(
      ["--method", "approval"],
      '{"options": ["a"],\n"ballots": [\n["a"],\n["a", "a"]]}',
    );
    expect(approval.status).toBe(1);
    expect(approval.stderr).toMatch(
      /^tally: stdin: line 4: ballot 2: option "a" is approved twice/,
    );

    const file = path.join(scratch, "bad.toi");
    writeFileSync(file, "# NUMBER ALTERNATIVES: 2\n3: 1,2\n2: 1,3\n");
    const toi = tally(["--method", "schulze", "--file", file]);
    expect(toi.status).toBe(1);
    expect(toi.stderr).toBe(
      `tally: ${file}: line 3: option 3 does not exist (the file has 2 alternatives)\n`,
    );
  });

  it("a bad command line: exit code 2 with the usage", () => {
    const run = tally(["--method", "plurality"], "{}");
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown method "plurality"/);
    expect(run.stderr).toMatch(/usage: npm run --silent tally/);
    expect(tally(["--seats"], "{}").status).toBe(2);
  });
});
