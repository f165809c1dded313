import { describe, expect, it } from "vitest";
import type { Level } from "../market/book.ts";
import { averagePriceMicro, cashMicro, notionalMicro, quantityForNotional, walkBook } from "./fill-model.ts";

const coin = 100_000_000n;
const asks: Level[] = [
  { priceMicro: 100_000_000n, quantityE8: coin },
  { priceMicro: 101_000_000n, quantityE8: 2n * coin },
  { priceMicro: 103_000_000n, quantityE8: 3n * coin },
];

describe("walking the book", () => {
  it("fills from the touch: within the first level at its price, beyond it at worse prices", () => {
    expect(walkBook(asks, "buy", coin / 2n, null)).toEqual({ quantityE8: coin / 2n, valueE8: (coin / 2n) * 100_000_000n });
    const big = walkBook(asks, "buy", 2n * coin, null);
    expect(big.quantityE8).toBe(2n * coin);
    expect(averagePriceMicro(big)).toBe(100_500_000n);
  });

  it("slippage grows with size", () => {
    const averages = [1n, 2n, 3n, 4n, 6n].map((n) => averagePriceMicro(walkBook(asks, "buy", n * coin, null)));
    for (let i = 1; i < averages.length; i++) expect(averages[i]).toBeGreaterThanOrEqual(averages[i - 1] ?? 0n);
    expect(averages.at(-1)).toBeGreaterThan(averages[0] ?? 0n);
  });

  it("stops at the limit and when the book runs out", () => {
    expect(walkBook(asks, "buy", 5n * coin, 101_000_000n).quantityE8).toBe(3n * coin);
    expect(walkBook(asks, "buy", 9n * coin, null).quantityE8).toBe(6n * coin);
    const bids: Level[] = [
      { priceMicro: 99_000_000n, quantityE8: coin },
      { priceMicro: 98_000_000n, quantityE8: coin },
    ];
    expect(walkBook(bids, "sell", 2n * coin, 98_500_000n).quantityE8).toBe(coin);
  });

  it("rounds cash against the trader: a buyer pays up, a seller receives down", () => {
    // 0.00001 coin at 60000.01 is worth 0.6000001 USDC.
    const valueE8 = 1_000n * 60_000_010_000n;
    expect(cashMicro("buy", valueE8)).toBe(600_001n);
    expect(cashMicro("sell", valueE8)).toBe(600_000n);
    expect(notionalMicro(1_000n, 60_000_010_000n)).toBe(600_001n);
  });

  it("turns a USDC notional into whole lots at a price", () => {
    // 100 USDC at 60,000 is 0.00166666 BTC: 0.00166 in lots of 0.00001.
    expect(quantityForNotional(100_000_000n, 60_000_000_000n, 1_000n)).toBe(166_000n);
  });
});
