/**
 * The one registry of error codes. A code names the broken rule, maps to one HTTP status,
 * and is never renamed or reused: clients branch on it.
 */
export const errorCodes = {
  invalid_request: 400,
  invalid_amount: 400,
  amount_too_precise: 400,
  amount_must_be_positive: 400,
  amount_too_large: 400,
  invalid_cursor: 400,
  unknown_operation: 400,
  invalid_prediction: 400,
  prediction_out_of_range: 400,
  bet_below_minimum: 400,
  bet_above_maximum: 400,
  idempotency_key_invalid: 400,
  accounts_must_be_different: 400,
  assets_must_match: 400,
  admin_key_cannot_have_policy: 400,
  invalid_json: 400,
  json_too_deep: 400,
  invalid_url: 400,
  destination_not_allowed: 400,
  missing_api_key: 401,
  invalid_api_key: 401,
  invalid_metrics_token: 401,
  insufficient_scope: 403,
  policy_violation: 403,
  proposal_required: 403,
  cannot_decide_own_request: 403,
  approval_limit_exceeded: 403,
  invalid_callback_token: 403,
  owner_key_required: 403,
  not_found: 404,
  key_not_found: 404,
  approval_not_found: 404,
  proposal_not_found: 404,
  webhook_not_found: 404,
  bet_not_found: 404,
  recipient_not_found: 404,
  account_not_found: 404,
  held_transfer_not_found: 404,
  username_taken: 409,
  referral_code_not_found: 400,
  faucet_already_claimed: 409,
  idempotency_key_reused: 409,
  transfer_exists_with_different_fields: 409,
  held_transfer_already_settled: 409,
  held_transfer_expired: 409,
  seed_not_revealed: 409,
  approval_already_decided: 409,
  approval_expired: 409,
  proposal_not_approved: 409,
  proposal_already_decided: 409,
  proposal_already_executed: 409,
  cannot_revoke_current_key: 409,
  method_not_allowed: 405,
  request_timeout: 408,
  body_too_large: 413,
  url_too_long: 414,
  unsupported_media_type: 415,
  insufficient_funds: 422,
  bet_exceeds_house_limit: 422,
  balance_overflow: 422,
  webhook_limit_reached: 422,
  rate_limited: 429,
  faucet_ip_limit_reached: 429,
  pending_approvals_limit_reached: 429,
  headers_too_large: 431,
  // escrow
  escrow_deadline_out_of_range: 400,
  arbiter_must_be_independent: 400,
  split_out_of_range: 400,
  escrow_role_not_allowed: 403,
  escrow_not_found: 404,
  invalid_escrow_transition: 409,
  escrow_deadline_passed: 409,
  open_escrow_limit_reached: 429,
  // trading
  unknown_symbol: 400,
  below_min_notional: 400,
  limit_price_required: 400,
  stop_loss_not_below_entry: 400,
  take_profit_not_above_entry: 400,
  order_not_found: 404,
  order_not_cancellable: 409,
  duplicate_client_order_id: 409,
  live_trading_unavailable: 422,
  insufficient_position: 422,
  too_many_open_orders: 422,
  market_data_unavailable: 503,
  database_unavailable: 503,
  // On-chain USDC
  withdrawal_not_found: 404,
  chain_not_configured: 422,
  withdrawals_not_configured: 422,
  // operator, events, webhook retries
  operator_key_required: 403,
  agent_key_required: 403,
  delivery_not_found: 404,
  delivery_not_retryable: 409,
  stream_limit_reached: 429,
  internal: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorCodes;

export type ErrorDetails = Record<string, unknown>;

/**
 * Every 429 carries `limit` and `retry_after_s` in its details (the server turns them into
 * Retry-After and RateLimit-* headers). A limit that frees only by the client's own act (closing an
 * event stream, settling an escrow) has no clock to read: its `retry_after_s` is this check-back time.
 */
export const LIMIT_CHECK_BACK_S = 60;

/** The wire shape of every error response. */
export interface ErrorBody {
  /** `request_id` is the Request-Id of the request that failed, for finding it in the server's log. */
  error: { code: ErrorCode; message: string; details?: ErrorDetails; request_id?: string };
}

/** An expected failure: a broken business or input rule, never a bug. */
export class PurpleFleaError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetails | undefined;
  /** The server's id for the failed request, when the error came from a response body. */
  readonly requestId: string | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails, requestId?: string) {
    super(message);
    this.name = "PurpleFleaError";
    this.code = code;
    this.status = errorCodes[code];
    this.details = details;
    this.requestId = requestId;
  }

  /** The response body; `requestId` names the request that failed (the server stamps every error). */
  toBody(requestId?: string): ErrorBody {
    const error: ErrorBody["error"] = { code: this.code, message: this.message };
    if (this.details !== undefined) error.details = this.details;
    if (requestId !== undefined) error.request_id = requestId;
    return { error };
  }

  /** Rebuilds the error from a response body (SDK side). */
  static fromBody(body: unknown, status: number): PurpleFleaError {
    const error = (body as Partial<ErrorBody> | undefined)?.error;
    if (error && isErrorCode(error.code)) {
      return new PurpleFleaError(error.code, error.message, error.details, error.request_id);
    }
    return new PurpleFleaError(status >= 500 ? "internal" : "invalid_request", `HTTP ${status}`);
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(errorCodes, value);
}
