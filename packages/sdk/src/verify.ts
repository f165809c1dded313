import { type Bet, type FairBetOutcome, formatAmount, parseAmount, settleFairBet } from "@purpleflea/protocol";

export interface BetVerification {
  matches: boolean;
  /** Why not, when it does not. */
  mismatch: string | null;
  recomputed: FairBetOutcome;
}

/**
 * Checks a bet offline against its revealed server seed with the published algorithm: the seed must
 * hash to the bet's commitment and reproduce its result, outcome and payout.
 */
export function verifyBet(bet: Bet, serverSeed: string, edgeBps = 50): BetVerification {
  const recomputed = settleFairBet({
    serverSeed,
    clientSeed: bet.proof.client_seed,
    nonce: bet.proof.nonce,
    game: bet.game,
    prediction: bet.prediction,
    stakeMicro: parseAmount(bet.amount_str, "amount"),
    edgeBps,
  });
  const checks: Array<[boolean, string]> = [
    [recomputed.serverSeedHash === bet.proof.server_seed_hash, "server seed does not hash to the commitment"],
    [recomputed.result === bet.result, `result ${recomputed.result} != ${bet.result}`],
    [recomputed.outcome === bet.outcome, `outcome ${recomputed.outcome} != ${bet.outcome}`],
    [
      formatAmount(recomputed.payoutMicro) === bet.payout_str,
      `payout ${formatAmount(recomputed.payoutMicro)} != ${bet.payout_str}`,
    ],
  ];
  const failed = checks.find(([ok]) => !ok);
  return { matches: failed === undefined, mismatch: failed?.[1] ?? null, recomputed };
}
