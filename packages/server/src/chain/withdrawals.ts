import { newId, postHeld, type SqlTx, shardFor, type TransferSpec, transferAll, voidHeld } from "@purpleflea/ledger";
import { money, PurpleFleaError, type Withdrawal } from "@purpleflea/protocol";
import { getAddress } from "viem";
import { emitEvent } from "../events/events.ts";
import { isoTime } from "../iso-time.ts";
import { systemAccounts, userAccountId } from "../system-accounts.ts";
import type { Chain } from "./chain.ts";

export interface WithdrawalRow {
  seq: bigint;
  id: string;
  agent_id: string;
  chain_id: bigint;
  to_address: string;
  amount: bigint;
  fee: bigint;
  status: Withdrawal["status"];
  nonce: bigint | null;
  raw_tx: string | null;
  tx_hash: string | null;
  block_number: bigint | null;
  failure_code: string | null;
  created_at: bigint;
  updated_at: bigint;
}

export interface WithdrawRequest {
  to_address: string;
  amount: bigint;
}

/** The two holds of a withdrawal: the amount toward the chain account, the network fee toward the fees. */
export const amountHoldId = (id: string) => `${id}:amount`;
export const feeHoldId = (id: string) => `${id}:fee`;

/** The amount toward the chain account and the stated fee toward a fee shard, both held (no fee hold for a zero fee). */
function withdrawalHolds(id: string, from: string, amountMicro: bigint, feeMicro: bigint, memo: string): TransferSpec[] {
  const hold = (holdId: string, kind: string, creditAccountId: string, amount: bigint): TransferSpec => ({
    id: holdId,
    kind,
    debitAccountId: from,
    creditAccountId,
    amount,
    hold: {},
    memo,
    ref: id,
  });
  const amountHold = hold(amountHoldId(id), "chain_withdrawal", systemAccounts.chain, amountMicro);
  if (feeMicro === 0n) return [amountHold];
  return [amountHold, hold(feeHoldId(id), "withdrawal_fee", shardFor(systemAccounts.fees, id), feeMicro)];
}

export function toWithdrawal(row: WithdrawalRow): Withdrawal {
  return {
    withdrawal_id: row.id,
    agent_id: row.agent_id,
    chain_id: Number(row.chain_id),
    to_address: getAddress(row.to_address),
    ...money("amount", row.amount),
    ...money("network_fee", row.fee),
    status: row.status,
    tx_hash: row.tx_hash,
    block_number: row.block_number === null ? null : Number(row.block_number),
    failure_code: row.failure_code,
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
  };
}

/**
 * Holds the amount and the stated network fee and queues the withdrawal; nothing is signed here
 * (this may run again on a serialization failure). The sender job signs and broadcasts it.
 */
export async function requestWithdrawal(
  tx: SqlTx,
  chain: Chain,
  agentId: string,
  request: WithdrawRequest,
  now = Date.now(),
): Promise<Withdrawal> {
  if (!chain.hotWallet) {
    throw new PurpleFleaError("withdrawals_not_configured", "withdrawals need HOT_WALLET_PRIVATE_KEY on the server");
  }
  const id = newId("wd");
  const memo = `USDC withdrawal to ${request.to_address} on chain ${chain.chainId}`;
  await transferAll(tx, withdrawalHolds(id, userAccountId(agentId, "USDC"), request.amount, chain.withdrawalFeeMicro, memo), now);
  const row = await tx.get<WithdrawalRow>(
    `INSERT INTO chain_withdrawals (id, agent_id, chain_id, to_address, amount, fee, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?) RETURNING *`,
    [id, agentId, chain.chainId, request.to_address.toLowerCase(), request.amount, chain.withdrawalFeeMicro, now, now],
  );
  if (!row) throw new Error(`withdrawal ${id} was not stored`);
  return toWithdrawal(row);
}

export async function getWithdrawal(tx: SqlTx, agentId: string, id: string): Promise<Withdrawal> {
  const row = await tx.get<WithdrawalRow>("SELECT * FROM chain_withdrawals WHERE id = ? AND agent_id = ?", [id, agentId]);
  if (!row) throw new PurpleFleaError("withdrawal_not_found", `no withdrawal ${id}`, { withdrawal_id: id });
  return toWithdrawal(row);
}

export type Outcome = { status: "confirmed"; blockNumber: bigint } | { status: "failed" | "dropped"; failureCode: string };

/**
 * Ends a withdrawal: claimed first (a guarded UPDATE from the status it was read in), then its
 * holds are posted (confirmed) or voided (failed, dropped: the funds go back). False if another
 * run settled it first.
 */
export async function settleWithdrawal(tx: SqlTx, row: WithdrawalRow, outcome: Outcome, now = Date.now()): Promise<boolean> {
  const settled = await tx.get<WithdrawalRow>(
    `UPDATE chain_withdrawals SET status = ?, block_number = ?, failure_code = ?, updated_at = ?
     WHERE id = ? AND status = ? RETURNING *`,
    [
      outcome.status,
      outcome.status === "confirmed" ? outcome.blockNumber : row.block_number,
      outcome.status === "confirmed" ? null : outcome.failureCode,
      now,
      row.id,
      row.status,
    ],
  );
  if (!settled) return false;
  const settle = outcome.status === "confirmed" ? postHeld : voidHeld;
  await settle(tx, amountHoldId(row.id), now);
  if (row.fee > 0n) await settle(tx, feeHoldId(row.id), now);
  const type = outcome.status === "confirmed" ? "withdrawal.confirmed" : "withdrawal.failed";
  await emitEvent(tx, row.agent_id, type, toWithdrawal(settled), now);
  return true;
}
