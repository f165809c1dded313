import type { SqlTx } from "@purpleflea/ledger";
import { type Approval, PurpleFleaError } from "@purpleflea/protocol";
import { findKeyById, type KeyIdentity } from "../agents/api-keys.ts";
import { emitEvent } from "../events/events.ts";
import { type ApprovalRow, findApproval, toApproval } from "./approvals-store.ts";
import { recordAudit } from "./audit.ts";
import { checkDecider } from "./decider.ts";
import { type ActionResult, failure, type MoneyAction, runMoneyAction } from "./money-action.ts";

export interface DecisionContext {
  actions: ReadonlyMap<string, MoneyAction>;
  approvalTtlMs: number;
}

/**
 * Approves (and executes, in the same transaction, exactly once) or rejects a pending request.
 * Racing decisions serialise on the write transaction: the first wins, the rest get 409.
 */
export async function decideApproval(
  tx: SqlTx,
  context: DecisionContext,
  decider: KeyIdentity,
  id: string,
  verdict: "approve" | "reject",
  note: string | undefined,
  now = Date.now(),
): Promise<Approval> {
  const row = await findApproval(tx, decider.agentId, id);
  if (!row) throw new PurpleFleaError("approval_not_found", `no approval ${id}`);
  await checkDecider(tx, decider, row.key_id, row.amount, verdict);
  if (row.status !== "pending")
    throw new PurpleFleaError("approval_already_decided", `approval ${id} is ${row.status}`, { status: row.status });
  if (row.expires_at <= BigInt(now)) {
    throw new PurpleFleaError("approval_expired", `approval ${id} expired at ${new Date(Number(row.expires_at)).toISOString()}`);
  }
  const result = verdict === "approve" ? await execute(tx, context, row, now) : null;
  const status = verdict === "reject" ? "rejected" : result && result.status < 300 ? "executed" : "failed";
  await settle(tx, row, status, decider, note, result, now);
  await recordAudit(
    tx,
    {
      agentId: decider.agentId,
      keyId: decider.keyId,
      action: row.operation,
      decision: verdict === "approve" ? "approved" : "rejected",
      amountMicro: row.amount,
      ref: row.id,
    },
    now,
  );
  const updated = await findApproval(tx, decider.agentId, id);
  if (!updated) throw new Error(`approval ${id} vanished`);
  const approval = toApproval(updated, now);
  await emitEvent(tx, decider.agentId, "approval.decided", approval, now);
  return approval;
}

async function execute(tx: SqlTx, context: DecisionContext, row: ApprovalRow, now: number): Promise<ActionResult> {
  const action = context.actions.get(row.operation);
  const requester = await findKeyById(tx, row.key_id);
  if (!action || !requester)
    return failure(new PurpleFleaError("invalid_api_key", "the requesting key was revoked before approval"));
  const rawBody = JSON.parse(row.request);
  const body = action.op.body ? action.op.body.parse(rawBody) : undefined;
  return runMoneyAction(
    tx,
    { identity: requester, action, body, rawBody, mode: "approved", approvalTtlMs: context.approvalTtlMs, ref: row.id },
    now,
  );
}

async function settle(
  tx: SqlTx,
  row: ApprovalRow,
  status: Approval["status"],
  decider: KeyIdentity,
  note: string | undefined,
  result: ActionResult | null,
  now: number,
): Promise<void> {
  await tx.run(
    `UPDATE approvals SET status = ?, decided_by = ?, note = ?, decided_at = ?, result_status = ?, result_body = ?
     WHERE id = ? AND status = 'pending'`,
    [status, decider.keyId, note ?? null, now, result?.status ?? null, result ? JSON.stringify(result.body) : null, row.id],
  );
}
