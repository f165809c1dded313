import { ceilDiv, type Instrument, lotE8, tickMicro } from "@purpleflea/protocol";
import type { FeedPoint } from "./feed.ts";
import { type MarketParams, REGIMES, type Regime } from "./market-params.ts";

export interface Level {
  priceMicro: bigint;
  quantityE8: bigint;
}

/** Synthetic depth around a mid: what paper orders fill against. Best levels first on both sides. */
export interface Book {
  symbol: string;
  step: number;
  midMicro: bigint;
  regime: Regime;
  bids: Level[];
  asks: Level[];
}

/** Levels per side: deep enough that even the largest allowed order rarely runs out of book. */
const BOOK_LEVELS = 50;

/**
 * Builds the book from the mid and the regime. The spread and the gap between levels grow with the
 * regime's volatility factor and the quantity per level shrinks by it, so turbulent markets are
 * wider and thinner. Deeper levels hold more (touch x (2 + i) / 2), as real books do.
 */
export function syntheticBook(instrument: Instrument, params: MarketParams, point: FeedPoint, step: number): Book {
  const tick = tickMicro(instrument);
  const lot = lotE8(instrument);
  const factor = REGIMES[point.regime].volFactorPct;
  const mid = point.midMicro;
  const half = atLeast(tick, Math.ceil((Number(mid) * params.spreadBps * factor) / 100 / 20_000));
  const gap = ceilDiv(atLeast(tick, Math.ceil((Number(mid) * params.levelGapBps * factor) / 100 / 10_000)), tick) * tick;
  const bestBid = ((mid - half) / tick) * tick;
  const bestAsk = ceilDiv(mid + half, tick) * tick;
  const bids: Level[] = [];
  const asks: Level[] = [];
  for (let i = 0n; i < BigInt(BOOK_LEVELS); i++) {
    const raw = (params.touchDepthE8 * (2n + i) * 100n) / (2n * BigInt(factor));
    const quantityE8 = raw < lot ? lot : (raw / lot) * lot;
    if (bestBid - i * gap > 0n) bids.push({ priceMicro: bestBid - i * gap, quantityE8 });
    asks.push({ priceMicro: bestAsk + i * gap, quantityE8 });
  }
  return { symbol: instrument.symbol, step, midMicro: mid, regime: point.regime, bids, asks };
}

function atLeast(floor: bigint, value: number): bigint {
  const big = BigInt(value);
  return big > floor ? big : floor;
}
