import type { Instrument } from "@purpleflea/protocol";
import type { Regime } from "./market-params.ts";

/** One instrument at one market step: the mid price and the regime that shapes the book around it. */
export interface FeedPoint {
  midMicro: bigint;
  regime: Regime;
  /** A candle row's own range, when the source has one (CSV candles); the mid stands in otherwise. */
  highMicro?: bigint;
  lowMicro?: bigint;
}

/**
 * Where prices come from. Time is counted in steps of MARKET_STEP_MS; each feed maps wall time to
 * steps its own way (the simulator from a fixed epoch, a replay from its start).
 */
export interface MarketFeed {
  readonly kind: "simulator" | "replay" | "live";
  stepAt(nowMs: number): number;
  timeOf(step: number): number;
  point(instrument: Instrument, step: number): FeedPoint;
  close(): void;
}
