import { z } from "zod";
import { PurpleFleaError } from "./errors.ts";
import { formatAmount } from "./money.ts";
import { formatQuantity, QUANTITY_DECIMALS } from "./quantity.ts";

/**
 * What can be traded, all quoted in USDC. Lot and tick sizes are powers of ten, so "finer than the
 * lot" and "more decimals than allowed" are the same rule. Fees and market data live on the server.
 */
export interface Instrument {
  /** Canonical name; `BTC`, `btc/usdc` and `BTC-USDC` all mean `BTC-USD`. */
  symbol: string;
  base: string;
  quote: "USDC";
  /** Lot size = 10^-quantityDecimals coins. */
  quantityDecimals: number;
  /** Tick size = 10^-priceDecimals USDC. */
  priceDecimals: number;
  minNotionalMicro: bigint;
  maxQuantityE8: bigint;
}

const coins = (n: number) => BigInt(n) * 10n ** BigInt(QUANTITY_DECIMALS);

export const INSTRUMENTS: readonly Instrument[] = [
  {
    symbol: "BTC-USD",
    base: "BTC",
    quote: "USDC",
    quantityDecimals: 5,
    priceDecimals: 2,
    minNotionalMicro: 1_000_000n,
    maxQuantityE8: coins(100),
  },
  {
    symbol: "ETH-USD",
    base: "ETH",
    quote: "USDC",
    quantityDecimals: 4,
    priceDecimals: 2,
    minNotionalMicro: 1_000_000n,
    maxQuantityE8: coins(2_000),
  },
  {
    symbol: "SOL-USD",
    base: "SOL",
    quote: "USDC",
    quantityDecimals: 2,
    priceDecimals: 3,
    minNotionalMicro: 1_000_000n,
    maxQuantityE8: coins(50_000),
  },
];

export const SYMBOLS = INSTRUMENTS.map((instrument) => instrument.symbol);

/** Lot size in 10^-8 units. */
export function lotE8(instrument: Instrument): bigint {
  return 10n ** BigInt(QUANTITY_DECIMALS - instrument.quantityDecimals);
}

/** Tick size in micro-USDC. */
export function tickMicro(instrument: Instrument): bigint {
  return 10n ** BigInt(6 - instrument.priceDecimals);
}

const SYMBOL_RE = /^([A-Z0-9]+?)(?:[-/_]?(?:USDC|USD))?$/;

/** The instrument a symbol names in any accepted spelling, or undefined. */
export function findInstrument(symbol: string): Instrument | undefined {
  const base = SYMBOL_RE.exec(symbol.trim().toUpperCase())?.[1];
  return INSTRUMENTS.find((instrument) => instrument.base === base);
}

export function requireInstrument(symbol: string, field = "symbol"): Instrument {
  const instrument = findInstrument(symbol);
  if (!instrument) {
    throw new PurpleFleaError("unknown_symbol", `unknown symbol ${symbol}; trade one of ${SYMBOLS.join(", ")}`, {
      field,
      symbols: SYMBOLS,
    });
  }
  return instrument;
}

/** A quantity must be a whole number of lots and within the instrument's order limit. */
export function checkQuantity(instrument: Instrument, quantityE8: bigint, field: string): void {
  if (quantityE8 % lotE8(instrument) !== 0n) {
    throw new PurpleFleaError(
      "amount_too_precise",
      `${instrument.symbol} trades in lots of ${formatQuantity(lotE8(instrument))} (${instrument.quantityDecimals} decimals)`,
      { field, lot_size: formatQuantity(lotE8(instrument)) },
    );
  }
  if (quantityE8 > instrument.maxQuantityE8) {
    throw new PurpleFleaError(
      "amount_too_large",
      `${instrument.symbol} orders are at most ${formatQuantity(instrument.maxQuantityE8)}`,
      {
        field,
        max_quantity: formatQuantity(instrument.maxQuantityE8),
      },
    );
  }
}

/** A price must sit on the instrument's tick grid. */
export function checkTick(instrument: Instrument, priceMicro: bigint, field: string): void {
  if (priceMicro % tickMicro(instrument) !== 0n) {
    throw new PurpleFleaError(
      "amount_too_precise",
      `${instrument.symbol} prices move in ticks of ${formatAmount(tickMicro(instrument))} (${instrument.priceDecimals} decimals)`,
      { field, tick_size: formatAmount(tickMicro(instrument)) },
    );
  }
}

/** A symbol in any accepted spelling, normalised to the canonical name; unknown ones are `unknown_symbol`. */
export const symbolSchema = z
  .string()
  .min(1)
  .max(16)
  .describe(`${SYMBOLS.join(", ")}; BTC, BTC-USD and BTC/USDC are the same instrument`)
  .transform((value, ctx) => {
    const instrument = findInstrument(value);
    if (instrument) return instrument.symbol;
    ctx.issues.push({
      code: "custom",
      message: `unknown symbol ${value}; trade one of ${SYMBOLS.join(", ")}`,
      input: value,
      params: { code: "unknown_symbol" },
    });
    return z.NEVER;
  });
