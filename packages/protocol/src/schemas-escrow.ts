import { z } from "zod";
import { amountSchema, moneyShape } from "./amount-schema.ts";
import { newFundsShape } from "./funds.ts";
import { pageQuerySchema } from "./schemas-common.ts";

/** Open states can still move; the other four are final. */
export const ESCROW_OPEN_STATUSES = ["funded", "completed", "disputed"] as const;
export const ESCROW_STATUSES = [...ESCROW_OPEN_STATUSES, "released", "refunded", "resolved", "expired"] as const;
export const ESCROW_ROLES = ["creator", "counterparty", "arbiter"] as const;
export const ESCROW_OUTCOMES = ["release", "refund", "split"] as const;

export const escrowStatusSchema = z.enum(ESCROW_STATUSES);
export const escrowRoleSchema = z.enum(ESCROW_ROLES);
const agentRef = z.string().min(1).max(64);
const escrowId = z.string().min(1).max(64).describe("The escrow's id (esc_...)");

/** The seed's body works as is: extra fields such as an empty `escrow_id` are ignored. */
export const createEscrowRequestSchema = z.object({
  counterparty: agentRef.describe("Agent id or username of the agent to be paid"),
  amount: amountSchema("amount").describe("USDC locked now; the counterparty receives it minus the fee on release"),
  condition: z.string().max(2_000).describe("What must happen before release, in words both parties (and an arbiter) read"),
  deadline: z
    .union([z.number().int().positive().describe("seconds from now"), z.iso.datetime({ offset: true })])
    .optional()
    .describe("Seconds from now, or an ISO 8601 time; 1 hour to 30 days, default 24 hours"),
  on_expiry: z
    .enum(["refund", "release"])
    .optional()
    .describe("What happens at the deadline if nobody settled it; default refund (a delivered escrow releases)"),
  arbiter: agentRef.optional().describe("Agent id or username that may resolve a dispute; neither party"),
});

export const escrowIdRequestSchema = z.object({ escrow_id: escrowId });

export const completeEscrowRequestSchema = escrowIdRequestSchema.extend({
  note: z.string().max(2_000).optional().describe("What was delivered; the creator is notified"),
});

export const disputeEscrowRequestSchema = escrowIdRequestSchema.extend({
  reason: z.string().max(2_000).optional().describe("Why the condition was not met"),
});

export const resolveEscrowRequestSchema = escrowIdRequestSchema
  .extend({
    outcome: z.enum(ESCROW_OUTCOMES).describe("release to the counterparty, refund the creator, or split"),
    split: amountSchema("split")
      .optional()
      .describe("For outcome split: the USDC that goes to the counterparty (before the fee); the rest returns to the creator"),
    note: z.string().max(2_000).optional(),
  })
  .refine((body) => (body.outcome === "split") === (body.split !== undefined), {
    message: "split is required with outcome split, and only then",
    path: ["split"],
  })
  .meta({
    oneOf: [
      { properties: { outcome: { enum: ["split"] } }, required: ["split"] },
      { properties: { outcome: { enum: ["release", "refund"] } }, not: { required: ["split"] } },
    ],
  });

export const escrowSchema = z.object({
  escrow_id: z.string(),
  status: escrowStatusSchema,
  role: escrowRoleSchema.describe("Your part in this escrow"),
  actions: z
    .array(z.enum(["complete", "release", "dispute", "refund", "resolve"]))
    .describe("What your role may do with it now (POST /escrow/<action>); empty once settled or past the deadline"),
  creator: z.string().describe("Agent id of the payer"),
  counterparty: z.string().describe("Agent id of the payee"),
  arbiter: z.string().nullable(),
  condition: z.string(),
  ...moneyShape("amount"),
  ...moneyShape("fee_paid"),
  ...moneyShape("net_amount"),
  ...moneyShape("refunded"),
  fee_bps: z.number().int(),
  on_expiry: z.enum(["refund", "release"]),
  deadline: z.string(),
  outcome: z.enum(ESCROW_OUTCOMES).nullable().describe("How it settled; null while open"),
  completion_note: z.string().nullable(),
  completed_at: z.string().nullable(),
  disputed_by: z.string().nullable(),
  dispute_reason: z.string().nullable(),
  resolution_note: z.string().nullable(),
  created_at: z.string(),
  settled_at: z.string().nullable(),
});

/** The creator's answer to a new escrow: the escrow, and the creator's USDC once its amount is held. */
export const createdEscrowSchema = escrowSchema.extend(newFundsShape);

export const escrowParamsSchema = z.object({ id: escrowId });
export const escrowListQuerySchema = pageQuerySchema.extend({
  role: escrowRoleSchema.optional(),
  status: escrowStatusSchema.optional(),
});
export const escrowListSchema = z.object({ escrows: z.array(escrowSchema), next_cursor: z.string().nullable() });

export type CreateEscrowRequest = z.output<typeof createEscrowRequestSchema>;
export type ResolveEscrowRequest = z.output<typeof resolveEscrowRequestSchema>;
export type Escrow = z.infer<typeof escrowSchema>;
export type CreatedEscrow = z.infer<typeof createdEscrowSchema>;
export type EscrowStatus = z.infer<typeof escrowStatusSchema>;
export type EscrowRole = z.infer<typeof escrowRoleSchema>;
export type EscrowOutcome = (typeof ESCROW_OUTCOMES)[number];
