import { WEBHOOK_EVENT_ID_HEADER, WEBHOOK_EVENT_TYPE_HEADER, WEBHOOK_SIGNATURE_HEADER } from "@purpleflea/protocol";
import { withCallbackTokens } from "./callback.ts";
import type { AttemptResult, DueDelivery } from "./deliveries.ts";
import { signatureHeader } from "./signature.ts";

export interface SendOptions {
  timeoutMs: number;
  /** Aborted when the server stops, so shutdown never waits for a slow receiver. */
  signal: AbortSignal;
}

/**
 * One signed POST. Any 2xx is success; redirects are not followed (a 3xx is a failure), and the
 * answer's body is never read, so a receiver can neither send us elsewhere nor flood us.
 */
export async function sendDelivery(delivery: DueDelivery, options: SendOptions, now = Date.now()): Promise<AttemptResult> {
  const body = withCallbackTokens(delivery);
  const headers = {
    "content-type": "application/json",
    "user-agent": "PurpleFlea-Webhooks/1",
    [WEBHOOK_EVENT_ID_HEADER]: delivery.event_id,
    [WEBHOOK_EVENT_TYPE_HEADER]: delivery.event_type,
    [WEBHOOK_SIGNATURE_HEADER]: signatureHeader(delivery.secret, body, Math.floor(now / 1000)),
  };
  try {
    const response = await fetch(delivery.url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.signal]),
    });
    await response.body?.cancel();
    return { statusCode: response.status, error: response.ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    return { statusCode: null, error: describeFailure(error, options.timeoutMs) };
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const text = typeof cause?.code === "string" ? cause.code : error instanceof Error ? error.message : String(error);
  return text.slice(0, 200);
}
