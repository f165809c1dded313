import type { SqlTx } from "@purpleflea/ledger";
import { type Operation, PurpleFleaError } from "@purpleflea/protocol";
import type { z } from "zod";
import type { KeyIdentity } from "../agents/api-keys.ts";
import { countPendingApprovals, createApproval, MAX_PENDING_APPROVALS_PER_KEY } from "./approvals-store.ts";
import { recordAudit } from "./audit.ts";
import { type Decision, evaluateSpend, recordSpend, type Spend, type SpendMode } from "./evaluate.ts";

type Body<O extends Operation> = O["body"] extends z.ZodType ? z.output<O["body"]> : undefined;

/**
 * A money-moving operation as the risk gate sees it: what it would spend, and how to execute it.
 * The same object serves a direct request, an approved request and an approved proposal.
 */
export interface MoneyAction<O extends Operation = Operation> {
  op: O;
  /** Works the request out once: what it would spend, and how to carry out exactly that. Moves nothing. */
  plan(tx: SqlTx, agentId: string, body: Body<O>): Promise<ActionPlan>;
}

export interface ActionPlan {
  spend: Spend;
  /** Runs in the same transaction, after the gate allowed the spend. */
  execute(): Promise<unknown>;
}

export interface ActionResult {
  status: number;
  body: unknown;
}

/**
 * What the gate did: executed (the service answered), failed (the service refused, nothing moved),
 * denied (a policy rule refused before execution) or held (waiting for approval, answered 202).
 */
export interface ActionOutcome extends ActionResult {
  outcome: "executed" | "failed" | "denied" | "held";
}

export interface ActionCall {
  identity: KeyIdentity;
  action: MoneyAction;
  body: unknown;
  /** The body as sent, kept so an approval can execute exactly that request later. */
  rawBody: unknown;
  mode: SpendMode;
  approvalTtlMs: number;
  ref?: string;
}

/**
 * Decides and, if allowed, executes, all inside the caller's write transaction. Denials and
 * failures are returned, not thrown, so their audit rows commit with everything else.
 */
export async function runMoneyAction(tx: SqlTx, call: ActionCall, now = Date.now()): Promise<ActionOutcome> {
  const { identity, action } = call;
  const plan = await action.plan(tx, identity.agentId, call.body as never);
  const { spend } = plan;
  const decision = await evaluateSpend(tx, identity, spend, call.mode, now);
  const audit = (decision: string, rule: string | null = null, ref: string | null = call.ref ?? null) =>
    recordAudit(
      tx,
      {
        agentId: identity.agentId,
        keyId: identity.keyId,
        action: action.op.id,
        decision,
        rule,
        amountMicro: spend.amountMicro,
        ref,
      },
      now,
    );
  if (decision.kind === "deny") {
    await audit("denied", decision.rule);
    return { ...failure(denial(decision)), outcome: "denied" };
  }
  if (decision.kind === "approval") return hold(tx, call, spend, decision, audit, now);
  try {
    const body = await tx.atomic(() => plan.execute());
    await recordSpend(tx, identity, spend, now);
    await audit("allowed");
    return { status: action.op.status, body, outcome: "executed" };
  } catch (error) {
    if (!(error instanceof PurpleFleaError)) throw error;
    await audit("failed", error.code);
    return { ...failure(error), outcome: "failed" };
  }
}

type Audit = (decision: string, rule?: string | null, ref?: string | null) => Promise<void>;

/** Stores the request for approval, unless the key already has too many waiting (an inbox flood). */
async function hold(
  tx: SqlTx,
  call: ActionCall,
  spend: Spend,
  decision: Extract<Decision, { kind: "approval" }>,
  audit: Audit,
  now: number,
): Promise<ActionOutcome> {
  const pending = await countPendingApprovals(tx, call.identity.keyId, now);
  if (pending.count >= MAX_PENDING_APPROVALS_PER_KEY) {
    await audit("denied", "pending_approvals_limit");
    const message = `this key already has ${MAX_PENDING_APPROVALS_PER_KEY} requests waiting for approval`;
    // One frees at the latest when the first waiting request expires.
    const details = { limit: MAX_PENDING_APPROVALS_PER_KEY, retry_after_s: secondsUntil(pending.firstExpiryAt, now) };
    return { ...failure(new PurpleFleaError("pending_approvals_limit_reached", message, details)), outcome: "denied" };
  }
  const approval = await createApproval(
    tx,
    {
      identity: call.identity,
      operation: call.action.op.id,
      rawBody: call.rawBody,
      spend,
      summary: decision.summary,
      rule: decision.rule,
      ttlMs: call.approvalTtlMs,
    },
    now,
  );
  await audit("approval_requested", decision.rule, approval.approval_id);
  return { status: 202, body: approval, outcome: "held" };
}

function denial(decision: Extract<Decision, { kind: "deny" }>): PurpleFleaError {
  const code = decision.rule === "require_approved_proposal" ? "proposal_required" : "policy_violation";
  return new PurpleFleaError(code, decision.message, { rule: decision.rule });
}

export function failure(error: PurpleFleaError): ActionResult {
  return { status: error.status, body: error.toBody() };
}

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}
