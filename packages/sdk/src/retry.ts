export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 200, maxDelayMs: 5_000 };

/** Exponential backoff with full jitter, or the server's Retry-After when it sent one. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfter: string | null): number {
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.random() * ceiling;
}

/**
 * A Retry-After longer than all the waiting the remaining attempts may do (a faucet window that
 * reopens tomorrow): retrying could not succeed, so the answer is returned at once.
 */
export function outwaitsRetries(policy: RetryPolicy, attempt: number, retryAfter: string | null): boolean {
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
  return Number.isFinite(seconds) && seconds * 1000 > policy.maxDelayMs * (policy.retries - attempt);
}

/**
 * 429 means the server did nothing, so it is always safe to retry. A network failure or 5xx may
 * have done the work: retry only reads and calls carrying an Idempotency-Key.
 */
export function shouldRetry(status: number | "network", replaySafe: boolean): boolean {
  if (status === 429) return true;
  if (status === "network" || status >= 500) return replaySafe;
  return false;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
