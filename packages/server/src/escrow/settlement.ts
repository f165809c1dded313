import { openAccount, postHeld, type SqlTx, shardFor, transfer, voidHeld } from "@purpleflea/ledger";
import { type EscrowOutcome, feeMicro } from "@purpleflea/protocol";
import { collectFee } from "../fees/fees.ts";
import { userAccountId } from "../system-accounts.ts";
import type { EscrowRow } from "./records.ts";

/**
 * Escrowed USDC is held from the creator's account to this platform account. Settling posts the
 * hold and pays everything straight back out, so the account's posted balance is always zero and
 * its pending credits are exactly the open escrows. Every escrow touches it, so it is sharded: an
 * escrow's money stays in the one shard its id picks (`shardFor`), from hold to payout.
 */
export const ESCROW_ACCOUNT = "sys:escrow:USDC";

const holdId = (escrowId: string) => `${escrowId}:hold`;
const escrowShard = (escrowId: string) => shardFor(ESCROW_ACCOUNT, escrowId);

export interface Settlement {
  outcome: EscrowOutcome;
  /** What reaches the counterparty, after the fee. */
  net_paid: bigint;
  fee: bigint;
  /** What goes back to the creator. */
  refunded: bigint;
}

/**
 * The money of a settlement. The counterparty's gross share pays the fee, rounded up; a split
 * needs no other rounding because the arbiter names the counterparty's share in micro-units.
 * net_paid + fee + refunded is always the escrowed amount.
 */
export function settlementFor(amount: bigint, feeBps: bigint, outcome: EscrowOutcome, splitMicro = 0n): Settlement {
  const gross = outcome === "release" ? amount : outcome === "refund" ? 0n : splitMicro;
  const fee = feeMicro(gross, Number(feeBps));
  return { outcome, net_paid: gross - fee, fee, refunded: amount - gross };
}

/** Locks the amount: a hold without timeout, because the escrow's own deadline decides its fate. */
export async function holdEscrowFunds(tx: SqlTx, escrowId: string, creatorId: string, amount: bigint, now: number) {
  // Opening is idempotent; doing it here keeps the escrow account out of the shared startup list.
  const shard = escrowShard(escrowId);
  await openAccount(tx, { id: shard, asset: "USDC", owner: null, noOverdraft: true }, now);
  await transfer(
    tx,
    {
      id: holdId(escrowId),
      kind: "escrow_hold",
      debitAccountId: userAccountId(creatorId, "USDC"),
      creditAccountId: shard,
      amount,
      ref: escrowId,
      hold: {},
    },
    now,
  );
}

/** Applies a settlement to the ledger: void for a full refund, otherwise post and pay out. */
export async function settleEscrowFunds(tx: SqlTx, escrow: EscrowRow, settlement: Settlement, now: number): Promise<void> {
  if (settlement.refunded === escrow.amount) {
    await voidHeld(tx, holdId(escrow.id), now);
    return;
  }
  await postHeld(tx, holdId(escrow.id), now);
  await payFromEscrow(tx, escrow, "escrow_release", escrow.counterparty_id, settlement.net_paid, now);
  await collectFee(
    tx,
    {
      id: escrow.id,
      service: "escrow",
      asset: "USDC",
      payerAgentId: escrow.creator_id,
      fromAccountId: escrowShard(escrow.id),
      feeMicro: settlement.fee,
      referralShareBps: Number(escrow.referral_share_bps),
      ref: escrow.id,
    },
    now,
  );
  await payFromEscrow(tx, escrow, "escrow_refund", escrow.creator_id, settlement.refunded, now);
}

async function payFromEscrow(tx: SqlTx, escrow: EscrowRow, kind: string, agentId: string, amount: bigint, now: number) {
  if (amount === 0n) return;
  await transfer(
    tx,
    {
      id: `${escrow.id}:${kind}`,
      kind,
      debitAccountId: escrowShard(escrow.id),
      creditAccountId: userAccountId(agentId, "USDC"),
      amount,
      ref: escrow.id,
    },
    now,
  );
}
