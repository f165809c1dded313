import { PurpleFlea } from "@purpleflea/sdk";
import { type EphemeralServer, startEphemeralServer } from "@purpleflea/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToolset, type PurpleFleaTool } from "../src/index.ts";

let server: EphemeralServer;
beforeAll(async () => {
  server = await startEphemeralServer();
});
afterAll(() => server.dispose());

let agents = 0;
async function agent() {
  const username = `toolset-${process.pid}-${++agents}`;
  const { api_key } = await new PurpleFlea({ baseUrl: server.url }).auth.register({ username });
  return { apiKey: api_key, pf: new PurpleFlea({ apiKey: api_key, baseUrl: server.url }) };
}

function byName(tools: PurpleFleaTool[]) {
  return (name: string) => {
    const tool = tools.find((t) => t.name === name);
    if (!tool) throw new Error(`no ${name}`);
    return tool;
  };
}

describe("tools in any framework", () => {
  it("give a business error back as text with its code, and nothing moves", async () => {
    const { apiKey, pf } = await agent();
    const tool = byName(createToolset({ apiKey, baseUrl: server.url }).tools);
    const text = await tool("purpleflea_bet").run({ game: "dice", amount: 5, prediction: "over_50" });
    expect(text).toBe(
      "Purple Flea refused the request: insufficient_funds: the balance does not cover this amount. Nothing moved.",
    );
    expect(await tool("purpleflea_bet").run({ game: "dice", amount: 0.5, prediction: "over_99.9" })).toMatch(
      /^Purple Flea refused the request: prediction_out_of_range \(field: prediction\): .*Nothing moved\.$/,
    );
    expect((await pf.casino.bets({})).bets).toEqual([]);
  });

  it("refuse arguments the schema does not take without sending anything", async () => {
    const { apiKey } = await agent();
    let requests = 0;
    const counting: typeof fetch = (url, init) => {
      requests++;
      return fetch(url, init);
    };
    const tool = byName(createToolset({ apiKey, baseUrl: server.url, fetch: counting }).tools);
    expect(await tool("purpleflea_bet").run({ game: "poker", amount: 1, prediction: "x" })).toMatch(
      /^Purple Flea refused the request: invalid_request \(field: game\): .*Nothing was sent\.$/,
    );
    // Strict function calling sends null for an optional field it leaves out: that is "absent".
    const ticker = JSON.parse(await tool("purpleflea_get_candles").run({ symbol: "BTC", interval: null, limit: 3 }));
    expect(ticker.candles).toHaveLength(3);
    expect(requests).toBe(1);
  });

  it("say a held request is waiting for approval, and run it once when approved", async () => {
    const { pf } = await agent();
    const held = await pf.keys.create({ name: "held", scopes: ["trade"], policy: { approval_threshold: "100" } });
    const tool = byName(createToolset({ apiKey: held.api_key, baseUrl: server.url }).tools);
    const text = await tool("purpleflea_trade").run({ symbol: "BTC", side: "buy", notional: 200 });
    const id = /approval_id (apr_\w+)/.exec(text)?.[1] ?? "";
    expect(text).toMatch(/^APPROVAL REQUIRED \(approval_id apr_\w+, expires .*\): trade\.order: .* Nothing has moved yet\./);
    expect((await pf.trade.orders({})).orders).toEqual([]);
    await pf.approvals.approve({ id });
    const approval = JSON.parse(await tool("purpleflea_get_approval").run({ id }));
    expect([approval.status, approval.result.body.status]).toEqual(["executed", "filled"]);
    expect((await pf.trade.orders({})).orders).toHaveLength(1);
  });

  it("carry an idempotency key: the model's own key makes a retried order a replay", async () => {
    const { apiKey, pf } = await agent();
    const tool = byName(createToolset({ apiKey, baseUrl: server.url }).tools)("purpleflea_trade");
    const order = { symbol: "SOL", side: "buy", notional: 20, idempotency_key: "retry-me" };
    const [first, second] = [JSON.parse(await tool.run(order)), JSON.parse(await tool.run(order))];
    expect(second.order_id).toBe(first.order_id);
    const fresh = JSON.parse(await tool.run({ symbol: "SOL", side: "buy", notional: 20 }));
    expect(fresh.order_id).not.toBe(first.order_id);
    expect((await pf.trade.orders({})).orders).toHaveLength(2);
  });

  it("cache the balance until money moves, and never cache an order", async () => {
    const { apiKey } = await agent();
    const paths: string[] = [];
    const recording: typeof fetch = (url, init) => {
      paths.push(`${init?.method} ${new URL(String(url)).pathname}`);
      return fetch(url, init);
    };
    const tool = byName(createToolset({ apiKey, baseUrl: server.url, cache: true, fetch: recording }).tools);
    const before = await tool("purpleflea_get_balance").run({});
    expect(await tool("purpleflea_get_balance").run({})).toBe(before);
    await tool("purpleflea_trade").run({ symbol: "SOL", side: "buy", notional: 20 });
    await tool("purpleflea_trade").run({ symbol: "SOL", side: "buy", notional: 20 });
    expect(await tool("purpleflea_get_balance").run({})).not.toBe(before);
    expect(paths).toEqual([
      "GET /api/v1/wallet/balance",
      "POST /api/v1/trade/order",
      "POST /api/v1/trade/order",
      "GET /api/v1/wallet/balance",
    ]);
  });

  it("say when the server cannot be reached, and that a money move's outcome is then unknown", async () => {
    const tool = byName(
      createToolset({
        apiKey: "pf_live_x",
        baseUrl: "http://127.0.0.1:9",
        fetch: () => Promise.reject(new TypeError("fetch failed")),
      }).tools,
    );
    expect(await tool("purpleflea_get_ticker").run({ symbol: "BTC" })).toBe(
      "Could not reach Purple Flea at http://127.0.0.1:9 (fetch failed). Try again later.",
    );
    expect(await tool("purpleflea_trade").run({ symbol: "BTC", side: "buy", amount: 0.01 })).toMatch(
      /unknown whether the request was executed/,
    );
  });
});
