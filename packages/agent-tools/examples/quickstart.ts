/**
 * Quickstart (the seed's quickstart_autogen.py) on the Vercel AI SDK: one agent checks its balance
 * and the price, and places a paper trade sized to at most 5 % of its paper balance.
 *
 *     npx tsx packages/agent-tools/examples/quickstart.ts          # scripted model, offline
 *     OPENAI_API_KEY=sk-... npx tsx packages/agent-tools/examples/quickstart.ts
 */
import { generateText, isStepCount } from "ai";
import { purpleFleaTools } from "../src/ai-sdk.ts";
import { call, plan, type Role, say } from "../src/testing/index.ts";
import { SYMBOL } from "./desk-roles.ts";
import { aiSdkModel, type Example, type ExampleContext, isMain, main } from "./support.ts";

export const task = "Check my balance and place a paper trade: buy 0.01 BTC if my paper balance is above 100 USDC.";

/** BTC's lot: amounts are whole multiples of 0.00001 BTC. */
const LOT = 100_000;

export const roles: Record<string, Role> = {
  purple_flea_trader: plan(
    call("purpleflea_get_balance"),
    call("purpleflea_get_ticker", { symbol: SYMBOL }),
    (c) => {
      const { paper_balance } = c.result<{ paper_balance: number }>("purpleflea_get_balance");
      const { ask } = c.result<{ ask: number }>("purpleflea_get_ticker");
      if (paper_balance <= 100) return say(`The paper balance is ${paper_balance} USDC, not above 100: no trade.`);
      // The seed's rule: never more than 5 % of the balance on one trade, so 0.01 BTC at most.
      const amount = Math.min(0.01, Math.floor(((paper_balance * 0.05) / ask) * LOT) / LOT);
      return call("purpleflea_trade", { symbol: SYMBOL, side: "buy", amount, mode: "paper" });
    },
    (c) => {
      const order = c.results.at(-1)?.json as { filled_amount?: number; fill_price?: number; order_id?: string } | undefined;
      if (order?.order_id === undefined) return say(`No trade: ${c.text("purpleflea_trade")}`);
      return say(`Bought ${order.filled_amount} BTC on paper at ${order.fill_price} (order ${order.order_id}).`);
    },
  ),
};

export interface Outcome {
  text: string;
  toolCalls: string[];
}

export async function run(context: ExampleContext, question = task): Promise<Outcome> {
  const result = await generateText({
    model: aiSdkModel(context.models, "purple_flea_trader"),
    system:
      "You are a financial trading agent on Purple Flea. Always check the balance and the price before trading. " +
      "Never risk more than 5% of the paper balance on a single trade.",
    prompt: question,
    tools: purpleFleaTools({
      apiKey: context.ownerKey,
      baseUrl: context.baseUrl,
      only: ["purpleflea_get_balance", "purpleflea_get_ticker", "purpleflea_trade"],
      fetch: context.fetch,
    }),
    stopWhen: isStepCount(6),
  });
  const outcome = { text: result.text, toolCalls: result.steps.flatMap((step) => step.toolCalls.map((c) => c.toolName)) };
  context.log(`purple_flea_trader: ${outcome.text}`);
  return outcome;
}

const example: Example<Outcome> = { task, roles, run };
if (isMain(import.meta.url)) await main(example);
