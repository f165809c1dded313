import { formatAmount } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { micro, registerAgent, startTestServer, type TestServer } from "./harness.ts";
import { bookAt, findStep, moveMarket, paperBalance, placeOrder, TEST_STEP } from "./trading-harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TRADING_TAKER_FEE_BPS: "10", TRADING_MAKER_FEE_BPS: "5" });
});
afterAll(() => server.stop());

const getOrder = (key: string, id: string) =>
  server.call<{ status: string; reason: string | null; fill_price_str: string | null; fee_str: string; notional_str: string }>(
    `/api/v1/trade/orders/${id}`,
    { key },
  );

const ask = (step?: number) => bookAt(server, "BTC", step).asks[0]?.priceMicro ?? 0n;
const bid = (step?: number) => bookAt(server, "BTC", step).bids[0]?.priceMicro ?? 0n;
/** A price on BTC's 0.01 tick, `bps` basis points away from `price`. */
const offset = (price: bigint, bps: bigint) => ((price * (10_000n + bps)) / 10_000n / 10_000n) * 10_000n;

describe("limit orders rest and fill when the market crosses", () => {
  it("a resting buy fills only once the ask reaches its limit, at the limit price, as maker; its hold becomes the cost", async () => {
    await moveMarket(server, TEST_STEP);
    const agent = await registerAgent(server);
    const limit = offset(ask(), -50n);
    const before = await paperBalance(server, agent);
    const placed = await placeOrder(server, agent, {
      symbol: "BTC",
      side: "buy",
      amount: "0.05",
      type: "limit",
      limit_price: formatAmount(limit),
    });
    expect(placed.body.status).toBe("open");
    const cost = (5_000_000n * limit + 99_999_999n) / 100_000_000n;
    const fee = (cost * 5n + 9_999n) / 10_000n;
    expect(micro(placed.body.reserved_str)).toBe(cost + fee);
    // The hold leaves the spendable balance at once; the total still counts it until the fill.
    const spendable = before.balance - cost - fee;
    expect(await paperBalance(server, agent)).toEqual({ ...before, balance: spendable, available: spendable, held: cost + fee });
    expect([placed.body.new_balance_str, placed.body.held_str, placed.body.total_str]).toEqual(
      [spendable, cost + fee, before.total].map(formatAmount),
    );

    const crossing = findStep(server, "BTC", TEST_STEP, (book) => (book.asks[0]?.priceMicro ?? 0n) <= limit);
    await moveMarket(server, crossing - 1);
    expect((await getOrder(agent.apiKey, placed.body.order_id)).body.status).toBe("open");
    await moveMarket(server, crossing);
    const filled = await getOrder(agent.apiKey, placed.body.order_id);
    expect(filled.body.status).toBe("filled");
    expect(filled.body.fill_price_str).toBe(formatAmount(limit));
    expect(micro(filled.body.notional_str)).toBe(cost);
    expect(micro(filled.body.fee_str)).toBe(fee);
    expect(await paperBalance(server, agent)).toEqual({
      balance: before.balance - cost - fee,
      available: before.balance - cost - fee,
      held: 0n,
      total: before.balance - cost - fee,
    });
    const fills = await server.call<{ fills: Array<{ liquidity: string }> }>("/api/v1/trade/fills", { key: agent.apiKey });
    expect(fills.body.fills.map((f) => f.liquidity)).toEqual(["maker"]);
  });

  it("an order that breaks in the matcher stays resting and does not stop other agents' orders from filling", async () => {
    await moveMarket(server, TEST_STEP);
    const limit = offset(bid(), 1n);
    const sell = { symbol: "BTC", side: "sell", amount: "0.01", type: "limit", limit_price: formatAmount(limit) };
    const [broken, healthy] = [await registerAgent(server), await registerAgent(server)];
    const orders = [];
    for (const agent of [broken, healthy]) {
      await placeOrder(server, agent, { symbol: "BTC", side: "buy", amount: "0.01", mode: "paper" });
      orders.push((await placeOrder(server, agent, sell)).body.order_id);
    }
    // A corrupted position stands in for a bug: the broken agent's resting sell can no longer settle.
    await server.server.platform.store.write((tx) =>
      tx.run("UPDATE trading_positions SET quantity = 0, cost_basis = 0 WHERE agent_id = ?", [broken.agentId]),
    );
    await moveMarket(
      server,
      findStep(server, "BTC", TEST_STEP, (book) => (book.bids[0]?.priceMicro ?? 0n) >= limit),
    );
    expect((await getOrder(healthy.apiKey, orders[1] ?? "")).body.status).toBe("filled");
    expect((await getOrder(broken.apiKey, orders[0] ?? "")).body.status).toBe("open");
  });

  it("a marketable limit fills at once at the touch, better than its limit, as taker", async () => {
    await moveMarket(server, TEST_STEP);
    const agent = await registerAgent(server);
    const response = await placeOrder(server, agent, {
      symbol: "BTC",
      side: "buy",
      amount: "0.01",
      type: "limit",
      limit_price: formatAmount(offset(ask(), 100n)),
    });
    expect(response.body.status).toBe("filled");
    expect(response.body.fill_price_str).toBe(formatAmount(ask()));
    expect(response.body.fills[0]?.liquidity).toBe("taker");
  });

  it("a resting sell promises its coins: they cannot be sold twice until it is cancelled", async () => {
    await moveMarket(server, TEST_STEP);
    const agent = await registerAgent(server);
    await placeOrder(server, agent, { symbol: "BTC", side: "buy", amount: "0.02" });
    const resting = await placeOrder(server, agent, {
      symbol: "BTC",
      side: "sell",
      amount: "0.015",
      type: "limit",
      limit_price: formatAmount(offset(bid(), 200n)),
    });
    expect(resting.body.status).toBe("open");
    const tooMuch = await placeOrder(server, agent, { symbol: "BTC", side: "sell", amount: "0.01" });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error?.code).toBe("insufficient_position");
    expect(tooMuch.body.error?.details?.available_amount).toBe("0.00500000");
    await server.call(`/api/v1/trade/orders/${resting.body.order_id}`, { method: "DELETE", key: agent.apiKey });
    expect((await placeOrder(server, agent, { symbol: "BTC", side: "sell", amount: "0.02" })).body.status).toBe("filled");
  });
});

describe("cancel", () => {
  it("releases the reserve exactly, once; other agents' and unknown orders are not found", async () => {
    await moveMarket(server, TEST_STEP);
    const agent = await registerAgent(server);
    const other = await registerAgent(server);
    const before = await paperBalance(server, agent);
    const placed = await placeOrder(server, agent, {
      symbol: "ETH",
      side: "buy",
      amount: "1.3333",
      type: "limit",
      limit_price: "1.01",
    });
    expect((await paperBalance(server, agent)).held).toBe(micro(placed.body.reserved_str));
    const path = `/api/v1/trade/orders/${placed.body.order_id}`;
    expect((await server.call(path, { method: "DELETE", key: other.apiKey })).status).toBe(404);
    const cancelled = await server.call<{ status: string; reserved: number }>(path, { method: "DELETE", key: agent.apiKey });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
    expect(cancelled.body.reserved).toBe(0);
    expect(await paperBalance(server, agent)).toEqual(before);
    const again = await server.call<{ error: { code: string } }>(path, { method: "DELETE", key: agent.apiKey });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("order_not_cancellable");
    const unknown = await server.call<{ error: { code: string } }>("/api/v1/trade/orders/ord_nope", {
      method: "DELETE",
      key: agent.apiKey,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("order_not_found");
  });
});
