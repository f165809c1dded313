/**
 * Columns an approval and a proposal share: a money request stored for a human to decide on, and,
 * once it ran, what it answered (kept so the answer can be shown again exactly).
 */
export interface StoredRequestRow {
  seq: bigint;
  id: string;
  agent_id: string;
  key_id: string;
  operation: string;
  /** The request body as JSON text. */
  request: string;
  amount: bigint;
  note: string | null;
  decided_by: string | null;
  created_at: bigint;
  decided_at: bigint | null;
  result_status: bigint | null;
  result_body: string | null;
}

/** The stored answer as the API shows it: null until the request ran. */
export function storedResult(row: StoredRequestRow): { status: number; body: unknown } | null {
  return row.result_status === null ? null : { status: Number(row.result_status), body: JSON.parse(row.result_body ?? "null") };
}
