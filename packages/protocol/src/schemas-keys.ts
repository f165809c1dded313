import { z } from "zod";
import { amountSchema, nullableMoneyShape } from "./amount-schema.ts";

/**
 * What a key may do. `transfer` covers wallet payments and the faucet; `withdraw` sends USDC off the
 * platform to a chain address; `admin` manages keys and policies.
 */
export const SCOPES = ["read", "bet", "trade", "escrow", "transfer", "withdraw", "approve", "admin"] as const;
export const scopeSchema = z.enum(SCOPES);
export type Scope = z.infer<typeof scopeSchema>;

const nameList = z.array(z.string().min(1).max(64)).max(100);

/** Spend rules, enforced by the server inside the spend's own transaction. Every rule is optional. */
export const policyRequestSchema = z
  .object({
    max_per_transaction: amountSchema("max_per_transaction").optional(),
    max_per_day: amountSchema("max_per_day").optional().describe("Rolling 24 hours"),
    max_share_of_balance_bps: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe("500 = never more than 5 % of the available balance at once"),
    approval_threshold: amountSchema("approval_threshold")
      .optional()
      .describe("Above this a human (or an approve key) must approve first"),
    allowed_games: nameList.optional(),
    allowed_symbols: nameList.optional(),
    allowed_counterparties: nameList.optional().describe("Agent ids or usernames"),
    allowed_withdrawal_addresses: z
      .array(z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be an EVM address"))
      .max(100)
      .optional()
      .describe("Chain addresses withdrawals may go to (any letter case)"),
    require_approved_proposal: z.boolean().optional().describe("Money moves only by executing an approved proposal"),
  })
  .strict();
export type Policy = z.output<typeof policyRequestSchema>;

export const policySchema = z.object({
  ...nullableMoneyShape("max_per_transaction"),
  ...nullableMoneyShape("max_per_day"),
  max_share_of_balance_bps: z.number().int().nullable(),
  ...nullableMoneyShape("approval_threshold"),
  allowed_games: nameList.nullable(),
  allowed_symbols: nameList.nullable(),
  allowed_counterparties: nameList.nullable(),
  allowed_withdrawal_addresses: z.array(z.string()).nullable(),
  require_approved_proposal: z.boolean(),
});

export const createKeyRequestSchema = z.object({
  name: z.string().min(1).max(64),
  scopes: z.array(scopeSchema).min(1).max(SCOPES.length),
  policy: policyRequestSchema.optional(),
});

export const keySchema = z.object({
  key_id: z.string(),
  name: z.string(),
  prefix: z.string().describe("First characters of the key, to tell keys apart"),
  scopes: z.array(scopeSchema),
  owner: z.boolean().describe("The key from registration: only it may rotate or revoke itself"),
  policy: policySchema.nullable(),
  created_at: z.string(),
  revoked_at: z.string().nullable(),
});

export const createdKeySchema = keySchema.extend({ api_key: z.string().describe("Shown once") });
export const keyListSchema = z.object({ keys: z.array(keySchema) });
export const keyIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
export const agentPolicySchema = z.object({ policy: policySchema.nullable() });
export const setAgentPolicyRequestSchema = z.object({ policy: policyRequestSchema.nullable() });
