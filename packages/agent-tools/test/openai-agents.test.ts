import { setTracingDisabled } from "@openai/agents";
import type { PurpleFlea } from "@purpleflea/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as analystRiskExecutor from "../examples/analyst-risk-executor.ts";
import { trend } from "../examples/desk-roles.ts";
import * as humanApproval from "../examples/human-approval.ts";
import * as tradingDesk from "../examples/trading-desk.ts";
import type { ChatRequest } from "../src/testing/index.ts";
import { type Harness, startHarness } from "./harness.ts";

let harness: Harness;
beforeAll(async () => {
  setTracingDisabled(true);
  harness = await startHarness({ ...analystRiskExecutor.roles, ...tradingDesk.roles, ...humanApproval.roles });
});
afterAll(() => harness.close());

async function ledger(pf: PurpleFlea) {
  const [balance, orders, proposals] = await Promise.all([pf.wallet.balance(), pf.trade.orders({}), pf.proposals.list({})]);
  return { balance, orders: orders.orders, proposals: proposals.proposals };
}

describe("analyst -> risk manager -> executor, with handoffs and one key per role", () => {
  it("trades exactly the proposal the risk manager approved, executed by the executor's key", async () => {
    const context = await harness.context();
    const outcome = await analystRiskExecutor.run(context);
    const { balance, orders, proposals } = await ledger(context.owner);
    expect(outcome.lastAgent).toBe("executor");
    expect(proposals).toHaveLength(1);
    const [proposal] = proposals;
    expect(proposal?.status).toBe("executed");
    const roles = [proposal?.proposed_by, proposal?.decided_by, proposal?.executed_by];
    expect(new Set(roles).size).toBe(3);
    const order = orders.find((o) => o.side === "buy");
    expect(outcome.finalOutput).toBe(
      `EXECUTED: order ${order?.order_id} filled, ${order?.filled_amount} BTC at ${order?.fill_price}.`,
    );
    expect(proposal?.result?.body).toMatchObject({ order_id: order?.order_id });
    expect(order?.notional).toBeLessThanOrEqual(Number(analystRiskExecutor.LIMITS.perTrade));
    expect(order?.stop_loss).not.toBeNull();
    expect(balance.paper_balance).toBeLessThan(10_000);
    expect(balance.balance_str).toBe("0.000000");
    const executorTools = harness.model.requests.filter((r) => r.model === "executor").flatMap((r) => r.tools ?? []);
    expect(executorTools.map((t) => t.function.name)).not.toContain("purpleflea_trade");
  });
});

describe("human approval above $100, through the framework's interruptions", () => {
  const statuses = (orders: Array<{ status: string }>) => orders.map((o) => o.status);

  it("runs the small order at once, and the large one once approved at the terminal", async () => {
    const context = await harness.context();
    const seen: string[] = [];
    const outcome = await humanApproval.run(context, humanApproval.task, {
      decide: async (held) => {
        seen.push(held.summary);
        return true;
      },
    });
    const { orders } = await ledger(context.owner);
    expect(statuses(orders)).toEqual(["filled", "filled"]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/above the approval threshold of 100\.000000/);
    expect(outcome.decisions.map((d) => d.status)).toEqual(["executed"]);
    expect(outcome.finalOutput).toBe(`EXECUTED: the 250 USDC order ${orders[0]?.order_id} was approved and filled.`);
  });

  it("with no terminal, takes the decision from the server's approval queue", async () => {
    const context = await harness.context();
    const owner = context.owner;
    const human = (async () => {
      for (let attempt = 0; attempt < 500; attempt++) {
        const [pending] = (await owner.approvals.list({ status: "pending" })).approvals;
        if (pending) return owner.approvals.approve({ id: pending.approval_id, note: "approved in the console" });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error("no request was held");
    })();
    const outcome = await humanApproval.run(context, humanApproval.task, { decide: async () => null, waitMs: 30_000 });
    const decided = await human;
    expect(outcome.decisions).toEqual([{ approval_id: decided.approval_id, status: "executed", decided_by: decided.decided_by }]);
    expect(statuses((await ledger(owner)).orders)).toEqual(["filled", "filled"]);
  });

  it("a rejected request moves nothing, and the model is told why", async () => {
    const context = await harness.context();
    const outcome = await humanApproval.run(context, humanApproval.task, { decide: async () => false });
    const { orders, balance } = await ledger(context.owner);
    expect(statuses(orders)).toEqual(["filled"]);
    expect(orders[0]?.notional).toBeLessThan(100);
    expect(balance.paper_balance).toBeGreaterThan(10_000 - 100);
    expect(outcome.finalOutput).toMatch(
      /^NOT DONE: the 250 USDC order did not run: REJECTED: approval apr_\w+ .* Nothing moved\.$/,
    );
  });
});

describe("the trading desk: a coordinator with four seats as agents-as-tools", () => {
  /** The first 4-hour boundary from a fixed step at which the two analysts' reads satisfy `wanted`. */
  async function pinMarket(pf: PurpleFlea, wanted: (macro: number, hourly: number) => boolean): Promise<void> {
    for (let step = 40_000_000; step < 40_000_000 + 200 * 14_400; step += 14_400) {
      harness.server.platform.market.pin(step);
      const macro = trend(await pf.market.candles({ symbol: "BTC", interval: "4h", limit: 12 }));
      const hourly = trend(await pf.market.candles({ symbol: "BTC", interval: "1h", limit: 24 }));
      if (wanted(macro, hourly)) return;
    }
    throw new Error("no such market in 200 tries");
  }
  const offersExecutor = (requests: ChatRequest[]) =>
    requests.map((r) => (r.tools ?? []).some((t) => t.function.name === "executor"));
  const coordinatorSince = (before: number) => harness.model.requests.slice(before).filter((r) => r.model === "coordinator");

  it("in a market both analysts read as bullish, the risk officer approves and only then the executor trades", async () => {
    const context = await harness.context();
    await pinMarket(context.owner, (macro, hourly) => macro >= 0 && hourly >= 0);
    const before = harness.model.requests.length;
    const outcome = await tradingDesk.run(context);
    const { orders, proposals } = await ledger(context.owner);
    expect(proposals.map((p) => p.status)).toEqual(["executed"]);
    const buy = orders.find((o) => o.side === "buy");
    expect([buy?.status, buy?.stop_loss !== null, buy?.take_profit !== null]).toEqual(["filled", true, true]);
    expect(buy?.notional).toBeLessThanOrEqual(Number(tradingDesk.LIMITS.perTrade));
    expect(outcome.finalOutput).toMatch(/^Desk done\. EXECUTED: order ord_\w+ filled/);
    const coordinator = coordinatorSince(before);
    // Asked macro, technical and risk with no executor seat; offered it once approved; gone once executed.
    expect(offersExecutor(coordinator)).toEqual([false, false, false, true, false]);
  });

  it("in a market the macro analyst reads as bearish, the risk officer rejects and the executor is never offered", async () => {
    const context = await harness.context();
    await pinMarket(context.owner, (macro) => macro < 0);
    const before = harness.model.requests.length;
    const outcome = await tradingDesk.run(context);
    const { orders, proposals, balance } = await ledger(context.owner);
    expect(proposals.map((p) => p.status)).toEqual(["rejected"]);
    expect([orders, balance.paper_balance_str]).toEqual([[], "10000.000000"]);
    expect(outcome.finalOutput).toBe("Desk done. TRADE REJECTED: the analysts do not both see a bullish market");
    expect(offersExecutor(coordinatorSince(before))).toEqual([false, false, false, false]);
  });
});
