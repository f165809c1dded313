import type { SqlTx } from "@purpleflea/ledger";
import { bpsOf, payReferralShare } from "../referrals/earnings.ts";

/**
 * The casino's "fee" is its edge. On a lost bet the house keeps the stake, and the bettor's
 * referrer gets `shareBps` of the edge on that stake, floor(stake x edge x share) in micro-units:
 * 100 USDC lost at a 0.5 % edge and a 10 % share pays 0.05 USDC. A won bet pays no share, so
 * the house never pays a share out of money it just lost.
 */
export function casinoReferralShare(stakeMicro: bigint, edgeBps: number, shareBps: number) {
  return {
    edgeMicro: bpsOf(stakeMicro, edgeBps),
    shareMicro: bpsOf(stakeMicro, edgeBps, shareBps),
  };
}

/** Pays the share of a lost bet from the house shard that took its stake, inside the bet's own transaction. */
export async function payCasinoReferral(
  tx: SqlTx,
  bet: { id: string; agentId: string; stakeMicro: bigint; houseShard: string },
  rates: { edgeBps: number; referralShareBps: number },
  now: number,
): Promise<void> {
  const { edgeMicro, shareMicro } = casinoReferralShare(bet.stakeMicro, rates.edgeBps, rates.referralShareBps);
  await payReferralShare(
    tx,
    {
      id: bet.id,
      service: "casino",
      asset: "USDC",
      payerAgentId: bet.agentId,
      fromAccountId: bet.houseShard,
      feeMicro: edgeMicro,
      shareMicro,
      ref: bet.id,
    },
    now,
  );
}
