import { type SqlTx, shardFor, transfer } from "@purpleflea/ledger";
import { bpsOf, payReferralShare } from "../referrals/earnings.ts";
import { feeAccounts, type UserAsset } from "../system-accounts.ts";

/** The services that charge a fee (the casino earns its edge instead, see casino/referral.ts). */
export type FeeService = "escrow" | "trading";

export interface FeeCharge {
  /** Unique per fee event: the ledger transfers derive their ids from it, so a fee is charged once. */
  id: string;
  service: FeeService;
  /** The agent whose activity earned the fee: its referrer gets the share. */
  payerAgentId: string;
  /** The asset of the fee: paper trading pays paper fees, and its referral share is paper too. */
  asset: UserAsset;
  /** The account the fee is taken from (the payer's, or an escrow holding account), in `asset`. */
  fromAccountId: string;
  feeMicro: bigint;
  /** Referrer's share of this fee in basis points (escrow: 1,500 = 15 %). */
  referralShareBps: number;
  ref?: string | null;
}

/**
 * Takes a fee into the platform's fee account for its asset and, if the payer was referred, pays the
 * referrer its share out of it at the same moment, in the same transaction. The share rounds down:
 * the platform keeps the sub-micro remainder.
 */
export async function collectFee(tx: SqlTx, charge: FeeCharge, now = Date.now()): Promise<void> {
  if (charge.feeMicro === 0n) return;
  const ref = charge.ref ?? null;
  // The share leaves the shard the fee just entered, so that shard always covers it.
  const shard = shardFor(feeAccounts[charge.asset], charge.id);
  await transfer(
    tx,
    {
      id: `${charge.id}:fee`,
      kind: `${charge.service}_fee`,
      debitAccountId: charge.fromAccountId,
      creditAccountId: shard,
      amount: charge.feeMicro,
      ref,
    },
    now,
  );
  const share = bpsOf(charge.feeMicro, charge.referralShareBps);
  await payReferralShare(tx, { ...charge, fromAccountId: shard, shareMicro: share, ref }, now);
}
