import type { ErrorDetails } from "@purpleflea/protocol";
import type { FastifyReply } from "fastify";
import type { RateLimitState } from "./rate-limiter.ts";

/**
 * The RateLimit-Limit / -Remaining / -Reset fields of the IETF draft (draft-ietf-httpapi-ratelimit-headers-06)
 * on every response the request limiter counted. Set on the raw response, so the hijacked MCP endpoint's
 * answers carry them too; of the address's and the key's budget, the nearer to empty is the one shown.
 */
export function setRateLimitHeaders(reply: FastifyReply, state: RateLimitState): void {
  const shown = Number(reply.raw.getHeader("ratelimit-remaining") ?? Number.POSITIVE_INFINITY);
  if (state.remaining > shown) return;
  reply.raw.setHeader("ratelimit-limit", String(state.limit));
  reply.raw.setHeader("ratelimit-remaining", String(state.remaining));
  reply.raw.setHeader("ratelimit-reset", String(state.resetS));
}

/**
 * Every 429 says when to come back: `Retry-After` and the RateLimit-* fields from the error's
 * `limit` and `retry_after_s` details, whichever limit refused (requests, faucet claims, open escrows...).
 */
export function setLimitReachedHeaders(reply: FastifyReply, details: ErrorDetails | undefined): void {
  const retryAfterS = details?.retry_after_s;
  if (typeof retryAfterS !== "number") return;
  reply.header("retry-after", String(retryAfterS));
  reply.header("ratelimit-remaining", "0");
  reply.header("ratelimit-reset", String(retryAfterS));
  if (typeof details?.limit === "number") reply.header("ratelimit-limit", String(details.limit));
}
