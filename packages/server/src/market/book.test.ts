import { requireInstrument } from "@purpleflea/protocol";
import { describe, expect, it } from "vitest";
import { syntheticBook } from "./book.ts";
import { marketParams } from "./market-params.ts";

const btc = requireInstrument("BTC");
const bookIn = (regime: "calm" | "normal" | "turbulent") =>
  syntheticBook(btc, marketParams(btc), { midMicro: 60_000_000_000n, regime }, 0);

describe("synthetic book", () => {
  it("in the normal regime: BTC's 2 bps spread around the mid, 0.5 BTC at the touch, more deeper down", () => {
    const book = bookIn("normal");
    expect(book.bids[0]).toEqual({ priceMicro: 59_994_000_000n, quantityE8: 50_000_000n });
    expect(book.asks[0]).toEqual({ priceMicro: 60_006_000_000n, quantityE8: 50_000_000n });
    expect(book.asks[1]).toEqual({ priceMicro: 60_012_000_000n, quantityE8: 75_000_000n });
    expect(book.asks).toHaveLength(50);
  });

  it("widens and thins as volatility rises", () => {
    const spread = (regime: "calm" | "normal" | "turbulent") => {
      const book = bookIn(regime);
      return (book.asks[0]?.priceMicro ?? 0n) - (book.bids[0]?.priceMicro ?? 0n);
    };
    const touch = (regime: "calm" | "normal" | "turbulent") => bookIn(regime).asks[0]?.quantityE8 ?? 0n;
    expect(spread("calm")).toBeLessThan(spread("normal"));
    expect(spread("normal")).toBeLessThan(spread("turbulent"));
    expect(touch("calm")).toBeGreaterThan(touch("normal"));
    expect(touch("normal")).toBeGreaterThan(touch("turbulent"));
    const reach = (regime: "calm" | "normal" | "turbulent") => bookIn(regime).asks.at(-1)?.priceMicro ?? 0n;
    expect(reach("turbulent")).toBeGreaterThan(reach("normal"));
  });

  it("always quotes at least one tick apart, even for a mid below the tick", () => {
    const sol = requireInstrument("SOL");
    const book = syntheticBook(sol, marketParams(sol), { midMicro: 500n, regime: "calm" }, 0);
    expect(book.asks[0]?.priceMicro).toBe(2_000n);
    expect(book.bids).toEqual([]);
  });
});
