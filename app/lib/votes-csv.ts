/**
 * CSV as RFC 4180 writes it: fields with a comma, a quote or a line break are quoted, quotes are
 * doubled, lines end with CRLF. Text that a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return at the start) is prefixed with an apostrophe; numbers are written as numbers. The
 * file starts with a byte-order mark so that spreadsheet programs read the Chinese text as UTF-8.
 */
export type CsvCell = string | number | boolean | null | undefined;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: ReadonlyArray<ReadonlyArray<CsvCell>>): string {
  return "\uFEFF" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** A file name safe in a Content-Disposition header, with the UTF-8 form for browsers that read it. */
export function attachment(asciiName: string, utf8Name?: string): string {
  const plain = asciiName.replace(/[^\w.-]/g, "_");
  return utf8Name
    ? `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(utf8Name)}`
    : `attachment; filename="${plain}"`;
}
