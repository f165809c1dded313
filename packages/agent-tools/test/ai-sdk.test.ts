import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cachedBalance from "../examples/cached-balance.ts";
import * as quickstart from "../examples/quickstart.ts";
import { type Harness, startHarness } from "./harness.ts";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ ...quickstart.roles, ...cachedBalance.roles });
});
afterAll(() => harness.close());

describe("the AI SDK examples, through generateText's own tool loop", () => {
  it("quickstart: checks balance and price, then buys at most 5 % of the paper balance", async () => {
    const context = await harness.context();
    const outcome = await quickstart.run(context);
    expect(outcome.toolCalls).toEqual(["purpleflea_get_balance", "purpleflea_get_ticker", "purpleflea_trade"]);
    const [order] = (await context.owner.trade.orders({})).orders;
    expect(outcome.text).toBe(`Bought ${order?.filled_amount} BTC on paper at ${order?.fill_price} (order ${order?.order_id}).`);
    expect(order?.status).toBe("filled");
    expect(order?.filled_amount).toBeLessThanOrEqual(0.01);
    expect(order?.notional).toBeLessThanOrEqual(500);
    const balance = await context.owner.wallet.balance();
    expect(balance.paper_balance_str).toBe((10_000 - Number(order?.notional_str) - Number(order?.fee_str)).toFixed(6));
    expect(balance.balance_str).toBe("0.000000");
  });

  it("cached balance: three balance reads cost two requests, and the read after the trade is fresh", async () => {
    const context = await harness.context();
    const paths: string[] = [];
    context.fetch = (url, init) => {
      paths.push(`${init?.method} ${new URL(String(url)).pathname}`);
      return fetch(url, init);
    };
    const outcome = await cachedBalance.run(context);
    expect(paths).toEqual(["GET /api/v1/wallet/balance", "POST /api/v1/trade/order", "GET /api/v1/wallet/balance"]);
    const { paper_balance } = await context.owner.wallet.balance();
    expect(outcome.text).toBe(`Paper balance before: 10000, after: ${paper_balance}.`);
    expect(paper_balance).toBeLessThan(10_000);
  });
});
