import { checkInvariants } from "@purpleflea/ledger";
import { formatAmount, orderResponseSchema } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smaller } from "../src/trading/fill-model.ts";
import { micro, registerAgent, startTestServer, type TestServer } from "./harness.ts";
import { bookAt, paperBalance, placeOrder, TEST_STEP } from "./trading-harness.ts";

let server: TestServer;
beforeAll(async () => {
  // An odd taker fee makes the round-up visible: 7 bps of most notionals is not a whole micro-unit.
  server = await startTestServer({ PAPER_BANKROLL: "10000000", TRADING_TAKER_FEE_BPS: "7", TRADING_MAKER_FEE_BPS: "3" });
  server.server.platform.market.pin(TEST_STEP);
});
afterAll(() => server.stop());

const ceilBps = (notional: bigint, bps: bigint) => (notional * bps + 9_999n) / 10_000n;

describe("trading: the seed's purpleflea_trade body", () => {
  it('{symbol:"BTC", side:"buy", amount:0.01, mode:"paper"} works unchanged: order id and fill price', async () => {
    const agent = await registerAgent(server);
    const response = await fetch(`${server.url}/api/v1/trade/order`, {
      method: "POST",
      headers: { Authorization: `Bearer ${agent.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ symbol: "BTC", side: "buy", amount: 0.01, mode: "paper" }),
    });
    expect(response.status).toBe(200);
    const order = orderResponseSchema.parse(await response.json());
    expect(order.order_id).toMatch(/^ord_/);
    expect(order.status).toBe("filled");
    expect(order.symbol).toBe("BTC-USD");
    expect(order.filled_amount_str).toBe("0.01000000");
    expect(order.fill_price).toBeGreaterThan(0);
    expect(order.fill_price_str).toBe(formatAmount(bookAt(server, "BTC").asks[0]?.priceMicro ?? 0n));
    expect(order.fee).toBeGreaterThan(0);
    expect(order.new_balance_str).toBe(formatAmount(10_000_000_000_000n - micro(order.notional_str) - micro(order.fee_str)));
  });
});

describe("trading: fill model", () => {
  it.each(["BTC", "ETH", "SOL"])("%s: a buy fills at or above the ask, a sell at or below the bid", async (symbol) => {
    const agent = await registerAgent(server);
    const book = bookAt(server, symbol);
    const buy = await placeOrder(server, agent, { symbol, side: "buy", notional: 500 });
    expect(buy.status).toBe(200);
    expect(micro(buy.body.fill_price_str ?? "0")).toBeGreaterThanOrEqual(book.asks[0]?.priceMicro ?? 0n);
    const sell = await placeOrder(server, agent, { symbol, side: "sell", amount: buy.body.filled_amount_str });
    expect(sell.status).toBe(200);
    expect(micro(sell.body.fill_price_str ?? "0")).toBeLessThanOrEqual(book.bids[0]?.priceMicro ?? 0n);
  });

  it("slippage grows with size, and a fill equals walking the published book by hand", async () => {
    const agent = await registerAgent(server);
    const depth = await server.call<{ asks: Array<{ price_str: string; amount_str: string }> }>(
      "/api/v1/market/orderbook/ETH-USD?depth=50",
      { key: agent.apiKey },
    );
    const levels = depth.body.asks.map((l) => ({ price: micro(l.price_str), qty: BigInt(l.amount_str.replace(".", "")) }));
    const touch = levels[0]?.qty ?? 0n;
    const sizes = [touch / 4n, touch, touch * 3n, touch * 8n].map((q) => (q / 10_000n) * 10_000n);
    const averages: bigint[] = [];
    for (const size of sizes) {
      const response = await placeOrder(server, agent, { symbol: "ETH", side: "buy", amount: (Number(size) / 1e8).toFixed(8) });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      let remaining = size;
      let value = 0n;
      for (const level of levels) {
        const take = smaller(remaining, level.qty);
        value += take * level.price;
        remaining -= take;
      }
      expect(micro(response.body.notional_str)).toBe((value + 99_999_999n) / 100_000_000n);
      averages.push(micro(response.body.fill_price_str ?? "0"));
    }
    expect(averages[0]).toBe(averages[1]);
    expect(averages[2]).toBeGreaterThan(averages[1] ?? 0n);
    expect(averages[3]).toBeGreaterThan(averages[2] ?? 0n);
  });

  it("fee = ceil(notional x bps / 10,000) in paper USDC; the paper balance moves by notional + fee exactly", async () => {
    const agent = await registerAgent(server);
    const before = await paperBalance(server, agent);
    const response = await placeOrder(server, agent, { symbol: "SOL", side: "buy", amount: "1.37" });
    const notional = micro(response.body.notional_str);
    expect(micro(response.body.fee_str)).toBe(ceilBps(notional, 7n));
    expect((notional * 7n) % 10_000n).not.toBe(0n);
    const after = await paperBalance(server, agent);
    expect(before.balance - after.balance).toBe(notional + micro(response.body.fee_str));
    const report = await server.server.platform.store.read(checkInvariants);
    expect(report.violations).toEqual([]);
  });

  it("ioc fills what the book offers within the limit and expires the rest; fok then fills nothing", async () => {
    const agent = await registerAgent(server);
    const book = bookAt(server, "BTC");
    const ask = book.asks[0];
    if (!ask) throw new Error("no ask");
    const body = { symbol: "BTC", side: "buy", type: "limit", limit_price: formatAmount(ask.priceMicro) };
    const size = (Number(ask.quantityE8 * 2n) / 1e8).toFixed(5);
    const ioc = await placeOrder(server, agent, { ...body, amount: size, time_in_force: "ioc" });
    expect(ioc.body.status).toBe("expired");
    expect(ioc.body.reason).toBe("ioc_remainder");
    expect(BigInt(ioc.body.filled_amount_str.replace(".", ""))).toBe(ask.quantityE8);
    expect(ioc.body.fill_price_str).toBe(formatAmount(ask.priceMicro));
    const before = await paperBalance(server, agent);
    const fok = await placeOrder(server, agent, { ...body, amount: size, time_in_force: "fok" });
    expect(fok.body.status).toBe("expired");
    expect(fok.body.reason).toBe("fok_unfillable");
    expect(fok.body.filled_amount).toBe(0);
    expect(await paperBalance(server, agent)).toEqual(before);
  });
});
