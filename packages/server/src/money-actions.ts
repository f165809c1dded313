import { betAction } from "./casino/bet.ts";
import { casinoSettings } from "./casino/settings.ts";
import type { Chain } from "./chain/chain.ts";
import { withdrawAction } from "./chain/withdraw.ts";
import type { Config } from "./config.ts";
import { createEscrowAction, releaseEscrowAction } from "./escrow/money-actions.ts";
import { escrowSettings } from "./escrow/settings.ts";
import type { Market } from "./market/market.ts";
import type { MoneyAction } from "./policy/money-action.ts";
import { orderAction } from "./trading/place-order.ts";
import { tradingSettings } from "./trading/settings.ts";
import { transferAction } from "./wallet/transfer.ts";

/**
 * Every operation that moves money through the risk gate, by operation id: its route, an approved
 * request and an approved proposal all run the same action from here.
 */
export function moneyActions(config: Config, market: Market, chain: Chain | null): ReadonlyMap<string, MoneyAction> {
  const actions = [
    transferAction,
    betAction(casinoSettings(config)),
    orderAction({ market, settings: tradingSettings(config) }),
    createEscrowAction(escrowSettings(config)),
    releaseEscrowAction,
    withdrawAction(chain),
  ] as unknown as MoneyAction[];
  for (const action of actions) {
    // The protocol tells clients (MCP descriptions, the SDK) which operations can answer 202.
    if (!action.op.gated) throw new Error(`${action.op.id} goes through the risk gate but is not marked gated`);
  }
  return new Map(actions.map((action) => [action.op.id, action]));
}
