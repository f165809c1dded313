import { newId, type SqlTx } from "@purpleflea/ledger";
import { money, type Proposal, PurpleFleaError, type Scope } from "@purpleflea/protocol";
import { hasScope, type KeyIdentity } from "../agents/api-keys.ts";
import { isoTime } from "../iso-time.ts";
import { agentRowsBefore } from "../paging.ts";
import type { DecisionContext } from "./approvals.ts";
import { recordAudit } from "./audit.ts";
import { checkDecider } from "./decider.ts";
import { type ActionResult, failure, runMoneyAction } from "./money-action.ts";
import { type StoredRequestRow, storedResult } from "./stored-request.ts";

interface ProposalRow extends StoredRequestRow {
  rationale: string;
  status: Proposal["status"];
  executed_by: string | null;
}

interface NewProposal {
  operation: string;
  request: Record<string, unknown>;
  rationale: string;
}

/** The analyst's move: a full request plus its rationale, checked now, executed only after approval. */
export async function createProposal(
  tx: SqlTx,
  context: DecisionContext,
  proposer: KeyIdentity,
  proposal: NewProposal,
  now = Date.now(),
) {
  const action = context.actions.get(proposal.operation);
  if (!action?.op.body) {
    throw new PurpleFleaError("unknown_operation", `${proposal.operation} is not a money-moving operation`, {
      field: "operation",
      operations: [...context.actions.keys()],
    });
  }
  const parsed = action.op.body.safeParse(proposal.request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ["request", ...(issue?.path ?? [])].join(".");
    throw new PurpleFleaError("invalid_request", `${field}: ${issue?.message ?? "is invalid"}`, { field });
  }
  const { spend } = await action.plan(tx, proposer.agentId, parsed.data as never);
  const id = newId("prp");
  await tx.run(
    `INSERT INTO proposals (id, agent_id, key_id, operation, request, rationale, amount, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'proposed', ?)`,
    [
      id,
      proposer.agentId,
      proposer.keyId,
      proposal.operation,
      JSON.stringify(proposal.request),
      proposal.rationale,
      spend.amountMicro,
      now,
    ],
  );
  await recordAudit(
    tx,
    {
      agentId: proposer.agentId,
      keyId: proposer.keyId,
      action: proposal.operation,
      decision: "proposed",
      amountMicro: spend.amountMicro,
      ref: id,
    },
    now,
  );
  return toProposal(await requireProposal(tx, proposer.agentId, id));
}

export async function decideProposal(
  tx: SqlTx,
  decider: KeyIdentity,
  id: string,
  verdict: "approve" | "reject",
  note: string | undefined,
  now = Date.now(),
) {
  const row = await requireProposal(tx, decider.agentId, id);
  await checkDecider(tx, decider, row.key_id, row.amount, verdict);
  if (row.status !== "proposed")
    throw new PurpleFleaError("proposal_already_decided", `proposal ${id} is ${row.status}`, { status: row.status });
  const status = verdict === "approve" ? "approved" : "rejected";
  const { changes } = await tx.run(
    "UPDATE proposals SET status = ?, decided_by = ?, note = ?, decided_at = ? WHERE id = ? AND status = 'proposed'",
    [status, decider.keyId, note ?? null, now, id],
  );
  if (changes !== 1) {
    const current = await requireProposal(tx, decider.agentId, id);
    throw new PurpleFleaError("proposal_already_decided", `proposal ${id} is ${current.status}`, { status: current.status });
  }
  await recordAudit(
    tx,
    { agentId: decider.agentId, keyId: decider.keyId, action: row.operation, decision: status, amountMicro: row.amount, ref: id },
    now,
  );
  return toProposal(await requireProposal(tx, decider.agentId, id));
}

/**
 * The executor's move: runs an approved proposal once, with the executor's own scope and limits.
 * A refusal of the executor (scope, policy) leaves the proposal approved for a key that may run it;
 * an attempt that reached the service settles it, executed or failed, for good.
 */
export async function executeProposal(
  tx: SqlTx,
  context: DecisionContext,
  executor: KeyIdentity,
  id: string,
  now = Date.now(),
): Promise<ActionResult> {
  const row = await requireProposal(tx, executor.agentId, id);
  if (row.status === "executed" || row.status === "failed")
    throw new PurpleFleaError("proposal_already_executed", `proposal ${id} was already executed (${row.status})`);
  if (row.status !== "approved")
    throw new PurpleFleaError("proposal_not_approved", `proposal ${id} is ${row.status}, not approved`, { status: row.status });
  const action = context.actions.get(row.operation);
  if (!action?.op.body) throw new Error(`proposal ${id} names unknown operation ${row.operation}`);
  if (!hasScope(executor, action.op.scope)) return refuseScope(tx, executor, row, action.op.scope, now);
  const rawBody = JSON.parse(row.request);
  const body = action.op.body.parse(rawBody);
  // Claim it before it runs, so that racing executors run it once; 'executing' is never seen
  // outside this transaction: it ends executed, failed, or back to approved after a denial.
  await setStatus(tx, executor, id, "approved", "executing");
  const result = await runMoneyAction(
    tx,
    { identity: executor, action, body, rawBody, mode: "proposal", approvalTtlMs: context.approvalTtlMs, ref: id },
    now,
  );
  if (result.outcome === "denied") {
    await setStatus(tx, executor, id, "executing", "approved");
    return result;
  }
  await tx.run("UPDATE proposals SET status = ?, executed_by = ?, result_status = ?, result_body = ? WHERE id = ?", [
    result.outcome === "executed" ? "executed" : "failed",
    executor.keyId,
    result.status,
    JSON.stringify(result.body),
    id,
  ]);
  return { status: 200, body: toProposal(await requireProposal(tx, executor.agentId, id)) };
}

async function setStatus(tx: SqlTx, executor: KeyIdentity, id: string, from: string, to: string): Promise<void> {
  const { changes } = await tx.run("UPDATE proposals SET status = ? WHERE id = ? AND status = ?", [to, id, from]);
  if (changes === 1) return;
  const row = await requireProposal(tx, executor.agentId, id);
  throw new PurpleFleaError("proposal_already_executed", `proposal ${id} was already executed (${row.status})`);
}

async function refuseScope(tx: SqlTx, executor: KeyIdentity, row: ProposalRow, scope: Scope, now: number) {
  const audit = { agentId: executor.agentId, keyId: executor.keyId, action: row.operation, decision: "denied" };
  await recordAudit(tx, { ...audit, rule: "insufficient_scope", amountMicro: row.amount, ref: row.id }, now);
  const message = `executing ${row.operation} needs the ${scope} scope`;
  return failure(new PurpleFleaError("insufficient_scope", message, { required_scope: scope }));
}

async function requireProposal(tx: SqlTx, agentId: string, id: string): Promise<ProposalRow> {
  const row = await tx.get<ProposalRow>("SELECT * FROM proposals WHERE id = ? AND agent_id = ?", [id, agentId]);
  if (!row) throw new PurpleFleaError("proposal_not_found", `no proposal ${id}`);
  return row;
}

export async function findProposal(tx: SqlTx, agentId: string, id: string): Promise<Proposal> {
  return toProposal(await requireProposal(tx, agentId, id));
}

export async function listProposals(tx: SqlTx, agentId: string, beforeSeq: bigint, limit: number, status: string | undefined) {
  const rows = await agentRowsBefore<ProposalRow>(tx, "proposals", agentId, beforeSeq, limit, {
    column: "status",
    value: status,
  });
  return rows.map((row) => ({ ...toProposal(row), seq: row.seq }));
}

function toProposal(row: ProposalRow): Proposal {
  return {
    proposal_id: row.id,
    status: row.status,
    operation: row.operation,
    request: JSON.parse(row.request),
    rationale: row.rationale,
    ...money("amount", row.amount),
    proposed_by: row.key_id,
    decided_by: row.decided_by,
    executed_by: row.executed_by,
    note: row.note,
    created_at: isoTime(row.created_at),
    result: storedResult(row),
  };
}
