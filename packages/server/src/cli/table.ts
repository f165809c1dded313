/** Renders an API answer for people: key/value lines, and arrays of objects as aligned tables. */
export function renderHuman(value: unknown): string {
  if (Array.isArray(value)) return renderRows(value);
  if (value === null || typeof value !== "object") return String(value);
  const entries = Object.entries(value).filter(([key]) => !key.endsWith("_str") || !(key.slice(0, -4) in value));
  const width = Math.max(...entries.map(([key]) => key.length));
  const lines: string[] = [];
  const tables: string[] = [];
  for (const [key, field] of entries) {
    if (Array.isArray(field) && field.every(isRecord)) tables.push(`${key}:\n${renderRows(field)}`);
    else lines.push(`${key.padEnd(width)}  ${cell(exactTwin(value, key) ?? field)}`);
  }
  return [...lines, ...tables].join("\n");
}

function renderRows(rows: readonly unknown[]): string {
  if (rows.length === 0) return "(none)";
  const records = rows.filter(isRecord);
  const columns = [...new Set(records.flatMap((row) => Object.keys(row)))].filter((key) => !key.endsWith("_str"));
  const cells = records.map((row) => columns.map((column) => cell(exactTwin(row, column) ?? row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((row) => (row[i] ?? "").length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(columns), ...cells.map(line)].join("\n");
}

/** Money shows as its exact string twin (`amount_str`) rather than the rounded number. */
function exactTwin(record: object, key: string): unknown {
  return (record as Record<string, unknown>)[`${key}_str`];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "-";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
