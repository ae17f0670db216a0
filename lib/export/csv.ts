// A small table as CSV (RFC 4180: CRLF line ends, a field quoted when it
// holds a quote, a comma or a line break). The report export streams its
// own lines (lib/export/columns.ts); these are the desk's and the API's
// short tables.

export const csvField = (value: string | number | boolean | null | undefined): string => {
  // Text a spreadsheet would run as a formula (a reporter's comment "=HYPERLINK(…)")
  // is kept as text by a leading apostrophe, as OWASP advises. Numbers are numbers.
  const raw = value === null || value === undefined ? "" : String(value);
  const text = typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function csvTable(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** A CSV download: no caching by anyone, a file name for the browser. */
export function csvResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}
