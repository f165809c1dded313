import { describe, expect, it } from "vitest";
import { findInstrument, SYMBOLS } from "./instruments.ts";
import { orderRequestSchema } from "./schemas-trading.ts";

describe("instruments", () => {
  it.each(["BTC", "btc", "BTC-USD", "BTC/USDC", "BTC-USDC", "btcusd", " BTC_USD "])("%j is BTC-USD", (symbol) => {
    expect(findInstrument(symbol)?.symbol).toBe("BTC-USD");
  });

  it.each(["DOGE", "BTC-EUR", "", "USDC", "BTC/USDT"])("%j is no instrument", (symbol) => {
    expect(findInstrument(symbol)).toBeUndefined();
  });

  it("lists BTC, ETH and SOL", () => {
    expect(SYMBOLS).toEqual(["BTC-USD", "ETH-USD", "SOL-USD"]);
  });
});

describe("order request", () => {
  it("takes the seed's body unchanged and fills in the defaults", () => {
    expect(orderRequestSchema.parse({ symbol: "BTC", side: "buy", amount: 0.01, mode: "paper" })).toEqual({
      symbol: "BTC-USD",
      side: "buy",
      amount: 1_000_000n,
      mode: "paper",
      type: "market",
      time_in_force: "ioc",
    });
    expect(
      orderRequestSchema.parse({ symbol: "eth", side: "sell", notional: "25", type: "limit", limit_price: 3000 }),
    ).toMatchObject({
      notional: 25_000_000n,
      limit_price: 3_000_000_000n,
      time_in_force: "gtc",
      mode: "paper",
    });
  });

  it("carries the broken rule's code and field in the issue", () => {
    const result = orderRequestSchema.safeParse({ symbol: "SOL", side: "buy", amount: "0.001" });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0] as { path: unknown[]; params?: { code?: string } } | undefined;
    expect(issue?.path).toEqual(["amount"]);
    expect(issue?.params?.code).toBe("amount_too_precise");
  });
});
