export {
  PurpleFleaError,
  WEBHOOK_EVENT_ID_HEADER,
  WEBHOOK_EVENT_TYPE_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
} from "@purpleflea/protocol";
export { ApprovalRequiredError } from "./approval.ts";
export {
  type CallOptions,
  DEFAULT_BASE_URL,
  type Methods,
  PurpleFlea,
  PurpleFleaClient,
  type PurpleFleaOptions,
  type RawResponse,
} from "./client.ts";
export { PurpleFleaNetworkError } from "./network-error.ts";
export { paginate } from "./paginate.ts";
export type { RetryPolicy } from "./retry.ts";
export type { StreamedEvent, StreamOptions } from "./stream.ts";
export { type BetVerification, type RecomputedBet, verifyBet } from "./verify.ts";
export { type VerifyWebhookOptions, verifyWebhookSignature } from "./webhooks.ts";
