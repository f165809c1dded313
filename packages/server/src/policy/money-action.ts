import type { SqlTx } from "@purpleflea/ledger";
import { type Operation, PurpleFleaError } from "@purpleflea/protocol";
import type { z } from "zod";
import type { KeyIdentity } from "../agents/api-keys.ts";
import { createApproval } from "./approvals-store.ts";
import { recordAudit } from "./audit.ts";
import { type Decision, evaluateSpend, recordSpend, type Spend, type SpendMode } from "./evaluate.ts";

type Body<O extends Operation> = O["body"] extends z.ZodType ? z.output<O["body"]> : undefined;

/**
 * A money-moving operation as the risk gate sees it: what it would spend, and how to execute it.
 * The same object serves a direct request, an approved request and an approved proposal.
 */
export interface MoneyAction<O extends Operation = Operation> {
  op: O;
  spend(tx: SqlTx, agentId: string, body: Body<O>): Promise<Spend>;
  execute(tx: SqlTx, agentId: string, body: Body<O>): Promise<unknown>;
}

export interface ActionResult {
  status: number;
  body: unknown;
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
export async function runMoneyAction(tx: SqlTx, call: ActionCall, now = Date.now()): Promise<ActionResult> {
  const { identity, action } = call;
  const spend = await action.spend(tx, identity.agentId, call.body as never);
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
    return failure(denial(decision));
  }
  if (decision.kind === "approval") {
    const approval = await createApproval(
      tx,
      { identity, action, rawBody: call.rawBody, spend, summary: decision.summary, ttlMs: call.approvalTtlMs },
      now,
    );
    await audit("approval_requested", decision.rule, approval.approval_id);
    return { status: 202, body: approval };
  }
  try {
    const body = await tx.atomic(() => action.execute(tx, identity.agentId, call.body as never));
    await recordSpend(tx, identity, spend, now);
    await audit("allowed");
    return { status: action.op.status, body };
  } catch (error) {
    if (!(error instanceof PurpleFleaError)) throw error;
    await audit("failed", error.code);
    return failure(error);
  }
}

function denial(decision: Extract<Decision, { kind: "deny" }>): PurpleFleaError {
  const code = decision.rule === "require_approved_proposal" ? "proposal_required" : "policy_violation";
  return new PurpleFleaError(code, decision.message, { rule: decision.rule });
}

export function failure(error: PurpleFleaError): ActionResult {
  return { status: error.status, body: error.toBody() };
}
