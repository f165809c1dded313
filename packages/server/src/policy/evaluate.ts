import { getBalance, type SqlTx } from "@purpleflea/ledger";
import { findInstrument, formatAmount, type Policy } from "@purpleflea/protocol";
import type { KeyIdentity } from "../agents/api-keys.ts";
import { userAccountId } from "../system-accounts.ts";
import { decodePolicy } from "./policy-codec.ts";

/** What a request would spend, as the policy sees it. */
export interface Spend {
  asset: "USDC" | "PAPER_USDC";
  amountMicro: bigint;
  game?: string;
  symbol?: string;
  counterparty?: { id: string; username: string };
  /** Where a withdrawal sends USDC on chain, lowercase. */
  withdrawalAddress?: string;
  /**
   * The money already counted toward the daily limit when it left the balance (releasing an escrow
   * that was counted at creation): every other rule applies, the daily budget is not charged twice.
   */
  countedEarlier?: boolean;
}

/** direct: the caller's own request; approved: released by an approver; proposal: an approved proposal. */
export type SpendMode = "direct" | "approved" | "proposal";

export type Decision =
  | { kind: "allow" }
  | { kind: "deny"; rule: string; message: string }
  | { kind: "approval"; rule: string; summary: string };

export const DAY_MS = 86_400_000;

/**
 * Applies the key's policy (counted per key) and the agent-wide policy (counted per agent), both
 * read inside the spend's own transaction so a burst of requests cannot slip past a daily limit.
 */
export async function evaluateSpend(
  tx: SqlTx,
  identity: KeyIdentity,
  spend: Spend,
  mode: SpendMode,
  now = Date.now(),
): Promise<Decision> {
  const key = await tx.get<{ policy: string | null }>("SELECT policy FROM api_keys WHERE id = ?", [identity.keyId]);
  const agent = await tx.get<{ policy: string | null }>("SELECT policy FROM agents WHERE id = ?", [identity.agentId]);
  const scopes: Array<[Policy | null, "key_id" | "agent_id", string]> = [
    [decodePolicy(key?.policy ?? null), "key_id", identity.keyId],
    [decodePolicy(agent?.policy ?? null), "agent_id", identity.agentId],
  ];
  for (const [policy, column, id] of scopes) {
    if (!policy) continue;
    const denial = await checkRules(tx, policy, spend, mode, { column, id, agentId: identity.agentId, now });
    if (denial) return denial;
  }
  if (mode !== "direct") return { kind: "allow" };
  for (const [policy] of scopes) {
    const threshold = policy?.approval_threshold;
    if (threshold !== undefined && spend.amountMicro > threshold) {
      return {
        kind: "approval",
        rule: "approval_threshold",
        summary: `${formatAmount(spend.amountMicro)} ${spend.asset} is above the approval threshold of ${formatAmount(threshold)}`,
      };
    }
  }
  return { kind: "allow" };
}

interface Counter {
  column: "key_id" | "agent_id";
  id: string;
  agentId: string;
  now: number;
}

async function checkRules(tx: SqlTx, policy: Policy, spend: Spend, mode: SpendMode, counter: Counter): Promise<Decision | null> {
  const deny = (rule: string, message: string): Decision => ({ kind: "deny", rule, message });
  if (policy.require_approved_proposal && mode !== "proposal") {
    return deny("require_approved_proposal", "this key may only execute approved proposals (POST /proposals/{id}/execute)");
  }
  if (spend.game && policy.allowed_games && !policy.allowed_games.includes(spend.game))
    return deny("allowed_games", `game ${spend.game} is not allowed for this key`);
  if (spend.symbol && policy.allowed_symbols && !policy.allowed_symbols.some((s) => sameSymbol(s, spend.symbol)))
    return deny("allowed_symbols", `symbol ${spend.symbol} is not allowed for this key`);
  const party = spend.counterparty;
  if (
    party &&
    policy.allowed_counterparties &&
    !policy.allowed_counterparties.some((p) => p === party.id || p === party.username)
  ) {
    return deny("allowed_counterparties", `counterparty ${party.username} is not allowed for this key`);
  }
  const address = spend.withdrawalAddress;
  if (
    address &&
    policy.allowed_withdrawal_addresses &&
    !policy.allowed_withdrawal_addresses.some((a) => a.toLowerCase() === address)
  ) {
    return deny("allowed_withdrawal_addresses", `withdrawals to ${address} are not allowed for this key`);
  }
  if (policy.max_per_transaction !== undefined && spend.amountMicro > policy.max_per_transaction) {
    return deny(
      "max_per_transaction",
      `${formatAmount(spend.amountMicro)} is above the per-transaction limit of ${formatAmount(policy.max_per_transaction)}`,
    );
  }
  if (policy.max_share_of_balance_bps !== undefined) {
    const { available } = await getBalance(tx, userAccountId(counter.agentId, spend.asset));
    if (spend.amountMicro * 10_000n > available * BigInt(policy.max_share_of_balance_bps)) {
      return deny("max_share_of_balance_bps", `more than ${policy.max_share_of_balance_bps / 100} % of the available balance`);
    }
  }
  if (policy.max_per_day !== undefined && !spend.countedEarlier) {
    // The sum and the spend log row this request adds must not interleave with the agent's other
    // requests, or two of them could each fit under the limit and together exceed it.
    await tx.lock(`daily-spend:${counter.agentId}`);
    const spent = await spentSince(tx, counter, spend.asset);
    if (spent + spend.amountMicro > policy.max_per_day) {
      return deny(
        "max_per_day",
        `would bring the last 24 hours to ${formatAmount(spent + spend.amountMicro)}, above the daily limit of ${formatAmount(policy.max_per_day)}`,
      );
    }
  }
  return null;
}

/** A policy may name an instrument in any accepted form: `BTC`, `BTC-USD` and `BTC/USDC` are one. */
function sameSymbol(listed: string, symbol: string | undefined): boolean {
  return (findInstrument(listed)?.symbol ?? listed) === symbol;
}

async function spentSince(tx: SqlTx, counter: Counter, asset: string): Promise<bigint> {
  const row = await tx.get<{ total: bigint | null }>(
    `SELECT SUM(amount) AS total FROM spend_log WHERE ${counter.column} = ? AND asset = ? AND created_at > ?`,
    [counter.id, asset, counter.now - DAY_MS],
  );
  return row?.total ?? 0n;
}

/** Counts an executed spend toward the rolling daily limits. */
export async function recordSpend(tx: SqlTx, identity: KeyIdentity, spend: Spend, now = Date.now()): Promise<void> {
  if (spend.amountMicro === 0n || spend.countedEarlier) return;
  await tx.run("INSERT INTO spend_log (agent_id, key_id, asset, amount, created_at) VALUES (?, ?, ?, ?, ?)", [
    identity.agentId,
    identity.keyId,
    spend.asset,
    spend.amountMicro,
    now,
  ]);
}

export async function deleteOldSpends(tx: SqlTx, now = Date.now()): Promise<number> {
  return (await tx.run("DELETE FROM spend_log WHERE created_at <= ?", [now - DAY_MS])).changes;
}
