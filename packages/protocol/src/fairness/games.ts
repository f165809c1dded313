import { fairFloats, hashServerSeed } from "./floats.ts";
import { type GameName, gameRules, type Ratio } from "./game-rules.ts";

export interface BetTerms {
  game: GameName;
  prediction: string;
  winChance: Ratio;
  /** Payout per unit staked on a win: (1 - edge) / win chance, or the crash target. */
  multiplier: Ratio;
  judge(float: number): { win: boolean; result: string };
}

/** Parses a prediction and prices it; throws invalid_prediction / prediction_out_of_range. */
export function betTerms(game: GameName, prediction: string, edgeBps: number): BetTerms {
  const wager = gameRules[game].parse(prediction, edgeBps);
  const { num, den } = wager.winChance;
  const multiplier = wager.fixedMultiplier ?? { num: (10_000n - BigInt(edgeBps)) * den, den: 10_000n * num };
  return {
    game,
    prediction: wager.prediction,
    winChance: wager.winChance,
    multiplier,
    judge: (float) => wager.judge(float, edgeBps),
  };
}

/** A win pays floor(stake * multiplier) micro-units: the sub-micro remainder stays with the house. */
export function payoutMicro(stakeMicro: bigint, multiplier: Ratio): bigint {
  return (stakeMicro * multiplier.num) / multiplier.den;
}

export function ratioToNumber(ratio: Ratio, decimals = 6): number {
  const scale = 10n ** BigInt(decimals);
  return Number((ratio.num * scale) / ratio.den) / Number(scale);
}

export interface FairBetInput {
  serverSeed: string;
  clientSeed: string;
  nonce: number;
  game: GameName;
  prediction: string;
  stakeMicro: bigint;
  edgeBps: number;
}

export interface FairBetOutcome {
  serverSeedHash: string;
  float: number;
  result: string;
  outcome: "win" | "loss";
  multiplier: number;
  payoutMicro: bigint;
}

/** Recomputes a bet from its seeds alone: the server, the SDK and the CLI all call this one function. */
export function settleFairBet(input: FairBetInput): FairBetOutcome {
  const terms = betTerms(input.game, input.prediction, input.edgeBps);
  const [float = 0] = fairFloats(input.serverSeed, input.clientSeed, input.nonce, 1);
  const { win, result } = terms.judge(float);
  return {
    serverSeedHash: hashServerSeed(input.serverSeed),
    float,
    result,
    outcome: win ? "win" : "loss",
    multiplier: ratioToNumber(terms.multiplier, 4),
    payoutMicro: win ? payoutMicro(input.stakeMicro, terms.multiplier) : 0n,
  };
}
