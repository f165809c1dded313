import { z } from "zod";
import { amountSchema, moneyShape } from "./amount-schema.ts";
import { twinShape } from "./decimal-schema.ts";
import { fundsShape, newFundsShape } from "./funds.ts";
import { assetSchema, pageQuerySchema } from "./schemas-common.ts";

export const assetBalanceSchema = z.object({ asset: assetSchema, ...fundsShape });

export const balanceResponseSchema = z.object({
  agent_id: z.string(),
  currency: z.literal("USDC"),
  ...fundsShape,
  ...twinShape(
    "paper_balance",
    "Paper USDC you can spend on paper orders now (resting buys' holds excluded)",
    "paper_balance as an exact 6-decimal string",
  ),
  balances: z.array(assetBalanceSchema),
});

export const transactionsQuerySchema = pageQuerySchema.extend({ asset: assetSchema.optional() });

export const transactionSchema = z.object({
  id: z.string(),
  asset: assetSchema,
  kind: z.string().describe("What moved the money: faucet, transfer, bet, order, escrow, ..."),
  direction: z.enum(["credit", "debit"]),
  status: z.enum(["posted", "held", "voided", "expired"]),
  ...moneyShape("amount"),
  counterparty: z.string().describe("The other account: an agent id or a system account name"),
  memo: z.string().nullable(),
  tx_hash: z.string().nullable().describe("On-chain deposits and withdrawals: the chain transaction's hash"),
  created_at: z.string(),
});

export const transactionListSchema = z.object({
  transactions: z.array(transactionSchema),
  next_cursor: z.string().nullable(),
});

export const transferRequestSchema = z.object({
  to: z.string().min(1).max(64).describe("Recipient agent id or username"),
  amount: amountSchema("amount"),
  memo: z.string().max(280).optional(),
});

export const transferResponseSchema = z.object({
  transfer_id: z.string(),
  from: z.string(),
  to: z.string(),
  ...moneyShape("amount"),
  ...newFundsShape,
  memo: z.string().nullable(),
  created_at: z.string(),
});

export type BalanceResponse = z.infer<typeof balanceResponseSchema>;
export type Transaction = z.infer<typeof transactionSchema>;
export type TransferRequest = z.input<typeof transferRequestSchema>;
export type TransferResponse = z.infer<typeof transferResponseSchema>;
