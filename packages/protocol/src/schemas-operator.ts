import { z } from "zod";
import { amountSchema, moneyShape } from "./amount-schema.ts";
import { keysetPageQuerySchema, pageQuerySchema } from "./schemas-common.ts";

/** The operator runs the platform: every agent, the treasury, the house bankroll, fees and health. */

export const operatorAgentsQuerySchema = keysetPageQuerySchema.extend({
  q: z.string().max(64).optional().describe("Part of a username or agent id"),
});

export const operatorAgentSchema = z.object({
  agent_id: z.string(),
  username: z.string(),
  referral_code: z.string(),
  referred_by: z.string().nullable(),
  ...moneyShape("available"),
  ...moneyShape("held"),
  ...moneyShape("total"),
  ...moneyShape("paper_total"),
  keys: z.number().int().describe("Keys not revoked"),
  pending_approvals: z.number().int(),
  created_at: z.string(),
});
export const operatorAgentListSchema = z.object({ agents: z.array(operatorAgentSchema), next_cursor: z.string().nullable() });

const memoSchema = z.string().trim().min(1).max(200).describe("Where the money came from or went: a wire reference, an invoice");

export const depositRequestSchema = z.object({
  agent: z.string().min(1).max(64).describe("Agent id or username to credit"),
  amount: amountSchema("amount"),
  memo: memoSchema,
});

export const depositSchema = z.object({
  deposit_id: z.string(),
  agent_id: z.string(),
  username: z.string(),
  ...moneyShape("amount"),
  memo: z.string().nullable(),
  created_at: z.string(),
});
export const depositResponseSchema = depositSchema.extend({
  ...moneyShape("agent_available"),
  ...moneyShape("treasury_deposited"),
});
export const depositListSchema = z.object({
  deposits: z.array(depositSchema),
  next_cursor: z.string().nullable(),
  ...moneyShape("treasury_deposited"),
});

export const houseTransferRequestSchema = z.object({ amount: amountSchema("amount"), memo: memoSchema });

export const houseSchema = z.object({
  ...moneyShape("balance"),
  ...moneyShape("funded"),
  ...moneyShape("result"),
  movements: z.array(
    z.object({
      transfer_id: z.string(),
      direction: z.enum(["in", "out"]),
      ...moneyShape("amount"),
      memo: z.string().nullable(),
      created_at: z.string(),
    }),
  ),
});

const serviceTotalSchema = z.object({
  service: z.string(),
  asset: z.enum(["USDC", "PAPER_USDC"]),
  count: z.number().int(),
  ...moneyShape("amount"),
});
export const feesSchema = z.object({
  fees: z.array(serviceTotalSchema).describe("Fees collected, per service and asset"),
  referral_payouts: z.array(serviceTotalSchema).describe("Referrers' shares paid, per service and asset"),
  balances: z.array(z.object({ asset: z.enum(["USDC", "PAPER_USDC"]), ...moneyShape("balance") })),
});

export const operatorAuditQuerySchema = pageQuerySchema.extend({
  agent_id: z.string().max(64).optional().describe("One agent's entries; `platform` for operator actions on the platform"),
  key_id: z.string().max(64).optional(),
  action: z.string().max(64).optional().describe("An operation such as wallet.transfer or operator.deposit"),
  decision: z.string().max(32).optional(),
});
export const operatorAuditEntrySchema = z.object({
  id: z.string(),
  agent_id: z.string(),
  key_id: z.string().nullable(),
  action: z.string(),
  decision: z.string(),
  rule: z.string().nullable(),
  ...moneyShape("amount"),
  ref: z.string().nullable(),
  created_at: z.string(),
});
export const operatorAuditListSchema = z.object({
  entries: z.array(operatorAuditEntrySchema),
  next_cursor: z.string().nullable(),
});

export const healthReportSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  database: z.object({ engine: z.string(), ok: z.boolean(), check_ms: z.number(), commits: z.number(), units: z.number() }),
  queues: z.object({
    events_waiting: z.number().int().describe("Events not yet fanned out to webhooks"),
    deliveries_pending: z.number().int(),
    deliveries_due: z.number().int().describe("Pending deliveries whose next try is due now"),
    held_transfers: z.number().int(),
    resting_orders: z.number().int(),
    open_escrows: z.number().int(),
  }),
  webhooks: z.object({ failed_24h: z.number().int(), failed_total: z.number().int() }),
  approvals: z.object({ pending: z.number().int(), oldest_pending_at: z.string().nullable() }),
  streams: z.object({ open: z.number().int() }),
  agents: z.number().int(),
  uptime_s: z.number(),
  checked_at: z.string(),
});

export type OperatorAgent = z.infer<typeof operatorAgentSchema>;
export type HealthReport = z.infer<typeof healthReportSchema>;

/** Operator keys start with this; agent keys with `pf_live_`. Clients tell the two apart by it. */
export const OPERATOR_KEY_PREFIX = "pf_op_";

export function isOperatorKey(key: string): boolean {
  return key.startsWith(OPERATOR_KEY_PREFIX);
}
