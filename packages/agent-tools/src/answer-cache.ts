/**
 * The seed's decision caching, made safe: reads that may be served again for a short time (the
 * balance, a ticker), keyed by tool and input. Anything that moves money forgets the balance at
 * once, since the balance from before a bet or an order is wrong after it.
 */
export class AnswerCache {
  private readonly entries = new Map<string, { text: string; until: number }>();

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(tool: string, input: unknown): string | undefined {
    const key = cacheKey(tool, input);
    const entry = this.entries.get(key);
    if (entry && this.now() < entry.until) return entry.text;
    this.entries.delete(key);
    return undefined;
  }

  set(tool: string, input: unknown, text: string): void {
    this.entries.set(cacheKey(tool, input), { text, until: this.now() + this.ttlMs });
  }

  /** Called after every money-moving call, whatever it answered: a timeout may still have moved money. */
  forget(tool: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${tool} `)) this.entries.delete(key);
  }
}

export const DEFAULT_CACHE_TTL_MS = 10_000;

function cacheKey(tool: string, input: unknown): string {
  const sorted = input && typeof input === "object" ? Object.fromEntries(Object.entries(input).sort()) : input;
  return `${tool} ${JSON.stringify(sorted ?? {})}`;
}
