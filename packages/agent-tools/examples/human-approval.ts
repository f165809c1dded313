/**
 * Human approval above $100 (the seed's human_in_loop.py) on the OpenAI Agents SDK. The trader's
 * key has `approval_threshold: 100`, so the server holds any order worth more (HTTP 202) and the
 * run stops with the framework's own interruption for that tool call. A human decides on the
 * server's approval queue, here at the terminal (with a separate approver key), or anywhere else
 * (the console, `npx purpleflea approvals approve <id>`, a webhook) when no terminal is attached;
 * then the run resumes and the tool returns what the approved order did. Below $100 nobody is asked.
 *
 *     npx tsx packages/agent-tools/examples/human-approval.ts          # scripted trader, offline
 *     OPENAI_API_KEY=sk-... npx tsx packages/agent-tools/examples/human-approval.ts
 */
import { createInterface } from "node:readline/promises";
import { Agent, run as runAgent } from "@openai/agents";
import type { Approval, ApprovalRequired } from "@purpleflea/protocol";
import { PurpleFlea } from "@purpleflea/sdk";
import { heldApproval, purpleFleaTools, waitForServerDecisions } from "../src/openai-agents.ts";
import { call, plan, type Role, say } from "../src/testing/index.ts";
import { SYMBOL } from "./desk-roles.ts";
import { agentsModel, type Example, type ExampleContext, isMain, main } from "./support.ts";

/** USDC (paper USDC for paper orders): the seed's "auto-approve below $100". */
export const APPROVAL_THRESHOLD = "100";
export const SMALL_ORDER = 40;
export const LARGE_ORDER = 250;

export const task = `Buy ${SMALL_ORDER} USDC of BTC on paper, then ${LARGE_ORDER} USDC more, and report both orders.`;

const orderText = (text: string | undefined) => text ?? "no answer";

export const roles: Record<string, Role> = {
  trader: plan(
    call("purpleflea_get_ticker", { symbol: SYMBOL }),
    call("purpleflea_trade", { symbol: SYMBOL, side: "buy", notional: SMALL_ORDER, mode: "paper" }),
    call("purpleflea_trade", { symbol: SYMBOL, side: "buy", notional: LARGE_ORDER, mode: "paper" }),
    (c) => {
      const large = orderText(c.text("purpleflea_trade"));
      const order = c.results.at(-1)?.json as { status?: string; order_id?: string } | undefined;
      if (order?.status === "filled")
        return say(`EXECUTED: the ${LARGE_ORDER} USDC order ${order.order_id} was approved and filled.`);
      return say(`NOT DONE: the ${LARGE_ORDER} USDC order did not run: ${large}`);
    },
  ),
};

const instructions =
  `You place the paper orders you are asked for with purpleflea_trade. Orders above ${APPROVAL_THRESHOLD} USDC wait ` +
  "for a human: that is expected. Report the outcome of each order; start with 'EXECUTED' if the last one filled.";

/** A human's verdict on one held request: true approves, false rejects, null leaves it to the queue. */
export type Decide = (approval: ApprovalRequired) => Promise<boolean | null>;

/** At a terminal, ask; with none attached (CI, a service), leave the decision to the approval queue. */
export const askAtTerminal: Decide = async (approval) => {
  if (!process.stdin.isTTY) return null;
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await terminal.question(`Approve ${approval.summary} (${approval.approval_id})? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    terminal.close();
  }
};

export interface Outcome {
  finalOutput: string;
  decisions: Array<Pick<Approval, "approval_id" | "status" | "decided_by">>;
}

export interface HumanApprovalOptions {
  decide?: Decide;
  /** How long to wait for a decision made elsewhere. */
  waitMs?: number;
}

export async function run(context: ExampleContext, order = task, options: HumanApprovalOptions = {}): Promise<Outcome> {
  const trader = await context.owner.keys.create({
    name: "trader",
    scopes: ["trade"],
    policy: { approval_threshold: APPROVAL_THRESHOLD },
  });
  const approver = await context.owner.keys.create({ name: "compliance", scopes: ["approve"] });
  const compliance = new PurpleFlea({ apiKey: approver.api_key, baseUrl: context.baseUrl, fetch: context.fetch });
  try {
    const agent = new Agent({
      name: "trader",
      instructions,
      model: agentsModel(context.models, "trader"),
      tools: purpleFleaTools({
        apiKey: trader.api_key,
        baseUrl: context.baseUrl,
        only: ["purpleflea_get_ticker", "purpleflea_trade", "purpleflea_get_approval"],
        fetch: context.fetch,
      }),
    });
    const waitMs = options.waitMs ?? 600_000;
    let result = await runAgent(agent, order, { maxTurns: 10 });
    const decisions: Outcome["decisions"] = [];
    while (result.interruptions.length > 0) {
      for (const item of result.interruptions) {
        const held = heldApproval(item);
        if (!held) continue;
        context.log(`held: ${held.summary} (approval ${held.approval_id}, expires ${held.expires_at})`);
        const verdict = await (options.decide ?? askAtTerminal)(held);
        const note = "decided by compliance at the terminal";
        if (verdict === true) await compliance.approvals.approve({ id: held.approval_id, note });
        else if (verdict === false) await compliance.approvals.reject({ id: held.approval_id, note });
        else
          context.log(
            `waiting up to ${waitMs / 60_000} min for a decision: npx purpleflea approvals approve ${held.approval_id} ` +
              "(or reject; the CLI uses the owner key saved in the profile), or the console",
          );
      }
      const decided = await waitForServerDecisions(result, { timeoutMs: waitMs, pollMs: 250 });
      if (decided.length === 0) break;
      for (const { approval } of decided) {
        decisions.push({ approval_id: approval.approval_id, status: approval.status, decided_by: approval.decided_by });
      }
      result = await runAgent(agent, result.state, { maxTurns: 10 });
    }
    const outcome = { finalOutput: String(result.finalOutput ?? "still waiting for a decision"), decisions };
    context.log(`trader: ${outcome.finalOutput}`);
    return outcome;
  } finally {
    for (const key of [trader, approver]) await context.owner.keys.revoke({ id: key.key_id });
  }
}

const example: Example<Outcome> = { task, roles, run };
if (isMain(import.meta.url)) await main(example);
