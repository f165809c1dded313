import { type SqlTx, transfer } from "@purpleflea/ledger";
import type { ReferralService } from "@purpleflea/protocol";
import { type UserAsset, userAccountId } from "../system-accounts.ts";

export interface ReferralShare {
  /** The fee event (escrow, bet or order id): one share per event, whatever retries happen. */
  id: string;
  service: ReferralService;
  asset: UserAsset;
  /** The agent whose activity earned the fee; its referrer (depth 1 only) gets the share. */
  payerAgentId: string;
  /** Where the share comes from: the fee account, or the house bankroll for the casino. */
  fromAccountId: string;
  /** The fee (or house edge) the share is part of, kept for the earnings report. */
  feeMicro: bigint;
  shareMicro: bigint;
  ref: string | null;
}

/**
 * `amountMicro` times each rate (in basis points), rounded down once: the one formula for every
 * share and edge, so the platform keeps the sub-micro remainder and never pays it out twice rounded.
 */
export function bpsOf(amountMicro: bigint, ...ratesBps: number[]): bigint {
  const rate = ratesBps.reduce((product, bps) => product * BigInt(bps), 1n);
  return (amountMicro * rate) / 10_000n ** BigInt(ratesBps.length);
}

/**
 * Pays the payer's referrer its share at the moment the fee is earned, in the same transaction,
 * and records it for GET /referrals. Nothing happens without a referrer or for a zero share.
 */
export async function payReferralShare(tx: SqlTx, share: ReferralShare, now = Date.now()): Promise<void> {
  const payer = await tx.get<{ referred_by: string | null }>("SELECT referred_by FROM agents WHERE id = ?", [share.payerAgentId]);
  const referrerId = payer?.referred_by ?? null;
  if (referrerId === null || share.shareMicro === 0n) return;
  await transfer(
    tx,
    {
      id: `${share.id}:referral`,
      kind: "referral_earning",
      debitAccountId: share.fromAccountId,
      creditAccountId: userAccountId(referrerId, share.asset),
      amount: share.shareMicro,
      ref: share.ref,
    },
    now,
  );
  await tx.run(
    `INSERT INTO referral_earnings (id, referrer_id, referred_id, service, asset, fee, amount, ref, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    [share.id, referrerId, share.payerAgentId, share.service, share.asset, share.feeMicro, share.shareMicro, share.ref, now],
  );
}
