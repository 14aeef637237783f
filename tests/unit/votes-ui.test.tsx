import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { IrvRounds } from "~/components/votes/irv-rounds";
import { RankedBallotInputs } from "~/components/votes/ranked-ballot";
import { SchulzeMatrix } from "~/components/votes/schulze-matrix";
import { SpendingBar } from "~/components/votes/spending-bar";
import { irv, schulze } from "~/domain/voting";
import "~/i18n/i18n.server";
import type { Locale } from "~/i18n/locales";
import { I18nProvider } from "~/i18n/react";
import { parseBallotForm } from "~/lib/votes-ballot";
import { csvCell, toCsv } from "~/lib/votes-csv";
import { parsePaperEntry } from "~/lib/votes-paper";
import { parseOptionLines } from "~/lib/votes-setup";
import { timeUntil, utcToZonedLocal, zonedLocalToUtc } from "~/lib/votes-time";

const render = (node: React.ReactNode, locale: Locale = "en") =>
  renderToString(<I18nProvider locale={locale}>{node}</I18nProvider>);

function form(entries: Array<[string, string]>): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("reading a ballot form", () => {
  const ids = ["1", "2", "3"];

  it("reads rank numbers into ranks, blanks left out and gaps closed", () => {
    const parsed = parseBallotForm(
      form([
        ["rank.1", "3"],
        ["rank.2", "1"],
        ["rank.3", ""],
      ]),
      { method: "irv", optionIds: ids },
    );
    expect(parsed).toEqual({ ok: true, ballot: { method: "irv", ballot: [["2"], ["1"]] } });
  });

  it("refuses equal ranks for IRV and reads them as a tie for Schulze", () => {
    const ranks = form([
      ["rank.1", "1"],
      ["rank.2", "1"],
    ]);
    const refused = parseBallotForm(ranks, { method: "irv", optionIds: ids });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.errors.ballot?.key).toBe("ballot.errorRankTie");
      expect(refused.values["rank.1"]).toBe("1");
    }
    expect(parseBallotForm(ranks, { method: "schulze", optionIds: ids })).toEqual({
      ok: true,
      ballot: { method: "schulze", ballot: [["1", "2"]] },
    });
  });

  it("checks a budget ballot against the budget and keeps the ticks on failure", () => {
    const rules = {
      method: "budget" as const,
      optionIds: ids,
      budget: 100,
      costs: { "1": 60, "2": 50, "3": 30 },
    };
    const over = parseBallotForm(
      form([
        ["option", "1"],
        ["option", "2"],
      ]),
      rules,
    );
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.options).toEqual(["1", "2"]);
    expect(
      parseBallotForm(
        form([
          ["option", "1"],
          ["option", "3"],
        ]),
        rules,
      ),
    ).toEqual({ ok: true, ballot: { method: "budget", ballot: { approvals: ["1", "3"] } } });
  });

  it("needs a reason for an objection, and refuses an unknown option", () => {
    const objection = parseBallotForm(form([["position", "object"]]), {
      method: "consent",
      optionIds: [],
    });
    expect(!objection.ok && objection.errors.reason?.key).toBe("ballot.errorReason");
    const unknown = parseBallotForm(form([["option", "9"]]), {
      method: "approval",
      optionIds: ids,
    });
    expect(unknown.ok).toBe(false);
  });

  it("reads scores, a blank being no score (not a zero)", () => {
    expect(
      parseBallotForm(
        form([
          ["score.1", "0"],
          ["score.2", ""],
          ["score.3", "5"],
        ]),
        { method: "score", optionIds: ids },
      ),
    ).toEqual({ ok: true, ballot: { method: "score", ballot: { "1": 0, "3": 5 } } });
  });
});

describe("CSV", () => {
  it("quotes what needs quoting and defuses formulas", () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("=SUM(A1:A9)")).toBe("'=SUM(A1:A9)");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(null)).toBe("");
    expect(toCsv([["a", 1], ["中文"]])).toBe("\uFEFFa,1\r\n中文\r\n");
  });
});

describe("the new-vote form and paper batches", () => {
  it("reads budget projects as name | cost", () => {
    expect(parseOptionLines("换路灯 | 12,000\n\n修花坛｜3000 元\n", "budget")).toEqual({
      ok: true,
      options: [
        { label: "换路灯", cost: 12000 },
        { label: "修花坛", cost: 3000 },
      ],
    });
    expect(parseOptionLines("a\nb | x", "budget")).toMatchObject({
      ok: false,
      error: { values: { line: 1 } },
    });
  });

  it("reads paper ballots by option number, naming the first bad line", () => {
    expect(parsePaperEntry({ ballots: "3 1=2\n2" }, "schulze", ["a", "b", "c"], false)).toEqual({
      ok: true,
      entry: { kind: "ballots", ballots: [[["c"], ["a", "b"]], [["b"]]] },
    });
    expect(parsePaperEntry({ ballots: "1\n7" }, "irv", ["a", "b"], false)).toMatchObject({
      ok: false,
      error: { key: "paper.badLine", values: { line: 2 } },
    });
    expect(parsePaperEntry({ "count.yes": "3", "count.no": "1" }, "majority", [], true)).toEqual({
      ok: true,
      entry: { kind: "counts", counts: { yes: 3, no: 1 } },
    });
  });
});

describe("times in the community's zone", () => {
  it("reads and writes datetime-local values in Asia/Shanghai", () => {
    expect(zonedLocalToUtc("2026-05-01T18:00", "Asia/Shanghai")?.toISOString()).toBe(
      "2026-05-01T10:00:00.000Z",
    );
    expect(zonedLocalToUtc("2026-05-01T18:00:40", "Asia/Shanghai")?.toISOString()).toBe(
      "2026-05-01T10:00:40.000Z",
    );
    expect(zonedLocalToUtc("2026-02-30T10:00", "Asia/Shanghai")).toBeNull();
    expect(zonedLocalToUtc("tomorrow", "Asia/Shanghai")).toBeNull();
    expect(utcToZonedLocal(new Date("2026-05-01T16:30:00Z"), "Asia/Shanghai")).toBe(
      "2026-05-02T00:30",
    );
  });

  it("says what is left until a time, in whole minutes rounded up", () => {
    const now = new Date("2026-05-01T10:00:00Z");
    expect(timeUntil(now, new Date("2026-05-03T13:20:10Z"))).toEqual({
      days: 2,
      hours: 3,
      minutes: 21,
    });
    expect(timeUntil(now, now)).toBeNull();
  });
});

describe("charts and ballots, server-rendered", () => {
  it("draws the spending bar with its words, and says by how much a choice is over", () => {
    expect(render(<SpendingBar spent={30_000} budget={100_000} />, "zh-Hans")).toContain(
      "已选 ¥30,000，预算 ¥100,000（用了 30%），还剩 ¥70,000。",
    );
    const over = render(<SpendingBar spent={120_000} budget={100_000} />);
    expect(over).toContain("spending--over");
    expect(over).toContain("over the budget of CN¥100,000 by CN¥20,000");
  });

  it("shows an IRV count round by round, with the exclusions and transfers in words", () => {
    const result = irv({
      options: ["a", "b", "c"],
      ballots: [[["a"]], [["a"]], [["b"], ["a"]], [["c"], ["b"]], [["b"]]],
    });
    const html = render(<IrvRounds result={result} names={{ a: "Ann", b: "Bo", c: "Cy" }} />);
    expect(html).toContain("Round 2");
    expect(html).toContain("Excluded: Cy (fewest votes).");
    expect(html).toContain("1 to Bo");
    expect(html).toMatch(/<table class="table">/);
  });

  it("shows the Schulze matrix with the pairs won marked in words", () => {
    const result = schulze({
      options: ["a", "b"],
      ballots: [
        [["a"], ["b"]],
        [["a"], ["b"]],
        [["b"], ["a"]],
      ],
    });
    const html = render(<SchulzeMatrix result={result} names={{ a: "Ann", b: "Bo" }} />);
    expect(html).toContain("Winner: Ann");
    expect(html).toContain("matrix__win");
    expect(html).toContain("(wins)");
  });

  it("renders a ranked ballot as number boxes before JavaScript runs", () => {
    const html = render(
      <RankedBallotInputs
        options={[
          { id: "1", name: "Ann" },
          { id: "2", name: "Bo" },
        ]}
        tiesAllowed={false}
        defaultValues={{ "1": "2" }}
      />,
    );
    expect(html).toContain('name="rank.1"');
    expect(html).toContain('type="number"');
    expect(html).toContain('value="2"');
    expect(html).toContain("Give each rank to one option only.");
  });
});
