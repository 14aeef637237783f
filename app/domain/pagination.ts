/**
 * Page arithmetic shared by every paginated list. Pure: the caller supplies the total.
 */
export interface PageRequest {
  page: number;
  pageSize: number;
}

export interface PageInfo extends PageRequest {
  total: number;
  pageCount: number;
  offset: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Reads `?page=` leniently: anything that is not a positive integer means page 1. */
export function parsePageParam(value: string | null | undefined): number {
  if (!value || !/^\d{1,6}$/.test(value)) return 1;
  const page = Number(value);
  return page >= 1 ? page : 1;
}

/** Clamps the requested page into range once the total is known. */
export function paginate(request: PageRequest, total: number): PageInfo {
  const pageSize = Math.min(Math.max(1, Math.trunc(request.pageSize)), MAX_PAGE_SIZE);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.trunc(request.page)), pageCount);
  return {
    page,
    pageSize,
    total,
    pageCount,
    offset: (page - 1) * pageSize,
    hasPrevious: page > 1,
    hasNext: page < pageCount,
  };
}

/**
 * The page numbers to show as links: always the first and the last, the current page and `radius`
 * pages around it; gaps are `null` (rendered as an ellipsis).
 */
export function pageWindow(page: number, pageCount: number, radius = 1): Array<number | null> {
  const shown = new Set<number>([1, pageCount]);
  for (let p = page - radius; p <= page + radius; p++) {
    if (p >= 1 && p <= pageCount) shown.add(p);
  }
  const sorted = [...shown].sort((a, b) => a - b);
  const result: Array<number | null> = [];
  let previous = 0;
  for (const p of sorted) {
    if (p - previous === 2) result.push(previous + 1);
    else if (p - previous > 2) result.push(null);
    result.push(p);
    previous = p;
  }
  return result;
}
