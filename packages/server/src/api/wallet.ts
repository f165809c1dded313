import { operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { operationRoute } from "../http/operation-route.ts";
import type { Platform } from "../platform.ts";
import { walletBalance, walletTransactions } from "../wallet/wallet.ts";
import { caller } from "./auth.ts";
import { moneyRoute } from "./write-route.ts";

export function walletRoutes(platform: Platform) {
  const { store } = platform;
  return async (app: FastifyInstance) => {
    operationRoute(app, operations.balance, ({ request }) => store.read((tx) => walletBalance(tx, caller(request).agentId)));
    operationRoute(app, operations.transactions, ({ request, query }) =>
      store.read((tx) => walletTransactions(tx, caller(request).agentId, query)),
    );
    moneyRoute(app, platform, operations.transfer);
  };
}
