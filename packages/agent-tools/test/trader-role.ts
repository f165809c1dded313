import type { PurpleFlea } from "@purpleflea/sdk";
import { expect } from "vitest";
import { call, plan, say } from "../src/testing/index.ts";

/** One scripted trader for the framework tests: a ticker read, a paper order, and a bet it cannot afford. */
export const trader = plan(
  call("purpleflea_get_ticker", { symbol: "BTC" }),
  call("purpleflea_trade", { symbol: "BTC", side: "buy", notional: 25, mode: "paper" }),
  call("purpleflea_bet", { game: "coinflip", amount: 5, prediction: "heads" }),
  (c) => say(`mid ${c.result<{ mid: number }>("purpleflea_get_ticker").mid}; bet: ${c.text("purpleflea_bet")}`),
);

/** The ledger after the trader's turn: one filled paper order, no bet, and the refusal read by the model. */
export async function expectTradedAndRefused(owner: PurpleFlea, toolTexts: string[], finalText: string): Promise<void> {
  const refusal = "Purple Flea refused the request: insufficient_funds: the balance does not cover this amount. Nothing moved.";
  expect(toolTexts).toHaveLength(3);
  expect(toolTexts[2]).toBe(refusal);
  expect(finalText).toContain(refusal);
  const [order] = (await owner.trade.orders({})).orders;
  expect(JSON.parse(toolTexts[1] ?? "{}").order_id).toBe(order?.order_id);
  expect([order?.status, order?.side]).toEqual(["filled", "buy"]);
  expect((await owner.casino.bets({})).bets).toEqual([]);
  expect((await owner.wallet.balance()).balance_str).toBe("0.000000");
}
