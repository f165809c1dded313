import { z } from "zod";
import { moneyShape } from "./amount-schema.ts";
import { assetSchema, keysetPageQuerySchema } from "./schemas-common.ts";

/** The services whose fees pay referral shares. */
export const REFERRAL_SERVICES = ["escrow", "trading", "casino"] as const;
export const referralServiceSchema = z.enum(REFERRAL_SERVICES);

/** How many referred agents GET /referrals lists (newest first); `referred_count` counts them all. */
export const MAX_REFERRED_LISTED = 100;

export const referralSummarySchema = z.object({
  referral_code: z.string().describe("Agents registering with it are referred by you, for good"),
  referred_by: z.string().nullable().describe("Agent id of your own referrer"),
  referred_count: z.number().int(),
  referred_agents: z
    .array(z.object({ agent_id: z.string(), username: z.string(), joined_at: z.string() }))
    .describe(`The newest ${MAX_REFERRED_LISTED} agents you referred`),
  earnings: z
    .array(
      z.object({
        service: referralServiceSchema,
        asset: assetSchema,
        count: z.number().int().describe("Fee events that paid you a share"),
        ...moneyShape("amount"),
        ...moneyShape("fees"),
      }),
    )
    .describe("What you earned, per service and asset (paper trading pays paper USDC)"),
});

export const referralEarningSchema = z.object({
  earning_id: z.string().describe("The fee event: escrow id, bet id or order id"),
  referred_agent: z.string().describe("Agent id of the referred agent whose fee paid it"),
  service: referralServiceSchema,
  asset: assetSchema,
  ...moneyShape("fee"),
  ...moneyShape("amount"),
  created_at: z.string(),
});

export const referralEarningsQuerySchema = keysetPageQuerySchema.extend({
  service: referralServiceSchema.optional(),
  asset: assetSchema.optional(),
});
export const referralEarningListSchema = z.object({
  earnings: z.array(referralEarningSchema),
  next_cursor: z.string().nullable(),
});

export type ReferralSummary = z.infer<typeof referralSummarySchema>;
export type ReferralEarning = z.infer<typeof referralEarningSchema>;
export type ReferralService = z.infer<typeof referralServiceSchema>;
