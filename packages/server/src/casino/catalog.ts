import { type SqlTx, shardedBalance } from "@purpleflea/ledger";
import { betTerms, GAME_NAMES, type GamesResponse, gameRules, money, ratioToNumber } from "@purpleflea/protocol";
import { systemAccounts } from "../system-accounts.ts";
import type { CasinoSettings } from "./settings.ts";

const EXAMPLES: Record<(typeof GAME_NAMES)[number], string[]> = {
  coinflip: ["heads", "tails"],
  dice: ["over_50", "under_50", "over_90", "under_10", "over_98.99", "under_1"],
  roulette: ["red", "black", "odd", "even", "low", "high", "dozen_1", "column_1", "number_17"],
  crash: ["1.01x", "1.5x", "2x", "10x", "100x", "1000x"],
};

/** Rules, limits and a payout table per game, priced with the configured edge. */
export async function gameCatalog(tx: SqlTx, settings: CasinoSettings): Promise<GamesResponse> {
  const house = await shardedBalance(tx, systemAccounts.house);
  return {
    house_edge_bps: settings.edgeBps,
    ...money("min_bet", settings.minBetMicro),
    ...money("max_bet", settings.maxBetMicro),
    max_win_bankroll_bps: settings.maxWinBankrollBps,
    ...money("house_bankroll", house.available),
    games: GAME_NAMES.map((game) => ({
      game,
      rules: gameRules[game].description,
      predictions: gameRules[game].predictions,
      payouts: EXAMPLES[game].map((prediction) => {
        const terms = betTerms(game, prediction, settings.edgeBps);
        return {
          prediction: terms.prediction,
          win_chance: ratioToNumber(terms.winChance, 6),
          multiplier: ratioToNumber(terms.multiplier, 4),
        };
      }),
    })),
  };
}
