import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/lib/safe-redirect";

describe("safeRedirectPath", () => {
  it.each([
    ["/c/yunxi?page=2", "/c/yunxi?page=2"],
    ["/", "/"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["c/yunxi", "/"],
    ["/ok\r\nSet-Cookie: x=1", "/"],
    [null, "/"],
    [42, "/"],
  ])("%j → %j", (value, expected) => {
    expect(safeRedirectPath(value)).toBe(expected);
  });
});
