import { describe, expect, it } from "vitest";
import { passwordProblem } from "~/domain/passwords";

describe("password rules", () => {
  it.each([
    ["short", "tooShort"],
    ["123456789", "tooShort"],
    ["一二三四五六七八九", "tooShort"],
    ["1234567890", "common"],
    ["qwertyuiop", "common"],
    ["Password123", "common"],
    ["1qaz2wsx3edc", "common"],
    ["woaini1314", "common"],
    ["aaaaaaaaaaaa", "common"],
    ["abcabcabcabc", "common"],
    ["x".repeat(201), "tooLong"],
  ])("refuses %j (%s)", (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it.each([
    "yishi-demo-2026",
    "春晖社区的议事会很好",
    "correct horse battery",
    "Tr4m-stop-Gu1yuan",
  ])("accepts %j", (password) => {
    expect(passwordProblem(password)).toBeNull();
  });

  it("refuses a password containing the email's name", () => {
    expect(passwordProblem("wangfang-2026!", { email: "WangFang@example.org" })).toBe(
      "containsEmail",
    );
    expect(passwordProblem("wangfang-2026!", { email: "li@example.org" })).toBeNull();
  });
});
