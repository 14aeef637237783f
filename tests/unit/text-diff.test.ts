import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DiffPart, diffStats, diffText } from "~/domain/text-diff";

const join = (parts: readonly DiffPart[], type: "added" | "removed") =>
  parts
    .filter((part) => part.type === "same" || part.type === type)
    .map((part) => part.text)
    .join("");

describe("diffText", () => {
  it.each<[string, string, DiffPart[]]>([
    ["", "", []],
    ["", "新内容", [{ type: "added", text: "新内容" }]],
    ["旧内容", "", [{ type: "removed", text: "旧内容" }]],
    ["same text", "same text", [{ type: "same", text: "same text" }]],
    ["小区加装电梯", "小区加装电梯", [{ type: "same", text: "小区加装电梯" }]],
    [
      "我们计划在3号楼加装电梯。",
      "我们计划在3号楼加装扶梯。",
      [
        { type: "same", text: "我们计划在3号楼加装" },
        { type: "removed", text: "电梯" },
        { type: "added", text: "扶梯" },
        { type: "same", text: "。" },
      ],
    ],
    [
      "小区加装电梯的方案",
      "小区加装电梯的补充方案",
      [
        { type: "same", text: "小区加装电梯的" },
        { type: "added", text: "补充" },
        { type: "same", text: "方案" },
      ],
    ],
    [
      "小區加裝電梯的方案",
      "小區加裝電梯的計劃",
      [
        { type: "same", text: "小區加裝電梯的" },
        { type: "removed", text: "方案" },
        { type: "added", text: "計劃" },
      ],
    ],
    [
      "The quick brown fox jumps.",
      "The quick red fox jumps.",
      [
        { type: "same", text: "The quick " },
        { type: "removed", text: "brown" },
        { type: "added", text: "red" },
        { type: "same", text: " fox jumps." },
      ],
    ],
    [
      "the cat sat",
      "a dog sat",
      [
        { type: "removed", text: "the cat" },
        { type: "added", text: "a dog" },
        { type: "same", text: " sat" },
      ],
    ],
    [
      "one two three",
      "one three",
      [
        { type: "same", text: "one " },
        { type: "removed", text: "two " },
        { type: "same", text: "three" },
      ],
    ],
    [
      "第一段\n第二段",
      "第一段\n\n第二段",
      [
        { type: "same", text: "第一段\n" },
        { type: "added", text: "\n" },
        { type: "same", text: "第二段" },
      ],
    ],
  ])("%j → %j", (before, after, expected) => {
    expect(diffText(before, after)).toEqual(expected);
  });

  it("shows a changed Chinese word, not the whole sentence", () => {
    const parts = diffText(
      "经业主大会表决，同意在五号楼加装电梯，费用按楼层分摊。",
      "经业主大会表决，同意在五号楼加装扶梯，费用按楼层分摊。",
    );
    const changed = parts.filter((part) => part.type !== "same").map((part) => part.text);
    expect(changed).toEqual(["电梯", "扶梯"]);
  });

  it("never has two neighbouring parts of the same type, nor empty parts", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (before, after) => {
        const parts = diffText(before, after);
        for (let i = 0; i < parts.length; i++) {
          expect(parts[i]?.text).not.toBe("");
          if (i > 0) expect(parts[i]?.type).not.toBe(parts[i - 1]?.type);
        }
      }),
      { numRuns: 300 },
    );
  });

  describe("reconstructs both texts exactly", () => {
    const chinese = fc.string({
      unit: fc.constantFrom(..."小区加装电梯的方案扶梯楼层费用分摊，。！\n 　".split("")),
      maxLength: 40,
    });
    const english = fc
      .array(fc.constantFrom("the", "cat", "dog", "sat", "on", "mat", " ", "  ", ".", ",", "\n"), {
        maxLength: 20,
      })
      .map((words) => words.join(""));
    const anyText = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.string({ unit: "binary", maxLength: 40 }),
      chinese,
      english,
    );

    it.each<[string, fc.Arbitrary<string>]>([
      ["unicode graphemes", fc.string({ unit: "grapheme", maxLength: 60 })],
      ["any code points, lone surrogates included", fc.string({ unit: "binary", maxLength: 60 })],
      ["Chinese", chinese],
      ["English", english],
      ["mixed", anyText],
    ])("%s", (_name, arbitrary) => {
      fc.assert(
        fc.property(arbitrary, arbitrary, (before, after) => {
          const parts = diffText(before, after);
          expect(join(parts, "removed")).toBe(before);
          expect(join(parts, "added")).toBe(after);
        }),
        { numRuns: 300 },
      );
    });

    it("an edited version of the same text", () => {
      fc.assert(
        fc.property(chinese, fc.nat(), fc.nat(), chinese, (before, a, b, insert) => {
          const start = Math.min(a, b) % (before.length + 1);
          const end = Math.max(a, b) % (before.length + 1);
          const after =
            before.slice(0, Math.min(start, end)) + insert + before.slice(Math.max(start, end));
          const parts = diffText(before, after);
          expect(join(parts, "removed")).toBe(before);
          expect(join(parts, "added")).toBe(after);
        }),
        { numRuns: 300 },
      );
    });
  });

  it("falls back to one replacement for texts too different to diff cheaply (bounded time), still exactly", () => {
    const before = Array.from({ length: 6000 }, (_, i) => `a${i}`).join(" ");
    const after = Array.from({ length: 6000 }, (_, i) => `b${i}`).join(",");
    const started = performance.now();
    const parts = diffText(before, after);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(join(parts, "removed")).toBe(before);
    expect(join(parts, "added")).toBe(after);
    expect(parts.map((part) => part.type)).toEqual(["removed", "added"]);
  });
});

describe("diffStats", () => {
  it.each<[DiffPart[], { added: number; removed: number }]>([
    [[], { added: 0, removed: 0 }],
    [[{ type: "same", text: "不变" }], { added: 0, removed: 0 }],
    [
      [
        { type: "same", text: "加装" },
        { type: "removed", text: "电梯" },
        { type: "added", text: "扶梯和坡道" },
      ],
      { added: 5, removed: 2 },
    ],
    [
      [
        { type: "removed", text: "the cat" },
        { type: "added", text: "a dog\n" },
      ],
      { added: 4, removed: 6 },
    ],
    [[{ type: "added", text: "😀👍🏽" }], { added: 3, removed: 0 }],
  ])("%j → %j", (parts, expected) => {
    expect(diffStats(parts)).toEqual(expected);
  });

  it("counts what diffText found", () => {
    expect(
      diffStats(diffText("我们计划在3号楼加装电梯。", "我们计划在3号楼加装扶梯和坡道。")),
    ).toEqual({
      added: 5,
      removed: 2,
    });
  });
});
