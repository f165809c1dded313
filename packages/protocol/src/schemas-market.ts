import { z } from "zod";
import { moneyShape } from "./amount-schema.ts";
import { symbolSchema } from "./instruments.ts";
import { quantityShape } from "./quantity.ts";

export const FEED_KINDS = ["simulator", "replay", "live"] as const;
export const CANDLE_INTERVALS = ["1m", "5m", "15m", "1h", "4h", "1d"] as const;
export type CandleInterval = (typeof CANDLE_INTERVALS)[number];
export const VOLATILITY_REGIMES = ["calm", "normal", "turbulent"] as const;

export const symbolParamsSchema = z.object({ symbol: symbolSchema });

export const instrumentsResponseSchema = z.object({
  feed: z.enum(FEED_KINDS).describe("Where prices come from: the seeded simulator, a CSV replay, or a live feed"),
  step_ms: z.number().int().describe("How often the market moves and resting orders are matched"),
  instruments: z.array(
    z.object({
      symbol: z.string(),
      base: z.string(),
      quote: z.literal("USDC"),
      ...moneyShape("tick_size"),
      ...quantityShape("lot_size"),
      ...moneyShape("min_notional"),
      ...quantityShape("max_amount"),
      maker_fee_bps: z.number().int(),
      taker_fee_bps: z.number().int(),
    }),
  ),
});

export const tickerSchema = z.object({
  symbol: z.string(),
  ...moneyShape("bid"),
  ...moneyShape("ask"),
  ...moneyShape("mid"),
  spread_bps: z.number().describe("(ask - bid) / mid in basis points"),
  regime: z.enum(VOLATILITY_REGIMES).describe("Volatility regime: spreads widen and depth thins as it rises"),
  step: z.number().int().describe("Market step this quote belongs to"),
  time: z.string(),
});

export const candlesQuerySchema = z.object({
  interval: z.enum(CANDLE_INTERVALS).default("1m"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const candleSchema = z.object({
  time: z.string().describe("Start of the candle"),
  ...moneyShape("open"),
  ...moneyShape("high"),
  ...moneyShape("low"),
  ...moneyShape("close"),
});

export const candlesResponseSchema = z.object({
  symbol: z.string(),
  interval: z.enum(CANDLE_INTERVALS),
  candles: z.array(candleSchema).describe("Oldest first, the last one still forming"),
});

export const orderbookQuerySchema = z.object({ depth: z.coerce.number().int().min(1).max(50).default(10) });

const levelSchema = z.object({ ...moneyShape("price"), ...quantityShape("amount") });

export const orderbookSchema = z.object({
  symbol: z.string(),
  step: z.number().int(),
  time: z.string(),
  bids: z.array(levelSchema).describe("Best (highest) first; synthetic depth around the mid"),
  asks: z.array(levelSchema).describe("Best (lowest) first"),
});

export type InstrumentsResponse = z.infer<typeof instrumentsResponseSchema>;
export type Ticker = z.infer<typeof tickerSchema>;
export type Candle = z.infer<typeof candleSchema>;
export type CandlesResponse = z.infer<typeof candlesResponseSchema>;
export type Orderbook = z.infer<typeof orderbookSchema>;
