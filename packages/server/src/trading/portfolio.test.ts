import { newId } from "@purpleflea/ledger";
import { formatAmount, type OrderRequest, orderRequestSchema, requireInstrument } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { micro } from "../../test/harness.ts";
import { registerAgent } from "../agents/agents.ts";
import { loadConfig } from "../config.ts";
import { Market } from "../market/market.ts";
import { SIM_EPOCH_MS } from "../market/simulator.ts";
import { openPlatform } from "../open-platform.ts";
import type { Platform } from "../platform.ts";
import { placeOrder } from "./place-order.ts";
import { portfolioHistory } from "./portfolio.ts";
import { tradingContext } from "./settings.ts";

let platform: Platform;
beforeAll(async () => {
  platform = await openPlatform(loadConfig({ LOG_LEVEL: "silent" }), ":memory:");
});
afterAll(() => platform.store.close());

const MINUTE = 60_000;
const t0 = SIM_EPOCH_MS + 10 * 86_400_000;
const btc = requireInstrument("BTC");

/** An order placed at a chosen moment: the market is pinned to that moment's step. */
async function orderAt(agentId: string, time: number, body: Record<string, unknown>) {
  platform.market.pin(platform.market.feed.stepAt(time));
  const request: OrderRequest = orderRequestSchema.parse(body);
  return platform.store.write((tx) => placeOrder(tx, tradingContext(platform), agentId, request, time));
}

describe("portfolio history", () => {
  it("replays posted paper cash and fills, valuing coins at each moment's mid", async () => {
    const agentId = newId("agt");
    await platform.store.write((tx) =>
      registerAgent(tx, { username: "charts" }, { paperBankrollMicro: 10_000_000_000n }, agentId, t0),
    );
    const buy = await orderAt(agentId, t0 + 2 * MINUTE, { symbol: "BTC", side: "buy", amount: "0.1" });
    const sell = await orderAt(agentId, t0 + 4 * MINUTE + 30_000, { symbol: "BTC", side: "sell", amount: "0.04" });
    // Read the history with the market following the clock again, as a running server does.
    const market = new Market(platform.market.feed, platform.market.stepMs);
    const history = await platform.store.read((tx) => portfolioHistory(tx, market, agentId, "1m", 10, t0 + 6 * MINUTE));
    const mid = (time: number) => market.point(btc, market.stepAt(time)).midMicro;
    const expected = [0, 1, 2, 3, 4, 5, 6].map((minutes) => {
      const time = t0 + minutes * MINUTE;
      const cash = minutes < 2 ? 10_000_000_000n : minutes < 5 ? micro(buy.new_balance_str) : micro(sell.new_balance_str);
      const coins = minutes < 2 ? 0n : minutes < 5 ? 10_000_000n : 6_000_000n;
      return {
        time: new Date(time).toISOString(),
        cash: formatAmount(cash),
        value: formatAmount(cash + (coins * mid(time)) / 100_000_000n),
      };
    });
    expect(history.points.map((p) => ({ time: p.time, cash: p.cash_str, value: p.value_str }))).toEqual(expected);
  });
});
