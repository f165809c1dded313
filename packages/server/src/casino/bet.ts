import { operations } from "@purpleflea/protocol";
import type { MoneyAction } from "../policy/money-action.ts";
import { placeBet } from "./bets.ts";
import type { CasinoSettings } from "./settings.ts";

/** A bet as the risk gate sees it: its stake is the spend, and the game is what game rules match. */
export function betAction(settings: CasinoSettings): MoneyAction<typeof operations.bet> {
  return {
    op: operations.bet,
    plan: async (tx, agentId, body) => ({
      spend: { asset: "USDC", amountMicro: body.amount, game: body.game },
      execute: () => placeBet(tx, agentId, body, settings),
    }),
  };
}
