import { describe, expect, it } from "vitest";
import {
  childLevelOf,
  COMMUNITY_LEVELS,
  isValidSlug,
  isValidTimeZone,
  mayBeChildOf,
} from "~/domain/community-tree";

describe("community tree levels", () => {
  it("orders the levels from city down to building", () => {
    expect(COMMUNITY_LEVELS).toEqual([
      "city",
      "district",
      "street",
      "community",
      "grid",
      "building",
    ]);
    expect(childLevelOf("city")).toBe("district");
    expect(childLevelOf("grid")).toBe("building");
    expect(childLevelOf("building")).toBeNull();
  });

  it.each([
    ["city", null, true],
    ["district", null, false],
    ["district", "city", true],
    ["street", "district", true],
    ["community", "street", true],
    ["grid", "community", true],
    ["building", "grid", true],
    ["building", "community", false],
    ["street", "city", false],
    ["city", "city", false],
    ["district", "building", false],
  ] as const)("a %s under %s: %s", (child, parent, allowed) => {
    expect(mayBeChildOf(child, parent)).toBe(allowed);
  });
});

describe("slugs", () => {
  it.each(["yunxi", "chunhui-g1-b24", "a1"])("accepts %s", (slug) => {
    expect(isValidSlug(slug)).toBe(true);
  });
  it.each([
    "",
    "a",
    "Yunxi",
    "yun xi",
    "-yunxi",
    "yunxi-",
    "yun--xi",
    "春晖",
    "../etc",
    "x".repeat(81),
  ])("refuses %j", (slug) => {
    expect(isValidSlug(slug)).toBe(false);
  });
});

describe("time zones", () => {
  it("knows IANA zones and refuses others", () => {
    expect(isValidTimeZone("Asia/Shanghai")).toBe(true);
    expect(isValidTimeZone("Asia/Hong_Kong")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});
