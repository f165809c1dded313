import type { SqlTx } from "@purpleflea/ledger";
import { PurpleFleaError } from "@purpleflea/protocol";

/**
 * Cursors are opaque to clients, handed back unchanged: the row position to list before, in decimal.
 * At most 18 digits, so every cursor fits a 64-bit integer and the OpenAPI pattern says it exactly.
 */
export function encodeCursor(seq: bigint): string {
  return seq.toString();
}

/** The position to list before: everything when there is no cursor. */
export function cursorSeq(cursor: string | undefined): bigint {
  if (cursor === undefined) return BigInt(Number.MAX_SAFE_INTEGER);
  if (!/^[0-9]{1,18}$/.test(cursor)) {
    throw new PurpleFleaError("invalid_cursor", "cursor is not one this server issued", { field: "cursor" });
  }
  return BigInt(cursor);
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
