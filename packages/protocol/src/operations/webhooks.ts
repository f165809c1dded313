import { operation } from "../operation.ts";
import { approvalIdParamsSchema, approvalSchema } from "../schemas-approvals.ts";
import {
  approvalCallbackRequestSchema,
  createdWebhookSchema,
  createWebhookRequestSchema,
  deliveryIdParamsSchema,
  deliveryListQuerySchema,
  deliveryListSchema,
  webhookDeliverySchema,
  webhookIdParamsSchema,
  webhookListSchema,
  webhookSchema,
} from "../schemas-webhooks.ts";
import { read } from "./common.ts";

/**
 * Webhooks are the owner's wiring (admin): whoever holds a webhook's secret can decide approvals
 * through its callback tokens, so registering one is as powerful as the approve scope.
 */
const admin = { ...read, scope: "admin" } as const;
const byId = { ...admin, params: webhookIdParamsSchema } as const;

export const webhookOperations = {
  createWebhook: operation({
    ...admin,
    method: "POST",
    status: 201,
    id: "webhooks.create",
    effects: { openWorld: true },
    tool: "create_webhook",
    path: "/webhooks",
    tag: "webhooks",
    summary: "Register a URL for events (approval.requested, order.filled, escrow.*, ...); the signing secret is shown once",
    body: createWebhookRequestSchema,
    response: createdWebhookSchema,
  }),
  listWebhooks: operation({
    ...admin,
    id: "webhooks.list",
    tool: "list_webhooks",
    path: "/webhooks",
    tag: "webhooks",
    summary: "This agent's webhooks (never their secrets)",
    response: webhookListSchema,
  }),
  deleteWebhook: operation({
    ...byId,
    method: "DELETE",
    id: "webhooks.delete",
    tool: "delete_webhook",
    path: "/webhooks/:id",
    tag: "webhooks",
    summary: "Delete a webhook: nothing more is sent to it and its callback tokens stop working",
    response: webhookSchema,
  }),
  webhookDeliveries: operation({
    ...byId,
    id: "webhooks.deliveries",
    tool: "list_webhook_deliveries",
    path: "/webhooks/:id/deliveries",
    tag: "webhooks",
    summary: "Delivery log, newest first: each event sent, its attempts and their answers",
    query: deliveryListQuerySchema,
    response: deliveryListSchema,
  }),
  pingWebhook: operation({
    ...byId,
    method: "POST",
    id: "webhooks.ping",
    effects: { openWorld: true },
    tool: "ping_webhook",
    path: "/webhooks/:id/ping",
    tag: "webhooks",
    summary: "Queue a signed webhook.ping event to this webhook, to test the receiver",
    response: webhookDeliverySchema,
  }),
  retryDelivery: operation({
    ...admin,
    method: "POST",
    id: "webhooks.retryDelivery",
    effects: { openWorld: true },
    tool: "retry_webhook_delivery",
    path: "/webhooks/:id/deliveries/:delivery_id/retry",
    tag: "webhooks",
    summary: "Send a failed delivery once more, now (it fails again if this try fails)",
    params: deliveryIdParamsSchema,
    response: webhookDeliverySchema,
  }),
  approvalCallback: operation({
    ...read,
    method: "POST",
    // No key: the one-time token from the approval.requested delivery is the authority. The request it
    // releases already passed the gate when it was held, and is re-checked as it runs.
    auth: false,
    id: "approvals.callback",
    tool: null,
    path: "/approvals/:id/callback",
    tag: "approvals",
    summary: "Approve or reject with a token from an approval.requested webhook (for chat bots; no API key)",
    params: approvalIdParamsSchema,
    body: approvalCallbackRequestSchema,
    response: approvalSchema,
  }),
};
