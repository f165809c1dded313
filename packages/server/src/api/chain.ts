import { operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { depositAddressFor } from "../chain/deposit-addresses.ts";
import { reconcile } from "../chain/reconciliation.ts";
import { requireChain } from "../chain/withdraw.ts";
import { getWithdrawal } from "../chain/withdrawals.ts";
import { operationRoute } from "../http/operation-route.ts";
import type { Platform } from "../platform.ts";
import { caller } from "./auth.ts";
import { moneyRoute } from "./write-route.ts";

/** Deposit addresses, withdrawals and the reconciliation report; 422 chain_not_configured while CHAIN_RPC_URL is unset. */
export function chainRoutes(platform: Platform) {
  const { store } = platform;
  const chain = () => requireChain(platform.chain);
  return async (app: FastifyInstance) => {
    // A write on first ask: the address is derived and its index stored.
    operationRoute(app, operations.depositAddress, ({ request }) =>
      store.write((tx) => depositAddressFor(tx, chain(), caller(request).agentId)),
    );
    moneyRoute(app, platform, operations.withdraw);
    operationRoute(app, operations.withdrawal, ({ request, params }) =>
      store.read((tx) => getWithdrawal(tx, caller(request).agentId, params.id)),
    );
    operationRoute(app, operations.reconciliation, () => reconcile(store, chain()));
  };
}
