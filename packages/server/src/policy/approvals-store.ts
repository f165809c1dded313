import { newId, type SqlTx } from "@purpleflea/ledger";
import { API_PREFIX, type Approval, type ApprovalRequired, money } from "@purpleflea/protocol";
import type { KeyIdentity } from "../agents/api-keys.ts";
import { emitEvent } from "../events/events.ts";
import { agentRowsBefore } from "../paging.ts";
import type { Spend } from "./evaluate.ts";
import type { MoneyAction } from "./money-action.ts";

export interface ApprovalRow {
  seq: bigint;
  id: string;
  agent_id: string;
  key_id: string;
  operation: string;
  request: string;
  summary: string;
  amount: bigint;
  status: Approval["status"];
  note: string | null;
  decided_by: string | null;
  created_at: bigint;
  expires_at: bigint;
  decided_at: bigint | null;
  result_status: bigint | null;
  result_body: string | null;
}

interface NewApproval {
  identity: KeyIdentity;
  action: MoneyAction;
  rawBody: unknown;
  spend: Spend;
  summary: string;
  ttlMs: number;
}

/** Holds nothing: the request is stored and re-checked in full (balance, limits) when approved. */
export async function createApproval(tx: SqlTx, approval: NewApproval, now: number): Promise<ApprovalRequired> {
  const id = newId("apr");
  const expiresAt = now + approval.ttlMs;
  const summary = `${approval.action.op.id}: ${approval.summary}`;
  await tx.run(
    `INSERT INTO approvals (id, agent_id, key_id, operation, request, summary, amount, status, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    [
      id,
      approval.identity.agentId,
      approval.identity.keyId,
      approval.action.op.id,
      JSON.stringify(approval.rawBody ?? null),
      summary,
      approval.spend.amountMicro,
      now,
      expiresAt,
    ],
  );
  const required: ApprovalRequired = {
    status: "approval_required",
    approval_id: id,
    expires_at: new Date(expiresAt).toISOString(),
    summary,
  };
  await emitEvent(
    tx,
    approval.identity.agentId,
    "approval.requested",
    {
      ...required,
      approve_url: `${API_PREFIX}/approvals/${id}/approve`,
      reject_url: `${API_PREFIX}/approvals/${id}/reject`,
    },
    now,
  );
  return required;
}

export async function findApproval(tx: SqlTx, agentId: string, id: string): Promise<ApprovalRow | undefined> {
  return tx.get<ApprovalRow>("SELECT * FROM approvals WHERE id = ? AND agent_id = ?", [id, agentId]);
}

export function listApprovals(tx: SqlTx, agentId: string, beforeSeq: bigint, limit: number, status: string | undefined) {
  return agentRowsBefore<ApprovalRow>(tx, "approvals", agentId, beforeSeq, limit, { column: "status", value: status });
}

/** Pending approvals past their deadline become expired; nothing was held, so nothing moves. */
export async function expireApprovals(tx: SqlTx, now = Date.now()): Promise<number> {
  const { changes } = await tx.run(
    "UPDATE approvals SET status = 'expired', decided_at = ? WHERE status = 'pending' AND expires_at <= ?",
    [now, now],
  );
  return changes;
}

export function toApproval(row: ApprovalRow, now = Date.now()): Approval {
  const expired = row.status === "pending" && row.expires_at <= BigInt(now);
  const iso = (ms: bigint | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
  return {
    approval_id: row.id,
    status: expired ? "expired" : row.status,
    operation: row.operation,
    request: JSON.parse(row.request),
    summary: row.summary,
    ...money("amount", row.amount),
    requested_by: row.key_id,
    decided_by: row.decided_by,
    note: row.note,
    created_at: new Date(Number(row.created_at)).toISOString(),
    expires_at: new Date(Number(row.expires_at)).toISOString(),
    decided_at: iso(row.decided_at),
    result:
      row.result_status === null ? null : { status: Number(row.result_status), body: JSON.parse(row.result_body ?? "null") },
  };
}
