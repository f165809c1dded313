import { createHash } from "node:crypto";

const translated = new Map<string, string>();

/**
 * The statement with `?` placeholders numbered `$1, $2, …` as PostgreSQL wants them. Question marks
 * inside string literals, quoted identifiers and comments are left alone. Cached per statement.
 */
export function numberPlaceholders(sql: string): string {
  let out = translated.get(sql);
  if (out !== undefined) return out;
  out = "";
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i] as string;
    const end = skipQuoted(sql, i);
    if (end > i) {
      out += sql.slice(i, end);
      i = end - 1;
    } else out += c === "?" ? `$${++n}` : c;
  }
  translated.set(sql, out);
  return out;
}

/** The index just past a literal, quoted name or comment starting at `i`; `i` when none starts there. */
function skipQuoted(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"') {
    const close = sql.indexOf(c, i + 1);
    return close < 0 ? sql.length : close + 1;
  }
  if (c === "-" && sql[i + 1] === "-") {
    const close = sql.indexOf("\n", i);
    return close < 0 ? sql.length : close;
  }
  return i;
}

/**
 * Text compares bytewise on both engines (SQLite's default BINARY collation): ids are ordered
 * base62, and a database created with a natural-language locale would sort them differently.
 */
export function postgresDdl(sql: string): string {
  // Column types only: a cast (`CAST(x AS TEXT)`, in a backfill) takes no collation.
  return sql.replace(/(?<!\bAS\s+)\bTEXT\b(?!\s+COLLATE)/g, 'TEXT COLLATE "C"');
}

/** A stable signed 64-bit key for a named advisory lock. */
export function advisoryKey(name: string): bigint {
  return createHash("sha256").update(name).digest().readBigInt64BE(0);
}
