import { describe, expect, it } from "vitest";
import { MAX_PAGE_SIZE, pageWindow, paginate, parsePageParam } from "~/domain/pagination";

describe("parsePageParam", () => {
  it.each([
    [null, 1],
    ["", 1],
    ["1", 1],
    ["7", 7],
    ["0", 1],
    ["-3", 1],
    ["2.5", 1],
    ["abc", 1],
    ["9999999", 1],
  ])("%j → %i", (value, page) => {
    expect(parsePageParam(value)).toBe(page);
  });
});

describe("paginate", () => {
  it("computes offsets and neighbours", () => {
    expect(paginate({ page: 2, pageSize: 20 }, 45)).toEqual({
      page: 2,
      pageSize: 20,
      total: 45,
      pageCount: 3,
      offset: 20,
      hasPrevious: true,
      hasNext: true,
    });
  });

  it("clamps a page past the end to the last page", () => {
    const info = paginate({ page: 9, pageSize: 20 }, 24);
    expect(info.page).toBe(2);
    expect(info.offset).toBe(20);
    expect(info.hasNext).toBe(false);
  });

  it("has one empty page when there is nothing", () => {
    const info = paginate({ page: 3, pageSize: 20 }, 0);
    expect(info).toMatchObject({
      page: 1,
      pageCount: 1,
      offset: 0,
      hasPrevious: false,
      hasNext: false,
    });
  });

  it("bounds the page size", () => {
    expect(paginate({ page: 1, pageSize: 10_000 }, 5).pageSize).toBe(MAX_PAGE_SIZE);
    expect(paginate({ page: 1, pageSize: 0 }, 5).pageSize).toBe(1);
  });
});

describe("pageWindow", () => {
  it.each([
    [1, 1, [1]],
    [1, 3, [1, 2, 3]],
    [1, 10, [1, 2, null, 10]],
    [5, 10, [1, null, 4, 5, 6, null, 10]],
    [3, 10, [1, 2, 3, 4, null, 10]],
    [10, 10, [1, null, 9, 10]],
    [4, 7, [1, 2, 3, 4, 5, 6, 7]],
  ])("page %i of %i", (page, count, expected) => {
    expect(pageWindow(page, count)).toEqual(expected);
  });
});
