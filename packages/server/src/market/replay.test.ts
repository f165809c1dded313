import { requireInstrument } from "@purpleflea/protocol";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.ts";
import { createMarket } from "./create-market.ts";
import { parseReplayCsv } from "./replay-csv.ts";
import { ReplayFeed } from "./replay-feed.ts";
import { SimulatorFeed } from "./simulator.ts";

const btc = requireInstrument("BTC");
const eth = requireInstrument("ETH");

describe("replay CSV", () => {
  it("reads candles (close, with high and low) in file order, any symbol spelling, extra columns ignored", () => {
    const rows = parseReplayCsv(
      "timestamp,Symbol,open,high,low,close,volume\n1,BTC/USDC,1,62000,59000.5,61000.25,9\n\n2,btc-usd,1,62500,60000,62000,3\n",
      "candles.csv",
    );
    expect(rows.get("BTC-USD")).toEqual([
      { midMicro: 61_000_250_000n, regime: "normal", highMicro: 62_000_000_000n, lowMicro: 59_000_500_000n },
      { midMicro: 62_000_000_000n, regime: "normal", highMicro: 62_500_000_000n, lowMicro: 60_000_000_000n },
    ]);
  });

  it("reads trades (price), rounding float noise past 6 decimals half up", () => {
    const rows = parseReplayCsv('symbol,price\nETH,"3000.1234565"\nETH,3000.1234564\n', "trades.csv");
    expect(rows.get("ETH-USD")?.map((p) => p.midMicro)).toEqual([3_000_123_457n, 3_000_123_456n]);
  });

  it.each([
    ["time,close\n1,5\n", /needs a header with symbol/],
    ["symbol,close\nDOGE,1\n", /bad.csv:2: unknown symbol DOGE/],
    ["symbol,close\nBTC,-1\n", /bad.csv:2: "-1" is not a positive decimal price/],
    ["symbol,close\nBTC,0\n", /bad.csv:2: a price must be above zero/],
    ["symbol,close,high\nBTC,1,\n", /bad.csv:2: "" is not/],
  ])("refuses %j with a message naming the line", (text, message) => {
    expect(() => parseReplayCsv(text, "bad.csv")).toThrow(ConfigError);
    expect(() => parseReplayCsv(text, "bad.csv")).toThrow(message);
  });
});

describe("replay feed", () => {
  const series = parseReplayCsv("symbol,price\nBTC,100\nBTC,101\nBTC,102\n", "t.csv");
  const simulator = new SimulatorFeed("purpleflea", 1_000);
  const feed = new ReplayFeed(series, simulator, 1_000, 5_000);

  it("plays one row per step from its start, then holds the last row", () => {
    expect(feed.stepAt(5_000)).toBe(0);
    expect(feed.stepAt(7_999)).toBe(2);
    expect(feed.timeOf(2)).toBe(7_000);
    expect([0, 1, 2, 3, 99].map((step) => feed.point(btc, step).midMicro)).toEqual([
      100_000_000n,
      101_000_000n,
      102_000_000n,
      102_000_000n,
      102_000_000n,
    ]);
  });

  it("leaves instruments without rows to the simulator at the same step", () => {
    expect(feed.point(eth, 7)).toEqual(simulator.point(eth, 7));
  });
});

describe("replay configuration", () => {
  it("stops the start with a message naming the setting", () => {
    expect(() => createMarket(loadConfig({ MARKET_FEED: "replay" }))).toThrow(/MARKET_REPLAY_CSV: MARKET_FEED=replay needs/);
    expect(() => createMarket(loadConfig({ MARKET_FEED: "replay", MARKET_REPLAY_CSV: "/nonexistent/prices.csv" }))).toThrow(
      /MARKET_REPLAY_CSV: cannot read \/nonexistent\/prices.csv/,
    );
  });
});
