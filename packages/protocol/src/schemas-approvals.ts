import { z } from "zod";
import { moneyShape } from "./amount-schema.ts";
import { pageQuerySchema } from "./schemas-common.ts";

export const APPROVAL_STATUSES = ["pending", "executed", "failed", "rejected", "expired"] as const;

/** What a money-moving route answers (HTTP 202) instead of executing when approval is required. */
export const approvalRequiredSchema = z.object({
  status: z.literal("approval_required"),
  approval_id: z.string(),
  expires_at: z.string(),
  summary: z.string(),
});

const resultSchema = z
  .object({ status: z.number().int(), body: z.unknown() })
  .nullable()
  .describe("What executing the request answered: the order, bet or escrow, or its error");

export const approvalSchema = z.object({
  approval_id: z.string(),
  status: z.enum(APPROVAL_STATUSES),
  operation: z.string().describe("The SDK name of the held request, e.g. casino.bet"),
  request: z.unknown().describe("The request body as it was sent"),
  summary: z.string(),
  rule: z.string().nullable().describe("The policy rule that held the request (approval_threshold)"),
  ...moneyShape("amount"),
  requested_by: z.string().describe("Key id that made the request"),
  decided_by: z.string().nullable(),
  note: z.string().nullable(),
  created_at: z.string(),
  expires_at: z.string(),
  decided_at: z.string().nullable(),
  result: resultSchema,
});

export const approvalListQuerySchema = pageQuerySchema.extend({ status: z.enum(APPROVAL_STATUSES).optional() });
export const approvalListSchema = z.object({ approvals: z.array(approvalSchema), next_cursor: z.string().nullable() });
export const approvalIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
/** The body is optional: no body means no note (and keeps `note` in the SDK's input type, unlike a preprocess). */
export const decisionRequestSchema = z
  .object({ note: z.string().max(500).optional() })
  .nullish()
  .transform((body) => body ?? {});

export const PROPOSAL_STATUSES = ["proposed", "approved", "rejected", "executed", "failed"] as const;

export const createProposalRequestSchema = z.object({
  operation: z.string().min(1).max(64).describe("SDK name of a money-moving operation, e.g. trade.order or casino.bet"),
  request: z.record(z.string(), z.unknown()).describe("Its full request body"),
  rationale: z.string().min(1).max(2_000),
});

export const proposalSchema = z.object({
  proposal_id: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  operation: z.string(),
  request: z.unknown(),
  rationale: z.string(),
  ...moneyShape("amount"),
  proposed_by: z.string(),
  decided_by: z.string().nullable(),
  executed_by: z.string().nullable(),
  note: z.string().nullable(),
  created_at: z.string(),
  result: resultSchema,
});

export const proposalListQuerySchema = pageQuerySchema.extend({ status: z.enum(PROPOSAL_STATUSES).optional() });
export const proposalListSchema = z.object({ proposals: z.array(proposalSchema), next_cursor: z.string().nullable() });

export const auditEntrySchema = z.object({
  id: z.string(),
  key_id: z.string().nullable(),
  action: z.string(),
  decision: z.string().describe("allowed, denied, approval_requested, approved, rejected, expired, executed, ..."),
  rule: z.string().nullable().describe("The rule that decided, for denials"),
  ...moneyShape("amount"),
  ref: z.string().nullable(),
  created_at: z.string(),
});
export const auditQuerySchema = pageQuerySchema.extend({ decision: z.string().max(32).optional() });
export const auditListSchema = z.object({ entries: z.array(auditEntrySchema), next_cursor: z.string().nullable() });

export type ApprovalRequired = z.infer<typeof approvalRequiredSchema>;
export type Approval = z.infer<typeof approvalSchema>;
export type Proposal = z.infer<typeof proposalSchema>;
export type AuditEntry = z.infer<typeof auditEntrySchema>;
