import { WEBHOOK_EVENT_ID_HEADER, WEBHOOK_EVENT_TYPE_HEADER, WEBHOOK_SIGNATURE_HEADER } from "@purpleflea/protocol";
import type { OutboundPolicy } from "../outbound/address-policy.ts";
import { guardedPost } from "../outbound/guarded-post.ts";
import { withCallbackTokens } from "./callback.ts";
import type { AttemptResult, DueDelivery } from "./deliveries.ts";
import { signatureHeader } from "./signature.ts";

export interface SendOptions {
  timeoutMs: number;
  /** Aborted when the server stops, so shutdown never waits for a slow receiver. */
  signal: AbortSignal;
  outbound: OutboundPolicy;
}

/**
 * One signed POST through the outbound guard. Any 2xx is success; a redirect is an answer like any
 * other non-2xx (not followed), and the log keeps only a category (timeout, refused, status 500, ...).
 */
export function sendDelivery(delivery: DueDelivery, options: SendOptions, now = Date.now()): Promise<AttemptResult> {
  const body = withCallbackTokens(delivery);
  const headers = {
    "content-type": "application/json",
    "user-agent": "PurpleFlea-Webhooks/1",
    [WEBHOOK_EVENT_ID_HEADER]: delivery.event_id,
    [WEBHOOK_EVENT_TYPE_HEADER]: delivery.event_type,
    [WEBHOOK_SIGNATURE_HEADER]: signatureHeader(delivery.secret, body, Math.floor(now / 1000)),
  };
  return guardedPost(delivery.url, { headers, body, timeoutMs: options.timeoutMs, signal: options.signal }, options.outbound);
}
