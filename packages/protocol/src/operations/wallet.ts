import { operation } from "../operation.ts";
import {
  balanceResponseSchema,
  transactionListSchema,
  transactionsQuerySchema,
  transferRequestSchema,
  transferResponseSchema,
} from "../schemas-wallet.ts";
import { move, read } from "./common.ts";

export const walletOperations = {
  balance: operation({
    ...read,
    id: "wallet.balance",
    tool: "get_balance",
    path: "/wallet/balance",
    tag: "wallet",
    summary: "USDC you can spend now (`balance`), held by escrows and orders (`held`), the `total`, and paper balance",
    response: balanceResponseSchema,
  }),
  transactions: operation({
    ...read,
    id: "wallet.transactions",
    tool: "list_transactions",
    path: "/wallet/transactions",
    tag: "wallet",
    summary: "Ledger history, newest first",
    query: transactionsQuerySchema,
    response: transactionListSchema,
  }),
  transfer: operation({
    ...move,
    id: "wallet.transfer",
    gated: true,
    scope: "transfer",
    tool: "transfer_usdc",
    path: "/wallet/transfer",
    tag: "wallet",
    summary: "Pay another agent in USDC",
    body: transferRequestSchema,
    response: transferResponseSchema,
  }),
};
