import { operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { resolveAgent } from "../agents/agents.ts";
import { caller } from "../http/auth.ts";
import { moneyRoute } from "../http/money-route.ts";
import { operationRoute } from "../http/operation-route.ts";
import type { Platform } from "../platform.ts";
import { walletBalance, walletTransactions, walletTransfer } from "./wallet.ts";

export function walletRoutes(platform: Platform) {
  const { store } = platform;
  return async (app: FastifyInstance) => {
    operationRoute(app, operations.balance, ({ request }) => store.read((tx) => walletBalance(tx, caller(request).agentId)));
    operationRoute(app, operations.transactions, ({ request, query }) =>
      store.read((tx) => walletTransactions(tx, caller(request).agentId, query)),
    );
    moneyRoute(app, platform, {
      op: operations.transfer,
      spend: async (tx, _agentId, body) => {
        const counterparty = await resolveAgent(tx, body.to);
        return { asset: "USDC", amountMicro: body.amount, ...(counterparty ? { counterparty } : {}) };
      },
      execute: (tx, agentId, body) => walletTransfer(tx, agentId, body),
    });
  };
}
