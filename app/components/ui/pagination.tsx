import { Link, useLocation } from "@remix-run/react";
import { pageWindow, type PageInfo } from "~/domain/pagination";
import { useI18n } from "~/i18n/react";

function hrefForPage(search: string, page: number): string {
  const params = new URLSearchParams(search);
  if (page <= 1) params.delete("page");
  else params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "?";
}

/** Links to the pages of a list; keeps the other query parameters (filters, sort). */
export function Pagination({ pageInfo, label }: { pageInfo: PageInfo; label?: string }) {
  const { t, number } = useI18n();
  const { search } = useLocation();
  if (pageInfo.pageCount <= 1) return null;
  const { page, pageCount } = pageInfo;
  return (
    <nav className="pagination" aria-label={label ?? t("pagination.label")}>
      <ul>
        {pageInfo.hasPrevious ? (
          <li>
            <Link to={hrefForPage(search, page - 1)} rel="prev">
              {t("pagination.previous")}
            </Link>
          </li>
        ) : null}
        {pageWindow(page, pageCount).map((p, index) =>
          p === null ? (
            <li key={`gap-${index}`}>
              <span aria-hidden="true">…</span>
            </li>
          ) : (
            <li key={p}>
              <Link
                to={hrefForPage(search, p)}
                aria-current={p === page ? "page" : undefined}
                aria-label={t("pagination.page", { page: p })}
              >
                {number(p)}
              </Link>
            </li>
          ),
        )}
        {pageInfo.hasNext ? (
          <li>
            <Link to={hrefForPage(search, page + 1)} rel="next">
              {t("pagination.next")}
            </Link>
          </li>
        ) : null}
      </ul>
      <p className="pagination__summary">
        {t("pagination.summary", {
          page,
          pageCount,
          from: pageInfo.offset + 1,
          to: Math.min(pageInfo.offset + pageInfo.pageSize, pageInfo.total),
          total: pageInfo.total,
        })}
      </p>
    </nav>
  );
}
