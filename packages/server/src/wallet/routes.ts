import { operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { caller } from "../http/auth.ts";
import { moneyRoute } from "../http/money-route.ts";
import { operationRoute } from "../http/operation-route.ts";
import type { Platform } from "../platform.ts";
import { walletBalance, walletTransactions } from "./wallet.ts";

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
