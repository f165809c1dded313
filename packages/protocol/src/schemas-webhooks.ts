import { z } from "zod";
import { pageQuerySchema } from "./schemas-common.ts";

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export const WEBHOOK_SIGNATURE_HEADER = "purpleflea-signature";
/** The event's id, the same on every retry: receivers de-duplicate on it. */
export const WEBHOOK_EVENT_ID_HEADER = "purpleflea-event-id";
export const WEBHOOK_EVENT_TYPE_HEADER = "purpleflea-event-type";

const eventPattern = z
  .string()
  .regex(/^(\*|[a-z_]+\.(\*|[a-z_]+))$/, "an event type such as order.filled, a family such as escrow.*, or *")
  .describe("approval.requested, approval.decided, order.filled, bet.settled, escrow.* (every escrow event) or *");

export const createWebhookRequestSchema = z.object({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2_048)
    .describe("http(s) URL that receives a signed POST per event"),
  events: z.array(eventPattern).min(1).max(20),
  description: z.string().max(200).optional(),
});

export const webhookSchema = z.object({
  webhook_id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  created_at: z.string(),
});

export const createdWebhookSchema = webhookSchema.extend({
  secret: z.string().describe("Signs every delivery and approval callback token; shown once"),
});
export const webhookListSchema = z.object({ webhooks: z.array(webhookSchema) });
export const webhookIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;

export const deliveryAttemptSchema = z.object({
  attempt: z.number().int(),
  at: z.string(),
  status_code: z.number().int().nullable().describe("The receiver's HTTP status; null when no answer came"),
  error: z
    .string()
    .nullable()
    .describe(
      "Why the attempt failed, as a category: status <code> (a non-2xx answer, redirects included), timeout, refused, unreachable, dns_failed, tls_failed, reset, blocked (the address is not one the server calls) or failed",
    ),
});

export const webhookDeliverySchema = z.object({
  delivery_id: z.string(),
  webhook_id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.array(deliveryAttemptSchema),
  next_attempt_at: z.string().nullable().describe("When the next try is due while pending"),
  created_at: z.string(),
  settled_at: z.string().nullable().describe("When it was delivered, or given up on"),
});

export const deliveryListQuerySchema = pageQuerySchema.extend({ status: z.enum(DELIVERY_STATUSES).optional() });
export const deliveryListSchema = z.object({
  deliveries: z.array(webhookDeliverySchema),
  next_cursor: z.string().nullable(),
});

/** What a bot sends back to decide an approval with a token from an `approval.requested` delivery. */
export const approvalCallbackRequestSchema = z.object({
  decision: z.enum(["approve", "reject"]),
  token: z.string().min(1).max(200).describe("approve_token or reject_token from the approval.requested webhook"),
  note: z.string().max(500).optional(),
});

export type Webhook = z.infer<typeof webhookSchema>;
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const deliveryIdParamsSchema = z.object({
  id: z.string().min(1).max(64),
  delivery_id: z.string().min(1).max(64),
});
