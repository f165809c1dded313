import { ceilDiv, UNITS_PER_COIN } from "@purpleflea/protocol";
import type { Book, Level } from "../market/book.ts";

export type Side = "buy" | "sell";

/** What walking the book bought or sold: quantity, and value as the exact sum of quantity x price. */
export interface Walk {
  quantityE8: bigint;
  /** Sum of quantity (10^-8 coins) x price (micro-USDC): micro-USDC x 10^8, exact. */
  valueE8: bigint;
}

/** The side of the book an order takes from: a buy lifts the asks, a sell hits the bids. */
export function opposite(book: Book, side: Side): Level[] {
  return side === "buy" ? book.asks : book.bids;
}

/**
 * Fills level by level from the touch until the quantity is done, the book runs out, or the next
 * level is worse than the limit. A buy therefore never pays less than the ask, a sell never gets more
 * than the bid, and a larger order reaches deeper, worse levels: that is its slippage.
 */
export function walkBook(levels: readonly Level[], side: Side, quantityE8: bigint, limitMicro: bigint | null): Walk {
  let remaining = quantityE8;
  let valueE8 = 0n;
  for (const level of levels) {
    if (remaining === 0n) break;
    if (limitMicro !== null && (side === "buy" ? level.priceMicro > limitMicro : level.priceMicro < limitMicro)) break;
    const take = smaller(remaining, level.quantityE8);
    valueE8 += take * level.priceMicro;
    remaining -= take;
  }
  return { quantityE8: quantityE8 - remaining, valueE8 };
}

/**
 * Cash for a fill in micro-USDC: a buyer pays the value rounded up, a seller receives it rounded
 * down, so rounding never favours the trader over the market.
 */
export function cashMicro(side: Side, valueE8: bigint): bigint {
  return side === "buy" ? ceilDiv(valueE8, UNITS_PER_COIN) : valueE8 / UNITS_PER_COIN;
}

/** Volume-weighted average price of a walk, to the nearest micro-USDC (for display; cash uses the exact value). */
export function averagePriceMicro(walk: Walk): bigint {
  return (2n * walk.valueE8 + walk.quantityE8) / (2n * walk.quantityE8);
}

/** How many whole lots `notionalMicro` buys at `priceMicro`. */
export function quantityForNotional(notionalMicro: bigint, priceMicro: bigint, lotE8: bigint): bigint {
  return ((notionalMicro * UNITS_PER_COIN) / priceMicro / lotE8) * lotE8;
}

/** Notional of a quantity at a price, rounded up: what policies and the minimum notional compare. */
export function notionalMicro(quantityE8: bigint, priceMicro: bigint): bigint {
  return ceilDiv(quantityE8 * priceMicro, UNITS_PER_COIN);
}

/** Math.min for bigints (Math.min does not take them). */
export function smaller(a: bigint, b: bigint): bigint {
  if (a < b) return a;
  return b;
}
