import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PositionsResponse } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAgent, startTestServer, type TestServer } from "./harness.ts";
import { moveMarket, placeOrder } from "./trading-harness.ts";

/**
 * A scripted BTC path replayed from a trades CSV, one row per step. In replay the book is the
 * normal-regime book: BTC's spread is 2 bps of the mid, so half of it is mid / 10,000 and the
 * touch holds 0.5 BTC. Every expected number below is worked out by hand from that.
 */
const CSV = `time,symbol,price
2025-01-01T00:00:00Z,BTC,60000
2025-01-01T00:01:00Z,BTC,61000
2025-01-01T00:02:00Z,BTC,62000
2025-01-01T00:03:00Z,BTC,59000
2025-01-01T00:04:00Z,BTC,63100
`;

let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pf-replay-"));
  writeFileSync(join(dir, "btc.csv"), CSV);
  server = await startTestServer({ MARKET_FEED: "replay", MARKET_REPLAY_CSV: join(dir, "btc.csv") });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const positions = async (key: string) => (await server.call<PositionsResponse>("/api/v1/trade/positions", { key })).body;

describe("PnL over a replayed price path, to the micro-unit", () => {
  it("buys, a partial sell, a mark-to-market and a resting sell give the hand-computed PnL", async () => {
    const agent = await registerAgent(server);
    const order = (body: Record<string, unknown>) => placeOrder(server, agent, { symbol: "BTC", ...body });

    // Step 0, mid 60000: ask 60006.00. Buy 0.1 for 6000.600000, taker fee 10 bps = 6.000600.
    await moveMarket(server, 0);
    expect((await order({ side: "buy", amount: 0.1 })).body.fill_price_str).toBe("60006.000000");
    // Step 1, mid 61000: ask 61006.10. Buy 0.05 for 3050.305000, fee 3.050305. Basis 9050.905000 for 0.15.
    await moveMarket(server, 1);
    expect((await order({ side: "buy", amount: 0.05 })).body.fill_price_str).toBe("61006.100000");
    // Step 2, mid 62000: bid 61993.80. Sell 0.1 for 6199.380000, fee 6.199380. The sold basis is
    // floor(9050.905000 x 0.1 / 0.15) = 6033.936666, so realised = 165.443334; basis left 3016.968334.
    await moveMarket(server, 2);
    const sell = await order({ side: "sell", amount: 0.1 });
    expect(sell.body.fill_price_str).toBe("61993.800000");
    expect(sell.body.fills[0]?.realised_pnl_str).toBe("165.443334");

    // Step 3, mid 59000: 0.05 BTC is worth 2950.000000, so unrealised = 2950 - 3016.968334 = -66.968334.
    await moveMarket(server, 3);
    const marked = await positions(agent.apiKey);
    expect(marked.positions).toHaveLength(1);
    expect(marked.positions[0]).toMatchObject({
      amount_str: "0.05000000",
      average_entry_str: "60339.366680",
      cost_basis_str: "3016.968334",
      mark_price_str: "59000.000000",
      market_value_str: "2950.000000",
      unrealised_pnl_str: "-66.968334",
      realised_pnl_str: "165.443334",
      fees_paid_str: "15.250285",
    });
    // Cash: 10000 - 9050.905 + 6199.38 - (6.0006 + 3.050305 + 6.19938 = 15.250285 in fees) = 7133.224715.
    expect(marked.cash_str).toBe("7133.224715");
    expect(marked.equity_str).toBe("10083.224715");

    // A resting sell at 63000 (bid 58994.10 now) fills at step 4 (bid 63093.69) at its own price, as
    // maker (5 bps = 1.575000): realised 3150 - 3016.968334 = 133.031666, 298.475000 in all.
    const resting = await order({ side: "sell", amount: 0.05, type: "limit", limit_price: 63000 });
    expect(resting.body.status).toBe("open");
    await moveMarket(server, 4);
    const closed = await positions(agent.apiKey);
    expect(closed.positions[0]).toMatchObject({
      amount_str: "0.00000000",
      cost_basis_str: "0.000000",
      unrealised_pnl_str: "0.000000",
      realised_pnl_str: "298.475000",
      fees_paid_str: "16.825285",
    });
    // 7133.224715 + 3150 - 1.575.
    expect(closed.cash_str).toBe("10281.649715");
    expect(closed.equity_str).toBe("10281.649715");
    const fills = await server.call<{ fills: Array<{ realised_pnl_str: string; liquidity: string }> }>("/api/v1/trade/fills", {
      key: agent.apiKey,
    });
    expect(fills.body.fills.map((f) => [f.liquidity, f.realised_pnl_str])).toEqual([
      ["maker", "133.031666"],
      ["taker", "165.443334"],
      ["taker", "0.000000"],
      ["taker", "0.000000"],
    ]);
  });

  it("holds the last row after the file ends; instruments the file lacks keep their simulated prices", async () => {
    const agent = await registerAgent(server);
    await moveMarket(server, 1_000);
    const btc = await server.call<{ mid_str: string }>("/api/v1/market/ticker/BTC", { key: agent.apiKey });
    expect(btc.body.mid_str).toBe("63100.000000");
    const eth = await server.call<{ mid: number }>("/api/v1/market/ticker/ETH", { key: agent.apiKey });
    expect(eth.body.mid).toBeGreaterThan(0);
    const instruments = await server.call<{ feed: string }>("/api/v1/market/instruments", { key: agent.apiKey });
    expect(instruments.body.feed).toBe("replay");
  });
});
