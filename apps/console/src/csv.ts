/** RFC 4180 CSV: every field quoted, quotes doubled, CRLF line ends (what spreadsheets expect). */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const line = (cells: ReadonlyArray<string | number | null>) =>
    cells.map((cell) => `"${String(cell ?? "").replaceAll('"', '""')}"`).join(",");
  return [line(header), ...rows.map(line)].join("\r\n");
}

/** Offers text as a file download, entirely in the browser. */
export function download(filename: string, text: string, type = "text/csv"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}
