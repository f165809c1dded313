import { z } from "zod";
import { amountSchema, moneyShape } from "./amount-schema.ts";

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be an EVM address: 0x and 40 hex digits")
  .describe("EVM address, 0x and 40 hex digits");

export const depositAddressSchema = z.object({
  agent_id: z.string(),
  chain_id: z.number().int(),
  address: z.string().describe("Send USDC (the token at usdc_address) here; other tokens are not credited"),
  usdc_address: z.string(),
  confirmations: z.number().int().describe("Blocks after which a deposit is credited"),
});

export const withdrawRequestSchema = z.object({
  to_address: address,
  amount: amountSchema("amount"),
});

export const WITHDRAWAL_STATUSES = ["queued", "broadcast", "confirmed", "failed", "dropped"] as const;

export const withdrawalSchema = z.object({
  withdrawal_id: z.string(),
  agent_id: z.string(),
  chain_id: z.number().int(),
  to_address: z.string(),
  ...moneyShape("amount"),
  ...moneyShape("network_fee"),
  status: z
    .enum(WITHDRAWAL_STATUSES)
    .describe(
      "queued: held, waiting to be signed; broadcast: sent, waiting for confirmations; confirmed: posted; failed or dropped: voided, funds back",
    ),
  tx_hash: z.string().nullable(),
  block_number: z.number().int().nullable(),
  failure_code: z
    .string()
    .nullable()
    .describe("Why a failed or dropped withdrawal did not happen: hot_wallet_insufficient_funds, broadcast_rejected, ..."),
  created_at: z.string(),
  updated_at: z.string(),
});

export const withdrawalIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

export const reconciliationSchema = z.object({
  chain_id: z.number().int(),
  usdc_address: z.string(),
  hot_wallet: z.string().nullable(),
  ...moneyShape("hot_wallet_on_chain"),
  ...moneyShape("deposit_addresses_on_chain"),
  deposit_addresses: z.number().int(),
  ...moneyShape("on_chain_total"),
  ...moneyShape("ledger_on_chain"),
  ...moneyShape("withdrawals_in_flight"),
  ...moneyShape("agent_liabilities"),
  ...moneyShape("difference"),
  explanation: z.string().describe("How the difference is computed: on_chain_total - ledger_on_chain"),
  difference_sign: z.enum(["surplus", "balanced", "shortfall"]),
});

export type DepositAddress = z.infer<typeof depositAddressSchema>;
export type Withdrawal = z.infer<typeof withdrawalSchema>;
export type Reconciliation = z.infer<typeof reconciliationSchema>;
