import { describe, expect, it } from "vitest";
import {
  commentEditable,
  COMMENT_EDIT_WINDOW_MS,
  DEFAULT_SUPPORT_THRESHOLD,
  resolveSupportThreshold,
} from "~/domain/proposals";

describe("the support threshold", () => {
  it.each([
    { count: null, percent: null, verifiedResidents: 500, expected: DEFAULT_SUPPORT_THRESHOLD },
    { count: 12, percent: null, verifiedResidents: 500, expected: 12 },
    // A share rounds up: 5 % of 210 residents is 10.5 → 11.
    { count: null, percent: 5, verifiedResidents: 210, expected: 11 },
    { count: null, percent: 5, verifiedResidents: 200, expected: 10 },
    // Both set: the larger applies.
    { count: 8, percent: 5, verifiedResidents: 210, expected: 11 },
    { count: 30, percent: 5, verifiedResidents: 210, expected: 30 },
    // A share of nobody is still at least one support.
    { count: null, percent: 10, verifiedResidents: 0, expected: 1 },
    { count: null, percent: 100, verifiedResidents: 3, expected: 3 },
  ])("count $count, $percent % of $verifiedResidents → $expected", (setting) => {
    expect(resolveSupportThreshold(setting)).toBe(setting.expected);
  });
});

describe("the comment edit window", () => {
  const posted = new Date("2026-11-24T08:00:00Z");
  it.each([
    { after: 0, expected: true },
    { after: COMMENT_EDIT_WINDOW_MS - 1, expected: true },
    { after: COMMENT_EDIT_WINDOW_MS, expected: true },
    { after: COMMENT_EDIT_WINDOW_MS + 1, expected: false },
    { after: 24 * 60 * 60 * 1000, expected: false },
  ])("$after ms after posting → $expected", ({ after, expected }) => {
    expect(commentEditable(posted, new Date(posted.getTime() + after))).toBe(expected);
  });
});
