import { requireInstrument } from "@purpleflea/protocol";
import { describe, expect, it } from "vitest";
import { LiveFeed } from "./live-feed.ts";

const btc = requireInstrument("BTC");

/** A stand-in for the exchange: never the network in tests. */
function fakeExchange(
  prices: Record<string, [string, string]>,
  status = 200,
): { fetch: typeof fetch; urls: string[]; prices: Record<string, [string, string]> } {
  const urls: string[] = [];
  const fake = async (input: string | URL | Request) => {
    const url = String(input);
    urls.push(url);
    const product = /products\/([A-Z]+)-USD\/ticker$/.exec(url)?.[1] ?? "";
    const [bid, ask] = prices[product] ?? ["1", "1"];
    return new Response(JSON.stringify({ bid, ask, price: bid }), { status });
  };
  return { fetch: fake as typeof fetch, urls, prices };
}

describe("live feed", () => {
  it("has no price before its first poll", () => {
    const feed = new LiveFeed("https://exchange.test", 1_000, fakeExchange({}).fetch);
    expect(() => feed.point(btc, 10)).toThrow(expect.objectContaining({ code: "market_data_unavailable" }));
  });

  it("polls each instrument's ticker and serves the mid at or before a step", async () => {
    const exchange = fakeExchange({ BTC: ["60000.10", "60000.30"], ETH: ["3000", "3001"], SOL: ["150.123", "150.125"] });
    const feed = new LiveFeed("https://exchange.test", 1_000, exchange.fetch);
    await feed.poll(10_000);
    expect(exchange.urls.slice().sort()).toEqual([
      "https://exchange.test/products/BTC-USD/ticker",
      "https://exchange.test/products/ETH-USD/ticker",
      "https://exchange.test/products/SOL-USD/ticker",
    ]);
    expect(feed.point(btc, 10).midMicro).toBe(60_000_200_000n);
    expect(feed.point(btc, 25).midMicro).toBe(60_000_200_000n);
    exchange.prices.BTC = ["61000", "61000.2"];
    await feed.poll(20_000);
    expect(feed.point(btc, 19).midMicro).toBe(60_000_200_000n);
    expect(feed.point(btc, 20).midMicro).toBe(61_000_100_000n);
    // Before the first poll (after a restart, say) the first polled mid stands in.
    expect(feed.point(btc, 5).midMicro).toBe(60_000_200_000n);
    expect(feed.point(requireInstrument("SOL"), 10).midMicro).toBe(150_124_000n);
  });

  it("reports an exchange that answers with an error", async () => {
    const feed = new LiveFeed("https://exchange.test", 1_000, fakeExchange({}, 503).fetch);
    await expect(feed.poll(0)).rejects.toThrow(/HTTP 503/);
  });
});
