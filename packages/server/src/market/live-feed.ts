import { INSTRUMENTS, type Instrument, PurpleFleaError } from "@purpleflea/protocol";
import type { FeedPoint, MarketFeed } from "./feed.ts";

/** Steps of mids kept per instrument: a day at one-second steps, enough for every candle interval but 1d. */
const MAX_HISTORY = 86_400;
/** Public APIs limit request rates; one poll of every instrument per second stays well inside them. */
const MIN_POLL_MS = 1_000;

interface Sample {
  step: number;
  midMicro: bigint;
}

/**
 * Mid prices from a public exchange ticker (Coinbase Exchange's `GET /products/{BTC-USD}/ticker`
 * shape: `{bid, ask}` as decimal strings), polled only when MARKET_FEED=live. The book around the
 * mid stays synthetic, so paper fills follow the same model on every feed.
 */
export class LiveFeed implements MarketFeed {
  readonly kind = "live";
  private readonly history = new Map<string, Sample[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly stepMs: number,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  start(): void {
    this.timer = setInterval(
      () => {
        this.poll(Date.now()).catch((error) => console.error("live market feed poll failed", error));
      },
      Math.max(this.stepMs, MIN_POLL_MS),
    );
    this.timer.unref();
  }

  /** Fetches every instrument's ticker once and records its mid at the current step. */
  async poll(nowMs: number): Promise<void> {
    await Promise.all(
      INSTRUMENTS.map(async (instrument) => {
        const response = await this.fetchImpl(`${this.baseUrl}/products/${instrument.base}-USD/ticker`);
        if (!response.ok) throw new Error(`${instrument.symbol} ticker answered HTTP ${response.status}`);
        const { bid, ask } = (await response.json()) as { bid?: unknown; ask?: unknown };
        this.record(instrument, this.stepAt(nowMs), (toMicro(bid) + toMicro(ask)) / 2n);
      }),
    );
  }

  private record(instrument: Instrument, step: number, midMicro: bigint): void {
    const samples = this.history.get(instrument.symbol) ?? [];
    const last = samples.at(-1);
    if (last && last.step >= step) last.midMicro = midMicro;
    else samples.push({ step, midMicro });
    if (samples.length > MAX_HISTORY) samples.shift();
    this.history.set(instrument.symbol, samples);
  }

  stepAt(nowMs: number): number {
    return Math.floor(nowMs / this.stepMs);
  }

  timeOf(step: number): number {
    return step * this.stepMs;
  }

  /** The latest mid polled at or before `step`; before the first poll, the first polled mid stands in. */
  point(instrument: Instrument, step: number): FeedPoint {
    const samples = this.history.get(instrument.symbol) ?? [];
    let found = samples[0];
    for (let lo = 0, hi = samples.length - 1; lo <= hi; ) {
      const mid = (lo + hi) >> 1;
      const sample = samples[mid];
      if (sample && sample.step <= step) {
        found = sample;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (!found) throw new PurpleFleaError("market_data_unavailable", `no live price for ${instrument.symbol} yet; retry shortly`);
    return { midMicro: found.midMicro, regime: "normal" };
  }

  close(): void {
    clearInterval(this.timer);
  }
}

function toMicro(value: unknown): bigint {
  const text = typeof value === "string" ? value : String(value);
  const match = /^(\d+)(?:\.(\d{1,6}))?\d*$/.exec(text);
  if (!match) throw new Error(`live feed sent a price that is not a decimal: ${text}`);
  return BigInt(match[1] ?? "0") * 1_000_000n + BigInt((match[2] ?? "").padEnd(6, "0"));
}
