import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_QUERY_TOKENS,
  MAX_TOKEN_LENGTH,
  searchQueryTokens,
  searchTokens,
} from "~/domain/search";

const tokensOf = (text: string) => new Set(searchTokens(text).split(" "));

/** What the database does: every query token must be a document token (`&`). */
function matches(document: string, query: string): boolean {
  const tokens = tokensOf(document);
  const queryTokens = searchQueryTokens(query);
  return queryTokens.length > 0 && queryTokens.every((token) => tokens.has(token));
}

describe("searchTokens", () => {
  it.each<[string, string]>([
    ["", ""],
    ["   \n\t", ""],
    ["。，！？", ""],
    ["Hello, World!", "hello world"],
    ["HELLO   world\n\nAgain", "hello world again"],
    ["ＡＢＣ　ｄｅｆ１２３", "abc def123"],
    ["Ｅｌｅｖａｔｏｒ", "elevator"],
    ["电梯😀👍🏽 🏢", "电梯"],
    ["3号楼", "3 号 楼"],
    ["It's 2026", "it's 2026"],
    ["ÉCOLE Straße", "école straße"],
    ["İstanbul", "i̇stanbul"],
  ])("%j → %j", (input, expected) => {
    expect(searchTokens(input)).toBe(expected);
  });

  it("segments Simplified Chinese into words", () => {
    expect(searchTokens("小区加装电梯的方案")).toBe("小区 加 装 电梯 的 方案");
  });

  it("segments Traditional Chinese into words", () => {
    expect(searchTokens("小區加裝電梯的方案")).toBe("小 區 加裝 電梯 的 方案");
  });

  it("keeps Latin words inside Chinese text", () => {
    expect(searchTokens("关于iPhone15和Wi-Fi的讨论")).toBe("关于 iphone15 和 wi fi 的 讨论");
  });

  it("is a fixed point: the tokens of the tokens are the tokens", () => {
    for (const text of ["小区加装电梯的方案", "ＡＢＣ Hello, World", "加裝電梯 & 停車位"]) {
      expect(searchTokens(searchTokens(text))).toBe(searchTokens(text));
    }
  });

  it("never produces empty tokens, doubled spaces or upper case", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (text) => {
        const tokens = searchTokens(text);
        if (tokens === "") return;
        expect(tokens).not.toMatch(/^ | $| {2}/);
        expect(tokens).toBe(tokens.toLowerCase());
      }),
      { numRuns: 300 },
    );
  });
});

describe("documents and queries tokenised the same way match", () => {
  it.each<[string, string]>([
    ["小区加装电梯的方案", "加装电梯"],
    ["小区加装电梯的方案", "电梯"],
    ["小区加装电梯的方案", "小区 电梯"],
    ["小區加裝電梯的方案", "加裝電梯"],
    ["小區加裝電梯的方案", "電梯 方案"],
    ["关于小区停车位改造的提案，请大家讨论。", "停车位改造"],
    ["社区居民议事会会议纪要", "议事会"],
    ["The Elevator Proposal (Building 3)", "elevator"],
    ["The Elevator Proposal (Building 3)", "ＥＬＥＶＡＴＯＲ proposal"],
    ["The Elevator Proposal (Building 3)", "building 3"],
    ["3号楼加装电梯", "3号楼"],
    ["给iPhone用户的说明", "IPHONE"],
  ])("document %j, query %j", (document, query) => {
    expect(matches(document, query)).toBe(true);
  });

  it.each<[string, string]>([
    ["小区加装电梯的方案", "扶梯"],
    ["小区加装电梯的方案", "电梯 停车"],
    ["The Elevator Proposal", "elevators"],
  ])("document %j does not match query %j", (document, query) => {
    expect(matches(document, query)).toBe(false);
  });
});

describe("searchQueryTokens", () => {
  it.each<[string, string[]]>([
    ["", []],
    ["  ，。！ 😀 ", []],
    ["加装电梯", ["加", "装", "电梯"]],
    ["加裝電梯", ["加裝", "電梯"]],
    ["电梯 电梯 ELEVATOR elevator Elevator", ["电梯", "elevator"]],
    ["don't stop", ["stop"]],
    ["a & b | !c", ["a", "b", "c"]],
    ["foo:* (bar) <-> baz", ["foo", "bar", "baz"]],
  ])("%j → %j", (query, expected) => {
    expect(searchQueryTokens(query)).toEqual(expected);
  });

  it(`keeps at most ${MAX_QUERY_TOKENS} tokens, the first ones`, () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`);
    expect(searchQueryTokens(words.join(" "))).toEqual(words.slice(0, MAX_QUERY_TOKENS));
  });

  it(`drops tokens longer than ${MAX_TOKEN_LENGTH} characters`, () => {
    const long = "a".repeat(MAX_TOKEN_LENGTH + 1);
    const limit = "b".repeat(MAX_TOKEN_LENGTH);
    expect(searchQueryTokens(`${long} ${limit} 电梯`)).toEqual([limit, "电梯"]);
  });

  it("never returns tsquery syntax, empty, duplicate or overlong tokens", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "grapheme", maxLength: 200 }),
          fc.string({
            unit: fc.constantFrom(..."&|!():*<>'\"\\ ab电梯ＡＢ".split("")),
            maxLength: 60,
          }),
        ),
        (query) => {
          const tokens = searchQueryTokens(query);
          expect(tokens.length).toBeLessThanOrEqual(MAX_QUERY_TOKENS);
          expect(new Set(tokens).size).toBe(tokens.length);
          for (const token of tokens) {
            expect(token).not.toBe("");
            expect(token).not.toMatch(/[\s&|!():*<>'"\\]/);
            expect([...token].length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
