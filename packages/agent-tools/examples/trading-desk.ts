/**
 * The trading desk (the seed's group_chat_trading.py) on the OpenAI Agents SDK: a coordinator
 * picks who speaks next among four seats it holds as agents-as-tools (macro analyst, technical
 * analyst, risk officer, executor). The executor's seat is not even offered to the coordinator
 * until the server holds an approved proposal (`isEnabled`), and its key could only execute that
 * proposal anyway (`require_approved_proposal`).
 *
 *     npx tsx packages/agent-tools/examples/trading-desk.ts          # scripted roles, offline
 *     OPENAI_API_KEY=sk-... npx tsx packages/agent-tools/examples/trading-desk.ts
 */
import { Agent, run as runAgent } from "@openai/agents";
import { PurpleFlea } from "@purpleflea/sdk";
import { purpleFleaTools } from "../src/openai-agents.ts";
import { type Conversation, call, plan, type Role, say } from "../src/testing/index.ts";
import { executor, proposeBuy, riskManager, SYMBOL, trend } from "./desk-roles.ts";
import { agentsModel, type Example, type ExampleContext, isMain, main } from "./support.ts";
import { teamKeys } from "./team-keys.ts";

export const task = "Desk meeting: should we take a small paper position in BTC today? Decide and, if approved, execute.";

/** Paper USDC: 3 % of the default 10,000 paper bankroll, the desk's limit per trade. */
export const LIMITS = { perTrade: "300", approvalLimit: "300" };

const SEATS = ["macro_analyst", "technical_analyst", "risk_officer", "executor"] as const;

const stance = (change: number) => (change >= 0 ? "BULLISH" : "BEARISH");

/** The coordinator asks each seat in turn and passes on what the seats before it said. */
function ask(seat: string, conversation: Conversation): ReturnType<typeof call> {
  const said = conversation.results.map((r) => `${r.name}: ${r.text}`).join("\n");
  return call(seat, { input: `${conversation.task}\n${said}`.trim() });
}

export const roles: Record<string, Role> = {
  coordinator: plan(
    (c) => ask("macro_analyst", c),
    (c) => ask("technical_analyst", c),
    (c) => ask("risk_officer", c),
    (c) => (c.offers("executor") ? ask("executor", c) : say(`Desk done. ${c.text("risk_officer")}`)),
    (c) => say(`Desk done. ${c.text("executor")}`),
  ),
  macro_analyst: plan(call("purpleflea_get_candles", { symbol: SYMBOL, interval: "4h", limit: 12 }), (c) => {
    const change = trend(c.result("purpleflea_get_candles"));
    return say(`${stance(change)}: BTC moved ${(change * 100).toFixed(2)} % over two days of 4-hour candles.`);
  }),
  technical_analyst: plan(
    call("purpleflea_get_candles", { symbol: SYMBOL, interval: "1h", limit: 24 }),
    call("purpleflea_get_ticker", { symbol: SYMBOL }),
    call("purpleflea_get_balance"),
    (c) => {
      const change = trend(c.result("purpleflea_get_candles"));
      const why = `${stance(change)} on the hourly chart (${(change * 100).toFixed(2)} % in 24 hours).`;
      return proposeBuy(c, { share: 0.02, stopLoss: 0.03, takeProfit: 0.06 }, why);
    },
    (c) => {
      const { proposal_id, rationale } = c.result<{ proposal_id: string; rationale: string }>("purpleflea_create_proposal");
      return say(`Proposal ${proposal_id}: ${rationale}`);
    },
  ),
  risk_officer: riskManager({
    maxShare: 0.03,
    approved: "TRADE APPROVED",
    rejected: "TRADE REJECTED",
    veto: (c) => (c.task.includes("BEARISH") ? "the analysts do not both see a bullish market" : null),
  }),
  executor,
};

const instructions = {
  coordinator:
    "You are the trading desk coordinator. Ask the seats in this order: macro_analyst, technical_analyst, risk_officer, " +
    "then executor if it is available (it appears only once the risk officer approved a proposal). Pass each seat " +
    "what the seats before it said. End with the outcome.",
  macro_analyst: "Evaluate the macro picture from BTC's 4-hour candles. Give a BULLISH or BEARISH stance with 1-3 data points.",
  technical_analyst:
    "Evaluate BTC's price action (hourly candles, ticker) and the paper balance, then create one proposal: a paper " +
    "buy (operation trade.order) with a stop_loss and a take_profit. You cannot trade.",
  risk_officer:
    "Review the newest proposal. Approve it only if both analysts are BULLISH and it costs at most 3% of the paper " +
    "balance; otherwise reject it. Reply 'TRADE APPROVED: [proposal]' or 'TRADE REJECTED: [reason]'.",
  executor: "Execute the newest approved proposal with purpleflea_execute_proposal. Report the result starting with 'EXECUTED'.",
};

export interface Outcome {
  finalOutput: string;
}

export async function run(context: ExampleContext, meeting = task): Promise<Outcome> {
  const keys = await teamKeys(context.owner, LIMITS);
  try {
    const seat = (name: (typeof SEATS)[number], apiKey: string, only: string[]) =>
      new Agent({
        name,
        instructions: instructions[name],
        model: agentsModel(context.models, name),
        tools: purpleFleaTools({ apiKey, baseUrl: context.baseUrl, only, fetch: context.fetch }),
      });
    const reads = ["purpleflea_get_candles", "purpleflea_get_ticker", "purpleflea_get_balance"];
    const seats = {
      macro_analyst: seat("macro_analyst", keys.analyst, ["purpleflea_get_candles"]),
      technical_analyst: seat("technical_analyst", keys.analyst, [...reads, "purpleflea_create_proposal"]),
      risk_officer: seat("risk_officer", keys.risk, [
        "purpleflea_list_proposals",
        "purpleflea_get_balance",
        "purpleflea_approve_proposal",
        "purpleflea_reject_proposal",
      ]),
      executor: seat("executor", keys.executor, ["purpleflea_list_proposals", "purpleflea_execute_proposal"]),
    };
    const desk = new PurpleFlea({ apiKey: keys.executor, baseUrl: context.baseUrl, fetch: context.fetch });
    const startedAt = Date.now();
    // Only a proposal approved in this meeting opens the executor's seat, not one left from an earlier run.
    const approvedExists = async () => {
      const { proposals } = await desk.proposals.list({ status: "approved", limit: 1 });
      return proposals.some((p) => Date.parse(p.created_at) >= startedAt - 1_000);
    };
    const coordinator = new Agent({
      name: "coordinator",
      instructions: instructions.coordinator,
      model: agentsModel(context.models, "coordinator"),
      tools: SEATS.map((name) =>
        seats[name].asTool({
          toolName: name,
          toolDescription: instructions[name],
          ...(name === "executor" ? { isEnabled: approvedExists } : {}),
        }),
      ),
    });
    const result = await runAgent(coordinator, meeting, { maxTurns: 12 });
    const outcome = { finalOutput: String(result.finalOutput ?? "") };
    context.log(`coordinator: ${outcome.finalOutput}`);
    return outcome;
  } finally {
    await keys.revoke();
  }
}

const example: Example<Outcome> = { task, roles, run };
if (isMain(import.meta.url)) await main(example);
