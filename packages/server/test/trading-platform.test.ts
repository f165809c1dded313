import { checkInvariants } from "@purpleflea/ledger";
import { type Approval, formatAmount, formatQuantity, lotE8, type Order, requireInstrument } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { micro, registerAgent, startTestServer, type TestServer } from "./harness.ts";
import { createKey, type ErrorBody } from "./policy-harness.ts";
import { bookAt, paperBalance, placeOrder, TEST_STEP } from "./trading-harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TRADING_TAKER_FEE_BPS: "10", TRADING_REFERRAL_SHARE_BPS: "1500", PAPER_BANKROLL: "1000000" });
  server.server.platform.market.pin(TEST_STEP);
});
afterAll(() => server.stop());

const seedOrder = { symbol: "BTC", side: "buy", amount: 0.01, mode: "paper" };

describe("orders meet the risk gate", () => {
  it("key policies apply to orders: allowed symbols and the per-transaction limit deny, nothing moves", async () => {
    const owner = await registerAgent(server);
    // A policy may name the instrument in any accepted spelling.
    const ethOnly = await createKey(server, owner, "eth-only", ["read", "trade"], { allowed_symbols: ["ETH"] });
    const small = await createKey(server, owner, "small", ["read", "trade"], { max_per_transaction: "100" });
    const denied = await server.call<ErrorBody>("/api/v1/trade/order", { key: ethOnly.key, body: seedOrder });
    expect([denied.status, denied.body.error?.code, denied.body.error?.details?.rule]).toEqual([
      403,
      "policy_violation",
      "allowed_symbols",
    ]);
    const eth = await server.call<Order>("/api/v1/trade/order", { key: ethOnly.key, body: { ...seedOrder, symbol: "eth/usdc" } });
    expect(eth.status).toBe(200);
    const large = await server.call<ErrorBody>("/api/v1/trade/order", { key: small.key, body: seedOrder });
    expect(large.body.error?.details?.rule).toBe("max_per_transaction");
    const orders = await server.call<{ orders: Order[] }>("/api/v1/trade/orders", { key: owner.apiKey });
    expect(orders.body.orders.map((o) => o.symbol)).toEqual(["ETH-USD"]);
  });

  it("the per-transaction limit sees what an order really costs: its walk down the book and its fee", async () => {
    const owner = await registerAgent(server);
    // One lot more than the best ask holds, so the order walks to the second level.
    const [best] = bookAt(server, "BTC").asks;
    const quantityE8 = (best?.quantityE8 ?? 0n) + lotE8(requireInstrument("BTC"));
    const order = { symbol: "BTC", side: "buy", amount: formatQuantity(quantityE8), mode: "paper" };
    const before = await paperBalance(server, owner);
    const probe = await placeOrder(server, owner, order);
    expect(probe.body.status).toBe("filled");
    const cost = before.balance - (await paperBalance(server, owner)).balance;
    const touchNotional = ((best?.priceMicro ?? 0n) * quantityE8) / 100_000_000n;
    expect(cost).toBeGreaterThan(touchNotional);
    const usdc = (micro: bigint) => formatAmount(micro);
    const under = await createKey(server, owner, "one-micro-short", ["trade"], { max_per_transaction: usdc(cost - 1n) });
    const exact = await createKey(server, owner, "exact", ["trade"], { max_per_transaction: usdc(cost) });
    const denied = await server.call<ErrorBody>("/api/v1/trade/order", { key: under.key, body: order });
    expect(denied.body.error?.details?.rule).toBe("max_per_transaction");
    expect((await server.call("/api/v1/trade/order", { key: exact.key, body: order })).status).toBe(200);
  });

  it("above the approval threshold an order waits for a human, then executes once", async () => {
    const owner = await registerAgent(server);
    const trader = await createKey(server, owner, "trader", ["read", "trade"], { approval_threshold: "50" });
    const held = await server.call<{ status: string; approval_id: string }>("/api/v1/trade/order", {
      key: trader.key,
      body: seedOrder,
    });
    expect([held.status, held.body.status]).toEqual([202, "approval_required"]);
    expect((await server.call<{ orders: Order[] }>("/api/v1/trade/orders", { key: owner.apiKey })).body.orders).toEqual([]);
    const approved = await server.call<Approval>(`/api/v1/approvals/${held.body.approval_id}/approve`, {
      method: "POST",
      key: owner.apiKey,
    });
    expect(approved.body.status).toBe("executed");
    const orders = await server.call<{ orders: Order[] }>("/api/v1/trade/orders", { key: owner.apiKey });
    expect(orders.body.orders.map((o) => [o.status, o.filled_amount_str])).toEqual([["filled", "0.01000000"]]);
  });

  it("live mode is refused before any policy runs: no approval is ever requested for it", async () => {
    const owner = await registerAgent(server);
    const trader = await createKey(server, owner, "trader", ["read", "trade"], { approval_threshold: "1" });
    const live = await server.call<ErrorBody>("/api/v1/trade/order", { key: trader.key, body: { ...seedOrder, mode: "live" } });
    expect([live.status, live.body.error?.code]).toEqual([422, "live_trading_unavailable"]);
    const approvals = await server.call<{ approvals: unknown[] }>("/api/v1/approvals", { key: owner.apiKey });
    expect(approvals.body.approvals).toEqual([]);
  });
});

describe("orders meet idempotency, referrals and events", () => {
  it("an Idempotency-Key replays the order: one fill, the same answer", async () => {
    const agent = await registerAgent(server);
    const headers = { "idempotency-key": "order-once" };
    const first = await placeOrder(server, agent, seedOrder, headers);
    const second = await placeOrder(server, agent, seedOrder, headers);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.body).toEqual(first.body);
    const fills = await server.call<{ fills: unknown[] }>("/api/v1/trade/fills", { key: agent.apiKey });
    expect(fills.body.fills).toHaveLength(1);
  });

  it("a referred agent's trading fee pays its referrer 15 % in paper USDC, never real USDC", async () => {
    const signup = await server.call<{ agent_id: string; api_key: string; referral_code: string }>("/api/v1/auth/register", {
      body: { username: "trading-referrer" },
    });
    const referrer = { agentId: signup.body.agent_id, apiKey: signup.body.api_key, username: "trading-referrer" };
    const referred = await server.call<{ api_key: string }>("/api/v1/auth/register", {
      body: { username: "trading-referred", referral_code: signup.body.referral_code },
    });
    const before = await paperBalance(server, referrer);
    const response = await server.call<Order>("/api/v1/trade/order", { key: referred.body.api_key, body: seedOrder });
    const fee = micro(response.body.fee_str);
    expect((await paperBalance(server, referrer)).balance - before.balance).toBe((fee * 1_500n) / 10_000n);
    const usdc = await server.call<{ balance_str: string }>("/api/v1/wallet/balance", { key: referrer.apiKey });
    expect(usdc.body.balance_str).toBe("0.000000");
    const earning = await server.server.platform.store.read((tx) =>
      tx.get<{ service: string; asset: string }>("SELECT service, asset FROM referral_earnings WHERE referrer_id = ?", [
        referrer.agentId,
      ]),
    );
    expect(earning).toEqual({ service: "trading", asset: "PAPER_USDC" });
  });

  it("every fill emits order.filled with the order as it stands after the fill", async () => {
    const agent = await registerAgent(server);
    await placeOrder(server, agent, seedOrder);
    const events = await server.server.platform.store.read((tx) =>
      tx.all<{ type: string; data: string }>("SELECT type, data FROM events WHERE agent_id = ?", [agent.agentId]),
    );
    expect(events.map((e) => e.type)).toEqual(["order.filled"]);
    const data = JSON.parse(events[0]?.data ?? "{}") as { order: Order; fill: { amount_str: string } };
    expect(data.order.status).toBe("filled");
    expect(data.fill.amount_str).toBe("0.01000000");
    expect((await server.server.platform.store.read(checkInvariants)).violations).toEqual([]);
  });
});

describe("lists", () => {
  it("orders and fills page newest first and filter by status and symbol", async () => {
    const agent = await registerAgent(server);
    for (const symbol of ["BTC", "ETH", "SOL"]) await placeOrder(server, agent, { symbol, side: "buy", notional: 20 });
    await placeOrder(server, agent, { symbol: "SOL", side: "buy", amount: 1, type: "limit", limit_price: 1 });
    const page = await server.call<{ orders: Order[]; next_cursor: string }>("/api/v1/trade/orders?limit=2", {
      key: agent.apiKey,
    });
    expect(page.body.orders.map((o) => [o.symbol, o.type])).toEqual([
      ["SOL-USD", "limit"],
      ["SOL-USD", "market"],
    ]);
    const rest = await server.call<{ orders: Order[]; next_cursor: string | null }>(
      `/api/v1/trade/orders?limit=2&cursor=${page.body.next_cursor}`,
      { key: agent.apiKey },
    );
    expect(rest.body.orders.map((o) => o.symbol)).toEqual(["ETH-USD", "BTC-USD"]);
    expect(rest.body.next_cursor).toBeNull();
    const open = await server.call<{ orders: Order[] }>("/api/v1/trade/orders?status=open", { key: agent.apiKey });
    expect(open.body.orders).toHaveLength(1);
    const fills = await server.call<{ fills: Array<{ symbol: string }> }>("/api/v1/trade/fills?symbol=eth", {
      key: agent.apiKey,
    });
    expect(fills.body.fills.map((f) => f.symbol)).toEqual(["ETH-USD"]);
    const one = await server.call<Order>(`/api/v1/trade/orders/${open.body.orders[0]?.order_id}`, { key: agent.apiKey });
    expect(one.body.limit_price_str).toBe("1.000000");
  });
});
