import { type Bet, formatAmount, money, parseAmount, settleFairBet } from "@purpleflea/protocol";

/** A bet recomputed from its seeds, in the API's shape: plain JSON, the payout with its exact twin. */
export interface RecomputedBet {
  server_seed_hash: string;
  float: number;
  result: string;
  outcome: "win" | "loss";
  multiplier: number;
  payout: number;
  payout_str: string;
}

export interface BetVerification {
  matches: boolean;
  /** Why not, when it does not. */
  mismatch: string | null;
  recomputed: RecomputedBet;
}

/**
 * Checks a bet offline against its revealed server seed with the published algorithm: the seed must
 * hash to the bet's commitment and reproduce its result, outcome and payout.
 */
export function verifyBet(bet: Bet, serverSeed: string, edgeBps = 50): BetVerification {
  const fair = settleFairBet({
    serverSeed,
    clientSeed: bet.proof.client_seed,
    nonce: bet.proof.nonce,
    game: bet.game,
    prediction: bet.prediction,
    stakeMicro: parseAmount(bet.amount_str, "amount"),
    edgeBps,
  });
  const payoutStr = formatAmount(fair.payoutMicro);
  const checks: Array<[boolean, string]> = [
    [fair.serverSeedHash === bet.proof.server_seed_hash, "server seed does not hash to the commitment"],
    [fair.result === bet.result, `result ${fair.result} != ${bet.result}`],
    [fair.outcome === bet.outcome, `outcome ${fair.outcome} != ${bet.outcome}`],
    [payoutStr === bet.payout_str, `payout ${payoutStr} != ${bet.payout_str}`],
  ];
  const failed = checks.find(([ok]) => !ok);
  const recomputed: RecomputedBet = {
    server_seed_hash: fair.serverSeedHash,
    float: fair.float,
    result: fair.result,
    outcome: fair.outcome,
    multiplier: fair.multiplier,
    ...money("payout", fair.payoutMicro),
  };
  return { matches: failed === undefined, mismatch: failed?.[1] ?? null, recomputed };
}
