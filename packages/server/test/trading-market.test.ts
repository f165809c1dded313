import type {
  CandlesResponse,
  InstrumentsResponse,
  Orderbook,
  PortfolioHistory,
  PositionsResponse,
  Ticker,
} from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { micro, registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";
import { bookAt, placeOrder, TEST_STEP } from "./trading-harness.ts";

let server: TestServer;
let agent: TestAgent;
beforeAll(async () => {
  server = await startTestServer({ TRADING_TAKER_FEE_BPS: "12", TRADING_MAKER_FEE_BPS: "4" });
  server.server.platform.market.pin(TEST_STEP);
  agent = await registerAgent(server);
});
afterAll(() => server.stop());

const get = <T>(path: string) => server.call<T>(`/api/v1${path}`, { key: agent.apiKey });

describe("market data", () => {
  it("lists the instruments with their sizes and the configured fees", async () => {
    const { body } = await get<InstrumentsResponse>("/market/instruments");
    expect(body.feed).toBe("simulator");
    expect(body.step_ms).toBe(1_000);
    expect(body.instruments.map((i) => [i.symbol, i.tick_size_str, i.lot_size_str, i.min_notional_str])).toEqual([
      ["BTC-USD", "0.010000", "0.00001000", "1.000000"],
      ["ETH-USD", "0.010000", "0.00010000", "1.000000"],
      ["SOL-USD", "0.001000", "0.01000000", "1.000000"],
    ]);
    expect(body.instruments.every((i) => i.taker_fee_bps === 12 && i.maker_fee_bps === 4)).toBe(true);
  });

  it("quotes the same ticker for every spelling of a symbol, matching the book paper orders fill against", async () => {
    const tickers = await Promise.all(["BTC", "BTC-USD", "btc%2Fusdc"].map((s) => get<Ticker>(`/market/ticker/${s}`)));
    expect(new Set(tickers.map((t) => JSON.stringify(t.body))).size).toBe(1);
    const ticker = tickers[0]?.body;
    const book = bookAt(server, "BTC");
    expect(micro(ticker?.bid_str ?? "")).toBe(book.bids[0]?.priceMicro);
    expect(micro(ticker?.ask_str ?? "")).toBe(book.asks[0]?.priceMicro);
    expect(ticker?.step).toBe(TEST_STEP);
    // The simulator counts steps from 2025-01-01T00:00:00Z: 40,000,000 one-second steps later.
    expect(ticker?.time).toBe("2026-04-08T23:06:40.000Z");
  });

  it("serves the synthetic order book, best levels first", async () => {
    const { body } = await get<Orderbook>("/market/orderbook/ETH?depth=3");
    expect(body.bids).toHaveLength(3);
    expect(body.asks).toHaveLength(3);
    const [b0, b1] = body.bids.map((l) => micro(l.price_str));
    const [a0, a1] = body.asks.map((l) => micro(l.price_str));
    expect(b1 ?? 0n).toBeLessThan(b0 ?? 0n);
    expect(b0 ?? 0n).toBeLessThan(a0 ?? 0n);
    expect(a0 ?? 0n).toBeLessThan(a1 ?? 0n);
  });

  it.each(["1m", "1h", "1d"])("candles (%s): consecutive, oldest first, high and low around open and close", async (interval) => {
    const { body } = await get<CandlesResponse>(`/market/candles/SOL?interval=${interval}&limit=5`);
    expect(body.candles).toHaveLength(5);
    const times = body.candles.map((c) => Date.parse(c.time));
    const ms = { "1m": 60_000, "1h": 3_600_000, "1d": 86_400_000 }[interval] ?? 0;
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBe(ms);
    for (const c of body.candles) {
      expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
      expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
    }
    const ticker = await get<Ticker>("/market/ticker/SOL");
    expect(body.candles.at(-1)?.close_str).toBe(ticker.body.mid_str);
    const again = await get<CandlesResponse>(`/market/candles/SOL?interval=${interval}&limit=5`);
    expect(again.body).toEqual(body);
  });
});

describe("portfolio", () => {
  it("positions and the value history agree on cash plus coins at the mid", async () => {
    const trader = await registerAgent(server);
    await placeOrder(server, trader, { symbol: "ETH", side: "buy", amount: "0.25" });
    const positions = await server.call<PositionsResponse>("/api/v1/trade/positions", { key: trader.apiKey });
    const history = await server.call<PortfolioHistory>("/api/v1/trade/portfolio?interval=1m&limit=10", { key: trader.apiKey });
    // The agent registered moments ago: only the latest point is after its paper bankroll arrived.
    expect(history.body.points).toHaveLength(1);
    expect(history.body.points[0]?.value_str).toBe(positions.body.equity_str);
    expect(history.body.points[0]?.cash_str).toBe(positions.body.cash_str);
    expect(micro(positions.body.equity_str)).toBeLessThan(10_000_000_000n);
  });
});
