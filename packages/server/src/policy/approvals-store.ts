import { newId, type SqlTx } from "@purpleflea/ledger";
import { API_PREFIX, type Approval, type ApprovalRequired, money } from "@purpleflea/protocol";
import type { KeyIdentity } from "../agents/api-keys.ts";
import { emitEvent } from "../events/events.ts";
import { isoTime, isoTimeOrNull } from "../iso-time.ts";
import { agentRowsBefore } from "../paging.ts";
import { recordAudit } from "./audit.ts";
import type { Spend } from "./evaluate.ts";
import { type StoredRequestRow, storedResult } from "./stored-request.ts";

/** A key with this many requests waiting gets 429s, so a runaway agent cannot flood the approvers' inbox. */
export const MAX_PENDING_APPROVALS_PER_KEY = 100;

export interface ApprovalRow extends StoredRequestRow {
  summary: string;
  rule: string | null;
  status: Approval["status"];
  expires_at: bigint;
}

interface NewApproval {
  identity: KeyIdentity;
  /** The operation id (`wallet.transfer`, …) the request will run when approved. */
  operation: string;
  rawBody: unknown;
  spend: Spend;
  summary: string;
  /** The rule that held it (approval_threshold), shown in the inbox. */
  rule: string;
  ttlMs: number;
}

/** Holds nothing: the request is stored and re-checked in full (balance, limits) when approved. */
export async function createApproval(tx: SqlTx, approval: NewApproval, now: number): Promise<ApprovalRequired> {
  const id = newId("apr");
  const expiresAt = now + approval.ttlMs;
  const summary = `${approval.operation}: ${approval.summary}`;
  await tx.run(
    `INSERT INTO approvals (id, agent_id, key_id, operation, request, summary, rule, amount, status, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    [
      id,
      approval.identity.agentId,
      approval.identity.keyId,
      approval.operation,
      JSON.stringify(approval.rawBody ?? null),
      summary,
      approval.rule,
      approval.spend.amountMicro,
      now,
      expiresAt,
    ],
  );
  const row = await findApproval(tx, approval.identity.agentId, id);
  if (!row) throw new Error(`approval ${id} was not stored`);
  await emitEvent(tx, row.agent_id, "approval.requested", { ...toApproval(row, now), ...approvalLinks(id) }, now);
  return { status: "approval_required", approval_id: id, expires_at: new Date(expiresAt).toISOString(), summary };
}

/** Paths (under the server's base URL) a human or a bot uses to decide; webhooks add one-time tokens. */
function approvalLinks(id: string) {
  const base = `${API_PREFIX}/approvals/${id}`;
  return { approve_url: `${base}/approve`, reject_url: `${base}/reject`, callback_url: `${base}/callback` };
}

export async function findApproval(tx: SqlTx, agentId: string, id: string): Promise<ApprovalRow | undefined> {
  return tx.get<ApprovalRow>("SELECT * FROM approvals WHERE id = ? AND agent_id = ?", [id, agentId]);
}

export function listApprovals(tx: SqlTx, agentId: string, beforeSeq: bigint, limit: number, status: string | undefined) {
  return agentRowsBefore<ApprovalRow>(tx, "approvals", agentId, beforeSeq, limit, { column: "status", value: status });
}

/** Counts under the key's lock, so that racing requests cannot each see room for one more. */
export async function countPendingApprovals(
  tx: SqlTx,
  keyId: string,
  now: number,
): Promise<{ count: number; firstExpiryAt: number }> {
  await tx.lock(`pending-approvals:${keyId}`);
  const row = await tx.get<{ n: bigint; first: bigint | null }>(
    "SELECT COUNT(*) AS n, MIN(expires_at) AS first FROM approvals WHERE key_id = ? AND status = 'pending' AND expires_at > ?",
    [keyId, now],
  );
  return { count: Number(row?.n ?? 0n), firstExpiryAt: Number(row?.first ?? BigInt(now)) };
}

/**
 * Pending approvals past their deadline become expired, each audited and announced like any other
 * decision. Nothing was held, so nothing moves.
 */
export async function expireApprovals(tx: SqlTx, now = Date.now()): Promise<number> {
  const rows = await tx.all<ApprovalRow>(
    "SELECT * FROM approvals WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at LIMIT 500",
    [now],
  );
  let expired = 0;
  for (const row of rows) {
    // A decision that claimed the row first wins; the sweeper leaves it alone.
    const { changes } = await tx.run(
      "UPDATE approvals SET status = 'expired', decided_at = ? WHERE id = ? AND status = 'pending'",
      [now, row.id],
    );
    if (changes !== 1) continue;
    expired++;
    const audit = { agentId: row.agent_id, keyId: null, action: row.operation, decision: "expired" };
    await recordAudit(tx, { ...audit, amountMicro: row.amount, ref: row.id }, now);
    await emitEvent(
      tx,
      row.agent_id,
      "approval.decided",
      toApproval({ ...row, status: "expired", decided_at: BigInt(now) }, now),
      now,
    );
  }
  return expired;
}

export function toApproval(row: ApprovalRow, now = Date.now()): Approval {
  const expired = row.status === "pending" && row.expires_at <= BigInt(now);
  return {
    approval_id: row.id,
    status: expired ? "expired" : row.status,
    operation: row.operation,
    request: JSON.parse(row.request),
    summary: row.summary,
    rule: row.rule,
    ...money("amount", row.amount),
    requested_by: row.key_id,
    decided_by: row.decided_by,
    note: row.note,
    created_at: isoTime(row.created_at),
    expires_at: isoTime(row.expires_at),
    decided_at: isoTimeOrNull(row.decided_at),
    result: storedResult(row),
  };
}
