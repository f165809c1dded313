import type { SqlTx } from "@purpleflea/ledger";
import { PurpleFleaError } from "@purpleflea/protocol";

const MAX_SEQ = 9_223_372_036_854_775_807n;

/** Cursors are opaque to clients: a base64url position they hand back unchanged. */
export function encodeCursor(seq: bigint): string {
  return Buffer.from(`s:${seq}`).toString("base64url");
}

/** The position to list before: everything when there is no cursor. */
export function cursorSeq(cursor: string | undefined): bigint {
  if (cursor === undefined) return BigInt(Number.MAX_SAFE_INTEGER);
  const match = /^s:(\d{1,19})$/.exec(Buffer.from(cursor, "base64url").toString());
  // Nineteen digits can pass the largest 64-bit integer, which the database cannot even compare with.
  if (!match?.[1] || BigInt(match[1]) > MAX_SEQ) {
    throw new PurpleFleaError("invalid_cursor", "cursor is not one this server issued", { field: "cursor" });
  }
  return BigInt(match[1]);
}

/** Given up to limit + 1 rows newest first, returns one page and the cursor of the next, if any. */
export function paginate<T extends { seq: bigint }>(rows: readonly T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
}

/** One page of an agent's rows from a table keyed by `seq`, newest first, optionally filtered on one column. */
export function agentRowsBefore<R>(
  tx: SqlTx,
  table: "approvals" | "proposals" | "audit_log",
  agentId: string,
  beforeSeq: bigint,
  limit: number,
  filter?: { column: "status" | "decision"; value: string | undefined },
): Promise<R[]> {
  const where = filter?.value === undefined ? "" : `AND ${filter.column} = ?`;
  const params = filter?.value === undefined ? [agentId, beforeSeq, limit] : [agentId, beforeSeq, filter.value, limit];
  return tx.all<R>(`SELECT * FROM ${table} WHERE agent_id = ? AND seq < ? ${where} ORDER BY seq DESC LIMIT ?`, params);
}

/** A cursor for tables listed by (created_at, id), newest first: the position of the last row shown. */
export function encodeKeysetCursor(createdAt: bigint, id: string): string {
  return Buffer.from(`k:${createdAt}:${id}`).toString("base64url");
}

/** The position to list before; undefined (everything) without a cursor. */
export function cursorKeyset(cursor: string | undefined): { createdAt: bigint; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const match = /^k:(\d{1,16}):([A-Za-z0-9_]{1,64})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match?.[1] || !match[2])
    throw new PurpleFleaError("invalid_cursor", "cursor is not one this server issued", { field: "cursor" });
  return { createdAt: BigInt(match[1]), id: match[2] };
}
