import type { SqlTx } from "@purpleflea/ledger";
import { resolveAgent } from "../agents/agents.ts";
import type { Spend } from "../policy/evaluate.ts";
import { findEscrow } from "./records.ts";

/** What creating an escrow spends, as the risk gate sees it: the amount, to the counterparty. */
export async function createSpend(tx: SqlTx, body: { counterparty: string; amount: bigint }): Promise<Spend> {
  const counterparty = await resolveAgent(tx, body.counterparty);
  return { asset: "USDC", amountMicro: body.amount, ...(counterparty ? { counterparty } : {}) };
}

/**
 * What releasing spends: the escrowed amount, paid for good to the counterparty, already counted
 * toward the daily limit when the escrow was created. Only its creator
 * can release, so for anyone else the spend is zero and the action's own 404/403 answers; the
 * amount of an escrow the caller cannot see never reaches its policy or audit log.
 */
export async function releaseSpend(tx: SqlTx, agentId: string, escrowId: string): Promise<Spend> {
  const row = await findEscrow(tx, escrowId);
  if (!row || row.creator_id !== agentId) return { asset: "USDC", amountMicro: 0n };
  const counterparty = await tx.get<{ id: string; username: string }>("SELECT id, username FROM agents WHERE id = ?", [
    row.counterparty_id,
  ]);
  return { asset: "USDC", amountMicro: row.amount, countedEarlier: true, ...(counterparty ? { counterparty } : {}) };
}
