import { operations, PurpleFleaError } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { caller } from "../http/auth.ts";
import { moneyRoute } from "../http/money-route.ts";
import { operationRoute } from "../http/operation-route.ts";
import type { Platform } from "../platform.ts";
import type { Chain } from "./chain.ts";
import { depositAddressFor } from "./deposit-addresses.ts";
import { reconcile } from "./reconciliation.ts";
import { getWithdrawal, requestWithdrawal } from "./withdrawals.ts";

/** Deposit addresses, withdrawals and the reconciliation report; 503 chain_not_configured while CHAIN_RPC_URL is unset. */
export function chainRoutes(platform: Platform) {
  const { store } = platform;
  const chain = (): Chain => {
    if (platform.chain) return platform.chain;
    throw new PurpleFleaError("chain_not_configured", "on-chain USDC is off on this server (CHAIN_RPC_URL is unset)");
  };
  return async (app: FastifyInstance) => {
    // A write on first ask: the address is derived and its index stored.
    operationRoute(app, operations.depositAddress, ({ request }) =>
      store.write((tx) => depositAddressFor(tx, chain(), caller(request).agentId)),
    );
    moneyRoute(app, platform, {
      op: operations.withdraw,
      spend: async (_tx, _agentId, body) => ({
        asset: "USDC",
        amountMicro: body.amount + chain().withdrawalFeeMicro,
        withdrawalAddress: body.to_address.toLowerCase(),
      }),
      execute: (tx, agentId, body) => requestWithdrawal(tx, chain(), agentId, body),
    });
    operationRoute(app, operations.withdrawal, ({ request, params }) =>
      store.read((tx) => getWithdrawal(tx, caller(request).agentId, params.id)),
    );
    operationRoute(app, operations.reconciliation, () => reconcile(store, chain()));
  };
}
