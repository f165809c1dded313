import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";
import { createKey, type ErrorBody } from "./policy-harness.ts";
import { paperBalance, placeOrder, TEST_STEP } from "./trading-harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TRADING_MAX_OPEN_ORDERS: "2" });
  server.server.platform.market.pin(TEST_STEP);
});
afterAll(() => server.stop());

// At TEST_STEP the seeded simulator has BTC near 77,000: 0.00001 BTC is worth about 0.77 USDC.
const seedBuy = { symbol: "BTC", side: "buy", amount: 0.01, mode: "paper" };
const limitBuy = { symbol: "BTC", side: "buy", amount: 0.01, type: "limit", limit_price: 1000 };

const bad: Array<[string, Record<string, unknown>, number, string, string]> = [
  ["unknown symbol", { symbol: "DOGE", side: "buy", amount: 1 }, 400, "unknown_symbol", "symbol"],
  ["unknown side", { symbol: "BTC", side: "hold", amount: 0.01 }, 400, "invalid_request", "side"],
  ["unknown mode", { symbol: "BTC", side: "buy", amount: 0.01, mode: "margin" }, 400, "invalid_request", "mode"],
  ["live mode", { symbol: "BTC", side: "buy", amount: 0.01, mode: "live" }, 422, "live_trading_unavailable", "mode"],
  ["zero amount", { symbol: "BTC", side: "buy", amount: 0 }, 400, "amount_must_be_positive", "amount"],
  ["negative amount", { symbol: "BTC", side: "buy", amount: -0.01 }, 400, "amount_must_be_positive", "amount"],
  ["amount finer than the lot", { symbol: "BTC", side: "buy", amount: "0.000001" }, 400, "amount_too_precise", "amount"],
  ["more than 8 decimals", { symbol: "ETH", side: "buy", amount: "0.123456789" }, 400, "amount_too_precise", "amount"],
  ["amount not a number", { symbol: "BTC", side: "buy", amount: "lots" }, 400, "invalid_amount", "amount"],
  ["above the order limit", { symbol: "BTC", side: "buy", amount: 101 }, 400, "amount_too_large", "amount"],
  ["below min notional", { symbol: "BTC", side: "buy", amount: "0.00001" }, 400, "below_min_notional", "amount"],
  ["notional below min", { symbol: "SOL", side: "buy", notional: 0.5 }, 400, "below_min_notional", "notional"],
  ["neither amount nor notional", { symbol: "BTC", side: "buy" }, 400, "invalid_request", "amount"],
  ["both amount and notional", { symbol: "BTC", side: "buy", amount: 0.01, notional: 100 }, 400, "invalid_request", "amount"],
  [
    "limit without price",
    { symbol: "BTC", side: "buy", amount: 0.01, type: "limit" },
    400,
    "limit_price_required",
    "limit_price",
  ],
  ["price off the tick", { ...limitBuy, limit_price: "1000.001" }, 400, "amount_too_precise", "limit_price"],
  ["market with a price", { symbol: "BTC", side: "buy", amount: 0.01, limit_price: 1000 }, 400, "invalid_request", "limit_price"],
  ["market gtc", { symbol: "BTC", side: "buy", amount: 0.01, time_in_force: "gtc" }, 400, "invalid_request", "time_in_force"],
  ["unknown time in force", { ...limitBuy, time_in_force: "day" }, 400, "invalid_request", "time_in_force"],
  ["stop loss on a sell", { symbol: "BTC", side: "sell", amount: 0.01, stop_loss: 1 }, 400, "invalid_request", "stop_loss"],
  ["stop loss above entry", { ...limitBuy, stop_loss: 1000 }, 400, "stop_loss_not_below_entry", "stop_loss"],
  ["take profit below entry", { ...limitBuy, take_profit: 999.99 }, 400, "take_profit_not_above_entry", "take_profit"],
  ["market stop loss above the bid", { ...seedBuy, stop_loss: 1_000_000 }, 400, "stop_loss_not_below_entry", "stop_loss"],
  ["market take profit below the ask", { ...seedBuy, take_profit: 1 }, 400, "take_profit_not_above_entry", "take_profit"],
  [
    "limit sell worth more than any amount",
    { symbol: "BTC", side: "sell", amount: 100, type: "limit", limit_price: "1000000000000" },
    400,
    "amount_too_large",
    "limit_price",
  ],
  [
    "limit buy worth more than any amount",
    { symbol: "BTC", side: "buy", amount: 100, type: "limit", limit_price: "1000000000000" },
    400,
    "amount_too_large",
    "limit_price",
  ],
  ["client id with a space", { ...limitBuy, client_order_id: "a b" }, 400, "invalid_request", "client_order_id"],
  ["insufficient paper funds", { symbol: "BTC", side: "buy", amount: 90 }, 422, "insufficient_funds", "amount"],
  ["insufficient funds to rest", { ...limitBuy, amount: 50 }, 422, "insufficient_funds", "amount"],
  ["selling coins never bought", { symbol: "SOL", side: "sell", amount: 1 }, 422, "insufficient_position", "amount"],
];

async function nothingMoved(agent: TestAgent): Promise<void> {
  const balance = await server.call<{ balance_str: string; paper_balance_str: string }>("/api/v1/wallet/balance", {
    key: agent.apiKey,
  });
  expect(balance.body.balance_str).toBe("1.000000");
  expect(await paperBalance(server, agent)).toEqual({
    balance: 10_000_000_000n,
    available: 10_000_000_000n,
    held: 0n,
    total: 10_000_000_000n,
  });
  const orders = await server.call<{ orders: unknown[] }>("/api/v1/trade/orders", { key: agent.apiKey });
  expect(orders.body.orders).toEqual([]);
  const positions = await server.call<{ positions: unknown[] }>("/api/v1/trade/positions", { key: agent.apiKey });
  expect(positions.body.positions).toEqual([]);
}

describe("trading: bad orders are refused with the field and code, and nothing moves", () => {
  it.each(bad)("%s -> %i %s", async (_name, body, status, code, field) => {
    const agent = await fundedAgent(server);
    const response = await placeOrder(server, agent, body);
    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(code);
    expect(response.body.error?.details?.field).toBe(field);
    await nothingMoved(agent);
  });

  it("a client_order_id names one order; the limit on resting orders holds", async () => {
    const agent = await fundedAgent(server);
    expect((await placeOrder(server, agent, { ...limitBuy, client_order_id: "mine-1" })).status).toBe(200);
    const again = await placeOrder(server, agent, { ...limitBuy, client_order_id: "mine-1" });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("duplicate_client_order_id");
    expect((await placeOrder(server, agent, limitBuy)).status).toBe(200);
    const third = await placeOrder(server, agent, limitBuy);
    expect(third.status).toBe(422);
    expect(third.body.error?.code).toBe("too_many_open_orders");
  });

  it("a key without the trade scope can read markets but not order or cancel", async () => {
    const owner = await fundedAgent(server);
    const reader = await createKey(server, owner, "reader", ["read"]);
    const order = await server.call<ErrorBody>("/api/v1/trade/order", { key: reader.key, body: limitBuy });
    expect(order.status).toBe(403);
    expect(order.body.error?.code).toBe("insufficient_scope");
    const cancel = await server.call<ErrorBody>("/api/v1/trade/orders/ord_x", { method: "DELETE", key: reader.key });
    expect(cancel.status).toBe(403);
    expect((await server.call("/api/v1/market/ticker/BTC", { key: reader.key })).status).toBe(200);
    await nothingMoved(owner);
  });
});

const reads: Array<[string, number, string, string | undefined]> = [
  ["/market/ticker/DOGE", 400, "unknown_symbol", "symbol"],
  ["/market/candles/BTC?interval=2m", 400, "invalid_request", "interval"],
  ["/market/candles/BTC?limit=501", 400, "invalid_request", "limit"],
  ["/market/orderbook/BTC?depth=0", 400, "invalid_request", "depth"],
  ["/market/orderbook/XRP", 400, "unknown_symbol", "symbol"],
  ["/trade/orders?status=done", 400, "invalid_request", "status"],
  ["/trade/orders?symbol=DOGE", 400, "unknown_symbol", "symbol"],
  ["/trade/orders?cursor=bogus", 400, "invalid_cursor", "cursor"],
  ["/trade/orders/ord_missing", 404, "order_not_found", "id"],
  ["/trade/fills?cursor=bogus", 400, "invalid_cursor", "cursor"],
  ["/trade/portfolio?interval=7m", 400, "invalid_request", "interval"],
];

describe("trading and market reads: error paths", () => {
  it.each(reads)("GET %s -> %i %s", async (path, status, code, field) => {
    const agent = await fundedAgent(server);
    const response = await server.call<ErrorBody>(`/api/v1${path}`, { key: agent.apiKey });
    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(code);
    expect(response.body.error?.details?.field).toBe(field);
  });

  it.each([
    "/market/instruments",
    "/market/ticker/BTC",
    "/market/candles/BTC",
    "/market/orderbook/BTC",
    "/trade/orders",
    "/trade/fills",
    "/trade/positions",
    "/trade/portfolio",
  ])("GET %s needs a key", async (path) => {
    const response = await server.call<ErrorBody>(`/api/v1${path}`);
    expect(response.status).toBe(401);
    expect(response.body.error?.code).toBe("missing_api_key");
  });
});
