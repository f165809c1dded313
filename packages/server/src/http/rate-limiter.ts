/** Where a key's budget stands after a request: what the RateLimit-* headers say. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetS: number;
  /** Seconds until the next request is allowed; 0 when this one was. */
  retryAfterS: number;
}

/**
 * Token buckets: each key gets `perMinute` tokens of burst, refilled continuously. Zero disables.
 * In-process: with several API nodes each enforces its own share.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();
  private readonly perMs: number;

  constructor(private readonly perMinute: number) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one token if there is one; null when limiting is off. */
  take(key: string, now = Date.now()): RateLimitState | null {
    if (this.perMinute === 0) return null;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedAt: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedAt) * this.perMs);
    bucket.updatedAt = now;
    const allowed = bucket.tokens >= 1;
    const retryAfterS = allowed ? 0 : this.secondsFor(1 - bucket.tokens);
    if (allowed) bucket.tokens -= 1;
    if (this.buckets.size > 100_000) this.buckets.clear();
    this.buckets.set(key, bucket);
    return {
      limit: this.perMinute,
      remaining: Math.floor(bucket.tokens),
      resetS: this.secondsFor(this.perMinute - bucket.tokens),
      retryAfterS,
    };
  }

  private secondsFor(tokens: number): number {
    return Math.ceil(tokens / this.perMs / 1000);
  }
}
