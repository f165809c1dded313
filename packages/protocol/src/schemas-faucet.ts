import { z } from "zod";
import { moneyShape } from "./amount-schema.ts";
import { newFundsShape } from "./funds.ts";

export const faucetClaimResponseSchema = z.object({
  transfer_id: z.string(),
  currency: z.literal("USDC"),
  ...moneyShape("amount"),
  ...newFundsShape,
  claimed_at: z.string(),
});

export const faucetStatusSchema = z.object({
  claimed: z.boolean(),
  available: z.boolean(),
  ...moneyShape("amount"),
  claimed_at: z.string().nullable(),
});

export type FaucetClaimResponse = z.infer<typeof faucetClaimResponseSchema>;
export type FaucetStatus = z.infer<typeof faucetStatusSchema>;
