import { agentsOperations } from "./agents.ts";
import { casinoOperations } from "./casino.ts";
import { chainOperations } from "./chain.ts";
import { escrowOperations } from "./escrow.ts";
import { eventOperations } from "./events.ts";
import { faucetOperations } from "./faucet.ts";
import { marketOperations } from "./market.ts";
import { operatorOperations } from "./operator.ts";
import { policyOperations } from "./policy.ts";
import { referralOperations } from "./referrals.ts";
import { tradingOperations } from "./trading.ts";
import { walletOperations } from "./wallet.ts";
import { webhookOperations } from "./webhooks.ts";

/**
 * Every API operation, one file per service. Adding one here is how a route comes to exist
 * everywhere: server, OpenAPI, SDK, MCP and CLI.
 */
export const operations = {
  ...agentsOperations,
  ...walletOperations,
  ...chainOperations,
  ...faucetOperations,
  ...casinoOperations,
  ...policyOperations,
  ...webhookOperations,
  ...escrowOperations,
  ...referralOperations,
  ...marketOperations,
  ...tradingOperations,
  ...eventOperations,
  ...operatorOperations,
};

export type Operations = typeof operations;
export type OperationName = keyof Operations;
