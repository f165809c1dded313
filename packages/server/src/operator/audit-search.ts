import type { SqlTx, SqlValue } from "@purpleflea/ledger";
import { cursorSeq, paginate } from "../paging.ts";
import { type AuditRow, toAuditEntry } from "../policy/audit.ts";

export interface AuditSearch {
  limit: number;
  cursor?: string | undefined;
  agent_id?: string | undefined;
  key_id?: string | undefined;
  action?: string | undefined;
  decision?: string | undefined;
}

/** Columns an operator may filter on; each is an exact match. */
const FILTERS = ["agent_id", "key_id", "action", "decision"] as const;

/** The whole audit log (every agent's and the operator's own rows), newest first, filtered exactly. */
export async function searchAudit(tx: SqlTx, search: AuditSearch) {
  const where = ["seq < ?"];
  const params: SqlValue[] = [cursorSeq(search.cursor)];
  for (const column of FILTERS) {
    const value = search[column];
    if (value === undefined || value === "") continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  const rows = await tx.all<AuditRow>(`SELECT * FROM audit_log WHERE ${where.join(" AND ")} ORDER BY seq DESC LIMIT ?`, [
    ...params,
    search.limit + 1,
  ]);
  const { page, nextCursor } = paginate(rows, search.limit);
  return {
    entries: page.map((row) => ({ agent_id: row.agent_id, ...toAuditEntry(row) })),
    next_cursor: nextCursor,
  };
}
