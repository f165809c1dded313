/**
 * Analyst -> Risk Manager -> Executor (the seed's multi_agent_team.py) on the OpenAI Agents SDK,
 * with handoffs. Each role holds its own key, so the check is the server's, not a prompt's:
 * the analyst reads and proposes; the risk manager approves proposals and holds no money scope;
 * the executor's key has `require_approved_proposal` and a per-trade limit, so it can trade
 * nothing but what was approved, exactly as approved.
 *
 *     npx tsx packages/agent-tools/examples/analyst-risk-executor.ts          # scripted roles, offline
 *     OPENAI_API_KEY=sk-... npx tsx packages/agent-tools/examples/analyst-risk-executor.ts
 */
import { Agent, run as runAgent } from "@openai/agents";
import { purpleFleaTools } from "../src/openai-agents.ts";
import type { Role } from "../src/testing/index.ts";
import { analystRiskExecutorRoles } from "./desk-roles.ts";
import { agentsModel, type Example, type ExampleContext, isMain, main } from "./support.ts";
import { teamKeys } from "./team-keys.ts";

export const task =
  "Market brief: BTC is holding support after a dip. Analyst: propose one paper trade with a stop-loss. " +
  "Risk manager: approve it only if it risks at most 5% of the balance. Executor: run only what was approved.";

/** Paper USDC: 5 % of the default 10,000 paper bankroll, both what one trade may cost and what risk may approve. */
export const LIMITS = { perTrade: "500", approvalLimit: "500" };

export const roles: Record<string, Role> = analystRiskExecutorRoles;

const instructions = {
  analyst:
    "You are the market analyst. Read the BTC ticker, the last 24 hourly candles and the paper balance, then create " +
    "one proposal with purpleflea_create_proposal (operation trade.order, a paper buy with a stop_loss) and a " +
    "rationale. You cannot trade. Then hand off to the risk manager.",
  risk_manager:
    "You are the risk manager. List the proposals waiting (status proposed) and the balance. Approve the proposal " +
    "only if it costs at most 5% of the paper balance and has a stop-loss; otherwise reject it with the reason. " +
    "After approving, hand off to the executor; after rejecting, reply 'REJECTED: [reason]'.",
  executor:
    "You are the trade executor. List the approved proposals and execute the newest with purpleflea_execute_proposal. " +
    "Never place orders yourself. Report the result starting with 'EXECUTED' (or 'FAILED' with the reason).",
};

export interface Outcome {
  finalOutput: string;
  lastAgent: string;
}

export async function run(context: ExampleContext, brief = task): Promise<Outcome> {
  const keys = await teamKeys(context.owner, LIMITS);
  try {
    const tools = (apiKey: string, only: string[]) =>
      purpleFleaTools({ apiKey, baseUrl: context.baseUrl, only, fetch: context.fetch });
    const agent = (name: keyof typeof instructions, apiKey: string, only: string[], handoffs: Agent[] = []) =>
      new Agent({
        name,
        instructions: instructions[name],
        model: agentsModel(context.models, name),
        tools: tools(apiKey, only),
        handoffs,
      });
    const executorAgent = agent("executor", keys.executor, ["purpleflea_list_proposals", "purpleflea_execute_proposal"]);
    const riskAgent = agent(
      "risk_manager",
      keys.risk,
      ["purpleflea_list_proposals", "purpleflea_get_balance", "purpleflea_approve_proposal", "purpleflea_reject_proposal"],
      [executorAgent],
    );
    const analyst = agent(
      "analyst",
      keys.analyst,
      ["purpleflea_get_ticker", "purpleflea_get_candles", "purpleflea_get_balance", "purpleflea_create_proposal"],
      [riskAgent],
    );
    const result = await runAgent(analyst, brief, { maxTurns: 20 });
    const outcome = { finalOutput: String(result.finalOutput ?? ""), lastAgent: result.lastAgent?.name ?? "" };
    context.log(`${outcome.lastAgent}: ${outcome.finalOutput}`);
    return outcome;
  } finally {
    await keys.revoke();
  }
}

const example: Example<Outcome> = { task, roles, run };
if (isMain(import.meta.url)) await main(example);
