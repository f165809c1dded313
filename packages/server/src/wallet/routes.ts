import {
  balanceResponseSchema,
  transactionListSchema,
  transactionsQuerySchema,
  transferRequestSchema,
  transferResponseSchema,
} from "@purpleflea/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { caller } from "../http/auth.ts";
import { sendMoneyMove } from "../http/money-route.ts";
import { routeSchema } from "../http/route-schema.ts";
import type { Platform } from "../platform.ts";
import { walletBalance, walletTransactions, walletTransfer } from "./wallet.ts";

export function walletRoutes(platform: Platform): FastifyPluginAsyncZod {
  const { store } = platform;
  return async (app) => {
    app.get(
      "/wallet/balance",
      {
        schema: routeSchema("wallet", "USDC balance (seed field `balance`) and paper balance", {
          response: { 200: balanceResponseSchema },
        }),
      },
      async (request) => store.read((tx) => walletBalance(tx, caller(request).agentId)),
    );
    app.get(
      "/wallet/transactions",
      {
        schema: routeSchema("wallet", "Ledger history, newest first", {
          querystring: transactionsQuerySchema,
          response: { 200: transactionListSchema },
        }),
      },
      async (request) => store.read((tx) => walletTransactions(tx, caller(request).agentId, request.query)),
    );
    app.post(
      "/wallet/transfer",
      {
        schema: routeSchema("wallet", "Pay another agent in USDC", {
          body: transferRequestSchema,
          response: { 200: transferResponseSchema },
        }),
      },
      async (request, reply) =>
        sendMoneyMove(platform, request, reply, 200, (tx) => walletTransfer(tx, caller(request).agentId, request.body)),
    );
  };
}
