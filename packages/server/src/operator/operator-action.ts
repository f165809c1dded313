import type { SqlTx } from "@purpleflea/ledger";
import { PurpleFleaError } from "@purpleflea/protocol";
import { recordAudit } from "../policy/audit.ts";
import { type ActionResult, failure } from "../policy/money-action.ts";
import { type OperatorIdentity, PLATFORM_SCOPE } from "./operator-keys.ts";

export interface OperatorAction {
  /** The operation's name in the audit log (operator.deposit, ...). */
  action: string;
  amountMicro: bigint;
}

/** What an operator write did: its answer, the ledger transfer it made, and the agent it concerned, if one. */
export interface OperatorEffect {
  body: unknown;
  ref: string;
  agentId?: string;
}

/**
 * Runs an operator write and audits it in the same transaction: `allowed` with what it moved, or
 * `failed` with the rule it broke (returned, not thrown, so the audit row commits with the refusal).
 */
export async function runOperatorAction(
  tx: SqlTx,
  operator: OperatorIdentity,
  action: OperatorAction,
  status: number,
  execute: () => Promise<OperatorEffect>,
): Promise<ActionResult> {
  const audit = { keyId: operator.keyId, action: action.action, amountMicro: action.amountMicro };
  try {
    const { body, ref, agentId } = await tx.atomic(execute);
    await recordAudit(tx, { ...audit, agentId: agentId ?? PLATFORM_SCOPE, decision: "allowed", ref });
    return { status, body };
  } catch (error) {
    if (!(error instanceof PurpleFleaError)) throw error;
    await recordAudit(tx, { ...audit, agentId: PLATFORM_SCOPE, decision: "failed", rule: error.code });
    return failure(error);
  }
}
