import type { SqlTx } from "@purpleflea/ledger";
import { formatAmount, PurpleFleaError } from "@purpleflea/protocol";
import { hasScope, type KeyIdentity } from "../agents/api-keys.ts";
import { decodePolicy } from "./policy-codec.ts";

/** Whoever decides: a key, or a webhook whose one-time callback token was presented (see callback.ts). */
export type Decider = Pick<KeyIdentity, "agentId" | "keyId" | "scopes">;

/**
 * Who may decide: a key with the `approve` scope that did not make the request itself. To approve,
 * its own per-transaction limit, if it has one, must cover the amount (a junior approver cannot
 * release a big trade); anyone entitled may reject.
 */
export async function checkDecider(
  tx: SqlTx,
  decider: Decider,
  requesterKeyId: string,
  amountMicro: bigint,
  verdict: "approve" | "reject",
): Promise<void> {
  if (!hasScope(decider, "approve")) {
    throw new PurpleFleaError("insufficient_scope", "deciding needs a key with the approve scope", { required_scope: "approve" });
  }
  if (decider.keyId === requesterKeyId) {
    throw new PurpleFleaError("cannot_decide_own_request", "a key cannot approve or reject its own request; use another key");
  }
  if (verdict === "reject") return;
  const row = await tx.get<{ policy: string | null }>("SELECT policy FROM api_keys WHERE id = ?", [decider.keyId]);
  const limit = decodePolicy(row?.policy ?? null)?.max_per_transaction;
  if (limit !== undefined && amountMicro > limit) {
    throw new PurpleFleaError("approval_limit_exceeded", `this key may approve up to ${formatAmount(limit)}`, {
      limit_micro: limit.toString(),
    });
  }
}
