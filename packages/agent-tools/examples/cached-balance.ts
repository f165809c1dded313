/**
 * Decision caching (the seed's cached_agent.py) on the Vercel AI SDK: `cache` serves balance and
 * ticker reads from a short TTL cache, so a model that checks its balance again and again costs one
 * request; a money-moving call forgets the cached balance at once (the seed's cache showed the
 * balance from before a trade), and orders, bets and escrow are never cached.
 *
 *     npx tsx packages/agent-tools/examples/cached-balance.ts          # scripted model, offline
 */
import { generateText, isStepCount } from "ai";
import { purpleFleaTools } from "../src/ai-sdk.ts";
import { call, plan, type Role, say } from "../src/testing/index.ts";
import { aiSdkModel, type Example, type ExampleContext, isMain, main } from "./support.ts";

export const task = "Check my balance twice, buy 20 USDC of SOL on paper, then tell me my paper balance before and after.";

export const roles: Record<string, Role> = {
  cautious_trader: plan(
    call("purpleflea_get_balance"),
    call("purpleflea_get_balance"),
    call("purpleflea_trade", { symbol: "SOL", side: "buy", notional: 20, mode: "paper" }),
    call("purpleflea_get_balance"),
    (c) => {
      const [before, , , after] = c.results.map((r) => (r.json as { paper_balance?: number } | undefined)?.paper_balance);
      return say(`Paper balance before: ${before}, after: ${after}.`);
    },
  ),
};

export interface Outcome {
  text: string;
}

export async function run(context: ExampleContext, question = task): Promise<Outcome> {
  const result = await generateText({
    model: aiSdkModel(context.models, "cautious_trader"),
    prompt: question,
    tools: purpleFleaTools({
      apiKey: context.ownerKey,
      baseUrl: context.baseUrl,
      only: ["purpleflea_get_balance", "purpleflea_trade"],
      cache: { ttlMs: 60_000 },
      fetch: context.fetch,
    }),
    stopWhen: isStepCount(6),
  });
  context.log(`cautious_trader: ${result.text}`);
  return { text: result.text };
}

const example: Example<Outcome> = { task, roles, run };
if (isMain(import.meta.url)) await main(example);
