import { formatAmount, type Order } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";
import { bookAt, findStep, moveMarket, placeOrder, TEST_STEP } from "./trading-harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/** A BTC price on the 0.01 tick, `bps` basis points from `price`. */
const away = (price: bigint, bps: bigint) => ((price * (10_000n + bps)) / 10_000n / 10_000n) * 10_000n;

async function orders(agent: TestAgent): Promise<Order[]> {
  return (await server.call<{ orders: Order[] }>("/api/v1/trade/orders", { key: agent.apiKey })).body.orders;
}

async function available(agent: TestAgent): Promise<string | undefined> {
  const positions = await server.call<{ positions: Array<{ available_amount_str: string }> }>("/api/v1/trade/positions", {
    key: agent.apiKey,
  });
  return positions.body.positions[0]?.available_amount_str;
}

/** Buys 0.01 BTC at market with a stop loss and a take profit the given basis points from the touch. */
async function bracketedBuy(agent: TestAgent, stopBps = -30n, profitBps = 30n, start = TEST_STEP) {
  await moveMarket(server, start);
  const book = bookAt(server, "BTC");
  const stopLoss = away(book.bids[0]?.priceMicro ?? 0n, stopBps);
  const takeProfit = away(book.asks[0]?.priceMicro ?? 0n, profitBps);
  const buy = await placeOrder(server, agent, {
    symbol: "BTC",
    side: "buy",
    amount: 0.01,
    stop_loss: formatAmount(stopLoss),
    take_profit: formatAmount(takeProfit),
  });
  expect(buy.body.status).toBe("filled");
  return { buy: buy.body, stopLoss, takeProfit };
}

describe("stop loss and take profit", () => {
  it("attach to a filled buy as one OCO pair that promises the coins once", async () => {
    const agent = await registerAgent(server);
    const { buy, stopLoss, takeProfit } = await bracketedBuy(agent);
    const children = (await orders(agent)).filter((o) => o.parent_order_id === buy.order_id);
    expect(children.map((o) => [o.type, o.side, o.status, o.amount_str, o.limit_price_str, o.trigger_price_str]).sort()).toEqual([
      ["limit", "sell", "open", "0.01000000", formatAmount(takeProfit), null],
      ["stop", "sell", "open", "0.01000000", null, formatAmount(stopLoss)],
    ]);
    expect(await available(agent)).toBe("0.00000000");
  });

  it("the stop loss sells at market once the bid falls to it, and cancels the take profit", async () => {
    const agent = await registerAgent(server);
    const { buy, stopLoss } = await bracketedBuy(agent, -30n, 2_000n);
    const trigger = findStep(server, "BTC", TEST_STEP, (book) => (book.bids[0]?.priceMicro ?? 0n) <= stopLoss);
    await moveMarket(server, trigger - 1);
    expect((await orders(agent)).filter((o) => o.status === "open")).toHaveLength(2);
    await moveMarket(server, trigger);
    const children = (await orders(agent)).filter((o) => o.parent_order_id === buy.order_id);
    const stop = children.find((o) => o.type === "stop");
    expect(stop?.status).toBe("filled");
    expect(BigInt((stop?.fill_price_str ?? "").replace(".", ""))).toBeLessThanOrEqual(stopLoss);
    expect(children.find((o) => o.type === "limit")).toMatchObject({ status: "cancelled", reason: "oco" });
    expect(await available(agent)).toBe("0.00000000");
  });

  it("the take profit sells at its price once the bid reaches it, and cancels the stop loss", async () => {
    const agent = await registerAgent(server);
    // BTC falls for a day after TEST_STEP with this seed; a day later it rises.
    const start = TEST_STEP + 100_000;
    const { buy, takeProfit } = await bracketedBuy(agent, -2_000n, 30n, start);
    const reached = findStep(server, "BTC", start, (book) => (book.bids[0]?.priceMicro ?? 0n) >= takeProfit);
    await moveMarket(server, reached);
    const children = (await orders(agent)).filter((o) => o.parent_order_id === buy.order_id);
    expect(children.find((o) => o.type === "limit")).toMatchObject({
      status: "filled",
      fill_price_str: formatAmount(takeProfit),
    });
    expect(children.find((o) => o.type === "stop")).toMatchObject({ status: "cancelled", reason: "oco" });
  });

  it("a resting limit buy attaches them only once it fills", async () => {
    await moveMarket(server, TEST_STEP);
    const agent = await registerAgent(server);
    const limit = away(bookAt(server, "BTC").asks[0]?.priceMicro ?? 0n, -30n);
    const placed = await placeOrder(server, agent, {
      symbol: "BTC",
      side: "buy",
      amount: 0.01,
      type: "limit",
      limit_price: formatAmount(limit),
      take_profit: formatAmount(away(limit, 500n)),
    });
    expect(await orders(agent)).toHaveLength(1);
    await moveMarket(
      server,
      findStep(server, "BTC", TEST_STEP, (book) => (book.asks[0]?.priceMicro ?? 0n) <= limit),
    );
    const all = await orders(agent);
    expect(all.find((o) => o.order_id === placed.body.order_id)?.status).toBe("filled");
    expect(all.filter((o) => o.parent_order_id === placed.body.order_id).map((o) => o.type)).toEqual(["limit"]);
  });
});
