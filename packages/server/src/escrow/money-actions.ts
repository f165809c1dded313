import type { SqlTx } from "@purpleflea/ledger";
import { operations } from "@purpleflea/protocol";
import { resolveAgent } from "../agents/agents.ts";
import type { Spend } from "../policy/evaluate.ts";
import type { MoneyAction } from "../policy/money-action.ts";
import { releaseEscrow } from "./actions.ts";
import { createEscrow } from "./create.ts";
import { findEscrow } from "./records.ts";
import type { EscrowSettings } from "./settings.ts";

/** Create and release commit money to another agent: both pass the risk gate. The rest only return money or change state. */
export function createEscrowAction(settings: EscrowSettings): MoneyAction<typeof operations.createEscrow> {
  return {
    op: operations.createEscrow,
    plan: async (tx, agentId, body) => ({
      spend: await createSpend(tx, body),
      execute: () => createEscrow(tx, agentId, body, settings),
    }),
  };
}

export const releaseEscrowAction: MoneyAction<typeof operations.releaseEscrow> = {
  op: operations.releaseEscrow,
  plan: async (tx, agentId, body) => ({
    spend: await releaseSpend(tx, agentId, body.escrow_id),
    execute: () => releaseEscrow(tx, agentId, body),
  }),
};

/** What creating an escrow spends, as the risk gate sees it: the amount, to the counterparty. */
async function createSpend(tx: SqlTx, body: { counterparty: string; amount: bigint }): Promise<Spend> {
  const counterparty = await resolveAgent(tx, body.counterparty);
  return { asset: "USDC", amountMicro: body.amount, ...(counterparty ? { counterparty } : {}) };
}

/**
 * What releasing spends: the escrowed amount, paid for good to the counterparty, already counted
 * toward the daily limit when the escrow was created. Only its creator
 * can release, so for anyone else the spend is zero and the action's own 404/403 answers; the
 * amount of an escrow the caller cannot see never reaches its policy or audit log.
 */
async function releaseSpend(tx: SqlTx, agentId: string, escrowId: string): Promise<Spend> {
  const row = await findEscrow(tx, escrowId);
  if (!row || row.creator_id !== agentId) return { asset: "USDC", amountMicro: 0n };
  const counterparty = await tx.get<{ id: string; username: string }>("SELECT id, username FROM agents WHERE id = ?", [
    row.counterparty_id,
  ]);
  return { asset: "USDC", amountMicro: row.amount, countedEarlier: true, ...(counterparty ? { counterparty } : {}) };
}
