import { timingSafeEqual } from "node:crypto";
import type { SqlTx } from "@purpleflea/ledger";
import { PurpleFleaError } from "@purpleflea/protocol";
import { type DecisionContext, decideApproval } from "../policy/approvals.ts";
import { recordAudit } from "../policy/audit.ts";
import type { Decider } from "../policy/decider.ts";
import { type ActionResult, failure } from "../policy/money-action.ts";
import type { DueDelivery } from "./deliveries.ts";
import { hmacHex } from "./signature.ts";
import { subscribes, type WebhookRow } from "./subscriptions.ts";

type Verdict = "approve" | "reject";

export interface Callback {
  decision: Verdict;
  token: string;
  note?: string | undefined;
}

/**
 * `<webhook id>.<hex HMAC-SHA256(webhook secret, "approval:<approval id>:<decision>")>`: only the
 * webhook's receiver sees it, it decides one approval one way, and it dies with the webhook.
 */
export function callbackToken(hook: { id: string; secret: string }, approvalId: string, decision: Verdict): string {
  return `${hook.id}.${hmacHex(hook.secret, `approval:${approvalId}:${decision}`)}`;
}

/** The body sent for a delivery: approval requests get this webhook's approve and reject tokens. */
export function withCallbackTokens(delivery: DueDelivery): string {
  if (delivery.event_type !== "approval.requested") return delivery.payload;
  const envelope: { data: { approval_id: string } } = JSON.parse(delivery.payload);
  const hook = { id: delivery.webhook_id, secret: delivery.secret };
  const id = envelope.data.approval_id;
  const tokens = { approve_token: callbackToken(hook, id, "approve"), reject_token: callbackToken(hook, id, "reject") };
  return JSON.stringify({ ...envelope, data: { ...envelope.data, ...tokens } });
}

/**
 * Decides an approval for a chat bot holding a token: the webhook acts as an approver with no limit
 * of its own (it speaks for the admin who registered it), and it is never the requesting key.
 */
export async function decideByCallback(
  tx: SqlTx,
  context: DecisionContext,
  approvalId: string,
  callback: Callback,
  now = Date.now(),
): Promise<ActionResult> {
  const approval = await tx.get<{ agent_id: string }>("SELECT agent_id FROM approvals WHERE id = ?", [approvalId]);
  // An unknown id gets the bad token's answer: the callback needs no key, so it must not tell ids apart.
  const refused = failure(new PurpleFleaError("invalid_callback_token", "this token does not decide this approval that way"));
  if (!approval) return refused;
  const hook = await tokenWebhook(tx, approval.agent_id, approvalId, callback);
  if (!hook) {
    const audit = { agentId: approval.agent_id, keyId: null, action: "approvals.callback", decision: "denied" };
    await recordAudit(tx, { ...audit, rule: "invalid_callback_token", ref: approvalId }, now);
    return refused;
  }
  const decider: Decider = { agentId: approval.agent_id, keyId: hook.id, scopes: ["approve"] };
  return { status: 200, body: await decideApproval(tx, context, decider, approvalId, callback.decision, callback.note, now) };
}

async function tokenWebhook(tx: SqlTx, agentId: string, approvalId: string, callback: Callback): Promise<WebhookRow | undefined> {
  const hookId = callback.token.slice(0, Math.max(0, callback.token.indexOf(".")));
  const hook = await tx.get<WebhookRow>("SELECT * FROM webhooks WHERE id = ? AND agent_id = ? AND deleted_at IS NULL", [
    hookId,
    agentId,
  ]);
  if (!hook || !subscribes(hook.events.split(" "), "approval.requested")) return undefined;
  const expected = Buffer.from(callbackToken(hook, approvalId, callback.decision));
  const given = Buffer.from(callback.token);
  return expected.length === given.length && timingSafeEqual(expected, given) ? hook : undefined;
}
