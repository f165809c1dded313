import type { SqlTx } from "@purpleflea/ledger";
import { type Approval, PurpleFleaError } from "@purpleflea/protocol";
import { findKeyById } from "../agents/api-keys.ts";
import { emitEvent } from "../events/events.ts";
import { isoTime } from "../iso-time.ts";
import { type ApprovalRow, findApproval, toApproval } from "./approvals-store.ts";
import { recordAudit } from "./audit.ts";
import { checkDecider, type Decider } from "./decider.ts";
import { type ActionOutcome, type ActionResult, failure, type MoneyAction, runMoneyAction } from "./money-action.ts";

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
  decider: Decider,
  id: string,
  verdict: "approve" | "reject",
  note: string | undefined,
  now = Date.now(),
): Promise<Approval> {
  const row = await findApproval(tx, decider.agentId, id);
  if (!row) throw new PurpleFleaError("approval_not_found", `no approval ${id}`);
  await checkDecider(tx, decider, row.key_id, row.amount, verdict);
  checkPending(row, now);
  await claim(tx, row, decider.agentId, now);
  const audit = { agentId: decider.agentId, keyId: decider.keyId, action: row.operation, amountMicro: row.amount, ref: row.id };
  await recordAudit(tx, { ...audit, decision: verdict === "approve" ? "approved" : "rejected" }, now);
  const result = verdict === "approve" ? await execute(tx, context, row, now) : null;
  const status = result === null ? "rejected" : result.outcome === "executed" ? "executed" : "failed";
  await settle(tx, row, status, decider, note, result, now);
  const updated = await findApproval(tx, decider.agentId, id);
  if (!updated) throw new Error(`approval ${id} vanished`);
  const approval = toApproval(updated, now);
  await emitEvent(tx, decider.agentId, "approval.decided", approval, now);
  return approval;
}

/**
 * Takes the decision before anything runs: of racing decisions (or a decision racing the expiry
 * sweeper) only the one whose guarded UPDATE changed the row goes on; the others get the answer
 * for what the winner left. 'deciding' is never seen outside this transaction.
 */
async function claim(tx: SqlTx, row: ApprovalRow, agentId: string, now: number): Promise<void> {
  const { changes } = await tx.run(
    "UPDATE approvals SET status = 'deciding' WHERE id = ? AND status = 'pending' AND expires_at > ?",
    [row.id, now],
  );
  if (changes === 1) return;
  const fresh = await findApproval(tx, agentId, row.id);
  if (fresh) checkPending(fresh, now);
  throw new Error(`approval ${row.id} could not be claimed`);
}

/** Expired is its own answer whether or not the sweeper has marked the row yet. */
function checkPending(row: ApprovalRow, now: number): void {
  if (row.status === "expired" || (row.status === "pending" && row.expires_at <= BigInt(now))) {
    const at = isoTime(row.expires_at);
    throw new PurpleFleaError("approval_expired", `approval ${row.id} expired at ${at}; nothing was executed`);
  }
  if (row.status !== "pending") {
    throw new PurpleFleaError("approval_already_decided", `approval ${row.id} is ${row.status}`, { status: row.status });
  }
}

/** Runs the held request as its requester, re-checking that key's and the agent's rules (not the threshold). */
async function execute(tx: SqlTx, context: DecisionContext, row: ApprovalRow, now: number): Promise<ActionOutcome> {
  const action = context.actions.get(row.operation);
  if (!action) throw new Error(`approval ${row.id} names unknown operation ${row.operation}`);
  const requester = await findKeyById(tx, row.key_id);
  if (!requester) {
    const revoked = new PurpleFleaError("invalid_api_key", "the requesting key was revoked before approval");
    return { ...failure(revoked), outcome: "denied" };
  }
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
  decider: Decider,
  note: string | undefined,
  result: ActionResult | null,
  now: number,
): Promise<void> {
  await tx.run(
    `UPDATE approvals SET status = ?, decided_by = ?, note = ?, decided_at = ?, result_status = ?, result_body = ?
     WHERE id = ? AND status = 'deciding'`,
    [status, decider.keyId, note ?? null, now, result?.status ?? null, result ? JSON.stringify(result.body) : null, row.id],
  );
}
