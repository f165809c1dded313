import { formatAmount, formatQuantity, type Order } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAgent, startTestServer, type TestServer } from "./harness.ts";
import { bookAt, findStep, moveMarket, placeOrder, TEST_STEP } from "./trading-harness.ts";

let server: TestServer;
beforeAll(async () => {
  // The touch holds half a BTC: enough paper cash to buy two touches' worth.
  server = await startTestServer({ PAPER_BANKROLL: "1000000" });
});
afterAll(() => server.stop());

describe("a resting bracketed buy", () => {
  it("promises what it already filled to its brackets, so those coins cannot be sold twice", async () => {
    // BTC rises for a day from here with the default seed.
    const start = TEST_STEP + 100_000;
    await moveMarket(server, start);
    const agent = await registerAgent(server);
    const touch = bookAt(server, "BTC").asks[0];
    if (!touch) throw new Error("no asks");
    // Twice the touch at the touch's price: half fills on arrival, half rests with its take profit.
    const takeProfit = ((touch.priceMicro * 10_010n) / 10_000n / 10_000n) * 10_000n;
    const buy = await placeOrder(server, agent, {
      symbol: "BTC",
      side: "buy",
      type: "limit",
      amount: formatQuantity(touch.quantityE8 * 2n),
      limit_price: formatAmount(touch.priceMicro),
      take_profit: formatAmount(takeProfit),
    });
    expect(buy.status).toBe(200);
    expect(buy.body.status).toBe("partially_filled");

    // The filled half belongs to the take profit that attaches when the buy ends.
    const sell = await placeOrder(server, agent, { symbol: "BTC", side: "sell", amount: formatQuantity(touch.quantityE8) });
    expect(sell.status).toBe(422);
    expect(sell.body.error?.code).toBe("insufficient_position");

    const filled = findStep(server, "BTC", start, (book) => (book.asks[0]?.priceMicro ?? 0n) <= touch.priceMicro);
    await moveMarket(server, filled);
    await moveMarket(
      server,
      findStep(server, "BTC", filled, (book) => (book.bids[0]?.priceMicro ?? 0n) >= takeProfit),
    );
    const orders = (await server.call<{ orders: Order[] }>("/api/v1/trade/orders", { key: agent.apiKey })).body.orders;
    const child = orders.find((o) => o.parent_order_id === buy.body.order_id);
    expect(child).toMatchObject({ status: "filled", amount_str: formatQuantity(touch.quantityE8 * 2n) });
    const positions = await server.call<{ positions: Array<{ amount_str: string }> }>("/api/v1/trade/positions", {
      key: agent.apiKey,
    });
    expect(positions.body.positions[0]?.amount_str).toBe("0.00000000");
  });
});
