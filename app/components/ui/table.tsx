import { useId, type ReactNode } from "react";

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
  /** Short values that read badly when broken (dates, buttons). */
  nowrap?: boolean;
}

/**
 * A data table with a caption. On a narrow screen it scrolls sideways inside a focusable, labelled
 * region, so keyboard users can scroll it too.
 */
export function Table<Row>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption: ReactNode;
  columns: Array<Column<Row>>;
  rows: Row[];
  rowKey: (row: Row) => string | number;
}) {
  const captionId = useId();
  return (
    // A scrollable region must be reachable by keyboard (WCAG 2.1.1), hence the tabIndex.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table">
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.numeric ? "numeric" : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column, index) =>
                index === 0 ? (
                  <th key={column.key} scope="row">
                    {column.cell(row)}
                  </th>
                ) : (
                  <td
                    key={column.key}
                    className={
                      [column.numeric && "numeric", column.nowrap && "nowrap"]
                        .filter(Boolean)
                        .join(" ") || undefined
                    }
                  >
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
