import { operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { outboundPolicy } from "../config.ts";
import { operationRoute } from "../http/operation-route.ts";
import { cursorSeq, paginate } from "../paging.ts";
import type { Platform } from "../platform.ts";
import type { DecisionContext } from "../policy/approvals.ts";
import { decideByCallback } from "../webhooks/callback.ts";
import { enqueuePing, retryFailedDelivery } from "../webhooks/deliveries.ts";
import { findDelivery, listDeliveries } from "../webhooks/delivery-log.ts";
import { createWebhook, deleteWebhook, listWebhooks, requireWebhook } from "../webhooks/subscriptions.ts";
import { caller } from "./auth.ts";

export function webhookRoutes(platform: Platform) {
  const { store } = platform;
  const outbound = outboundPolicy(platform.config);
  const context: DecisionContext = { actions: platform.actions, approvalTtlMs: platform.config.APPROVAL_TTL_MS };
  return async (app: FastifyInstance) => {
    operationRoute(app, operations.createWebhook, ({ request, body }) =>
      store.write((tx) => createWebhook(tx, caller(request), body, outbound)),
    );
    operationRoute(app, operations.listWebhooks, async ({ request }) => ({
      webhooks: await store.read((tx) => listWebhooks(tx, caller(request).agentId)),
    }));
    operationRoute(app, operations.deleteWebhook, ({ request, params }) =>
      store.write((tx) => deleteWebhook(tx, caller(request).agentId, params.id)),
    );
    operationRoute(app, operations.webhookDeliveries, async ({ request, params, query }) => {
      const rows = await store.read(async (tx) => {
        await requireWebhook(tx, caller(request).agentId, params.id);
        return listDeliveries(tx, params.id, cursorSeq(query.cursor), query.limit + 1, query.status);
      });
      const { page, nextCursor } = paginate(rows, query.limit);
      return { deliveries: page.map(({ seq: _, ...delivery }) => delivery), next_cursor: nextCursor };
    });
    operationRoute(app, operations.pingWebhook, ({ request, params }) =>
      store.write(async (tx) => {
        const hook = await requireWebhook(tx, caller(request).agentId, params.id);
        return findDelivery(tx, await enqueuePing(tx, hook));
      }),
    );
    operationRoute(app, operations.retryDelivery, ({ request, params }) =>
      store.write(async (tx) => {
        await requireWebhook(tx, caller(request).agentId, params.id);
        await retryFailedDelivery(tx, params.id, params.delivery_id);
        return findDelivery(tx, params.delivery_id);
      }),
    );
    operationRoute(app, operations.approvalCallback, async ({ reply, params, body }) => {
      const result = await store.write((tx) => decideByCallback(tx, context, params.id, body));
      return reply.code(result.status).send(result.body);
    });
  };
}
