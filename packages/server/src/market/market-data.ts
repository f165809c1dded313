import {
  type Candle,
  type CandleInterval,
  INSTRUMENTS,
  type Instrument,
  type InstrumentsResponse,
  lotE8,
  money,
  type Orderbook,
  quantity,
  type Ticker,
  tickMicro,
} from "@purpleflea/protocol";
import { isoTime } from "../iso-time.ts";
import type { TradingSettings } from "../trading/settings.ts";
import type { Market } from "./market.ts";

export const INTERVAL_MS: Record<CandleInterval, number> = {
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "1h": 3_600_000,
  "4h": 14_400_000,
  "1d": 86_400_000,
};
/** A candle's high and low come from at most this many evenly spaced steps: exact for 1m candles at 1 s steps. */
const SAMPLES_PER_CANDLE = 60;

export function instrumentList(market: Market, settings: TradingSettings): InstrumentsResponse {
  return {
    feed: market.feed.kind,
    step_ms: market.stepMs,
    instruments: INSTRUMENTS.map((instrument) => ({
      symbol: instrument.symbol,
      base: instrument.base,
      quote: instrument.quote,
      ...money("tick_size", tickMicro(instrument)),
      ...quantity("lot_size", lotE8(instrument)),
      ...money("min_notional", instrument.minNotionalMicro),
      ...quantity("max_amount", instrument.maxQuantityE8),
      maker_fee_bps: settings.makerFeeBps,
      taker_fee_bps: settings.takerFeeBps,
    })),
  };
}

export function ticker(market: Market, instrument: Instrument): Ticker {
  const book = market.book(instrument);
  const bid = book.bids[0]?.priceMicro ?? 0n;
  const ask = book.asks[0]?.priceMicro ?? 0n;
  return {
    symbol: instrument.symbol,
    ...money("bid", bid),
    ...money("ask", ask),
    ...money("mid", book.midMicro),
    spread_bps: Number(((ask - bid) * 1_000_000n) / book.midMicro) / 100,
    regime: book.regime,
    step: book.step,
    time: isoTime(market.timeOf(book.step)),
  };
}

export function orderbook(market: Market, instrument: Instrument, depth: number): Orderbook {
  const book = market.book(instrument);
  const level = (l: { priceMicro: bigint; quantityE8: bigint }) => ({
    ...money("price", l.priceMicro),
    ...quantity("amount", l.quantityE8),
  });
  return {
    symbol: instrument.symbol,
    step: book.step,
    time: isoTime(market.timeOf(book.step)),
    bids: book.bids.slice(0, depth).map(level),
    asks: book.asks.slice(0, depth).map(level),
  };
}

/** Candles of the mid over whole intervals of steps, oldest first; the last one is still forming. */
export function candles(market: Market, instrument: Instrument, interval: CandleInterval, limit: number): Candle[] {
  const step = market.step();
  const perCandle = Math.max(1, Math.floor(INTERVAL_MS[interval] / market.stepMs));
  const current = Math.floor(step / perCandle);
  const result: Candle[] = [];
  for (let k = Math.max(0, current - limit + 1); k <= current; k++) {
    result.push(candle(market, instrument, k * perCandle, Math.min(step, (k + 1) * perCandle - 1)));
  }
  return result;
}

function candle(market: Market, instrument: Instrument, first: number, last: number): Candle {
  const stride = Math.max(1, Math.ceil((last - first + 1) / SAMPLES_PER_CANDLE));
  const steps: number[] = [];
  for (let s = first; s < last; s += stride) steps.push(s);
  steps.push(last);
  const points = steps.map((s) => market.point(instrument, s));
  const open = points[0]?.midMicro ?? 0n;
  const close = points.at(-1)?.midMicro ?? 0n;
  let high = open;
  let low = open;
  for (const point of points) {
    const top = point.highMicro ?? point.midMicro;
    const bottom = point.lowMicro ?? point.midMicro;
    if (top > high) high = top;
    if (bottom < low) low = bottom;
  }
  return {
    time: isoTime(market.timeOf(first)),
    ...money("open", open),
    ...money("high", high),
    ...money("low", low),
    ...money("close", close),
  };
}
