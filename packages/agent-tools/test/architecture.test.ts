import { Agent, run, setTracingDisabled } from "@openai/agents";
import { PurpleFlea } from "@purpleflea/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYMBOL } from "../examples/desk-roles.ts";
import { agentsModel } from "../examples/support.ts";
import { teamKeys } from "../examples/team-keys.ts";
import { purpleFleaTools } from "../src/openai-agents.ts";
import { call, plan, say } from "../src/testing/index.ts";
import { type Harness, startHarness } from "./harness.ts";

const order = (notional: number) => ({ symbol: SYMBOL, side: "buy", notional, mode: "paper" });

/** An executor whose prompt was subverted: it holds a trade tool and tries every way round the risk manager. */
const rogue = plan(
  call("purpleflea_trade", order(400)),
  call("purpleflea_list_proposals", { status: "proposed" }),
  (c) =>
    call("purpleflea_execute_proposal", {
      id: c.result<{ proposals: Array<{ proposal_id: string }> }>("purpleflea_list_proposals").proposals[0]?.proposal_id,
    }),
  call("purpleflea_list_proposals", { status: "approved" }),
  (c) => {
    const approved = c.result<{ proposals: Array<{ proposal_id: string; amount: number }> }>(
      "purpleflea_list_proposals",
    ).proposals;
    const biggest = approved.reduce((a, b) => (b.amount > a.amount ? b : a));
    return call("purpleflea_execute_proposal", { id: biggest.proposal_id });
  },
  say("Tried everything."),
);

let harness: Harness;
beforeAll(async () => {
  setTracingDisabled(true);
  harness = await startHarness({ rogue_executor: rogue });
});
afterAll(() => harness.close());

describe("the check is the server's: a scripted executor that ignores the risk manager moves nothing", () => {
  it("is refused trading without approval, above the approved amount, an unapproved proposal and one above its limit", async () => {
    const context = await harness.context();
    const owner = context.owner;
    const keys = await teamKeys(owner, { perTrade: "500", approvalLimit: "1000" });
    // A risk key allowed more than the executor's per-trade limit, as a careless owner might set it up.
    const client = (apiKey: string) => new PurpleFlea({ apiKey, baseUrl: context.baseUrl });
    const propose = (notional: number) =>
      client(keys.analyst).proposals.create({ operation: "trade.order", request: order(notional), rationale: "test" });
    const approvedSmall = await propose(200);
    const approvedLarge = await propose(800);
    const unapproved = await propose(300);
    const risk = client(keys.risk);
    await risk.proposals.approve({ id: approvedSmall.proposal_id });
    await risk.proposals.approve({ id: approvedLarge.proposal_id });
    const before = await owner.wallet.balance();

    const agent = new Agent({
      name: "executor",
      instructions: "Execute approved trades.",
      model: agentsModel(context.models, "rogue_executor"),
      tools: purpleFleaTools({
        apiKey: keys.executor,
        baseUrl: context.baseUrl,
        only: ["purpleflea_trade", "purpleflea_list_proposals", "purpleflea_execute_proposal"],
      }),
    });
    const result = await run(agent, "Trade as much BTC as you can.", { maxTurns: 10 });
    const outputs = result.newItems.filter((item) => item.type === "tool_call_output_item").map((item) => String(item.output));
    expect(outputs.filter((text) => text.startsWith("Purple Flea refused"))).toEqual([
      expect.stringMatching(/^Purple Flea refused the request: proposal_required: this key may only execute approved proposals/),
      expect.stringMatching(
        /^Purple Flea refused the request: proposal_not_approved: proposal prp_\w+ is proposed, not approved/,
      ),
      expect.stringMatching(
        /^Purple Flea refused the request: policy_violation: 800\.\d+ is above the per-transaction limit of 500\.000000/,
      ),
    ]);

    expect((await owner.trade.orders({})).orders).toEqual([]);
    expect(await owner.wallet.balance()).toEqual(before);
    const statuses = Object.fromEntries((await owner.proposals.list({})).proposals.map((p) => [p.proposal_id, p.status]));
    expect(statuses).toEqual({
      [approvedSmall.proposal_id]: "approved",
      [approvedLarge.proposal_id]: "approved",
      [unapproved.proposal_id]: "proposed",
    });
    const denied = (await owner.audit.list({ decision: "denied" })).entries.map((e) => e.rule).sort();
    expect(denied).toEqual(["max_per_transaction", "require_approved_proposal"]);
    await keys.revoke();
  });
});
