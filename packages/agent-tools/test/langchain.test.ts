import { ChatOpenAI } from "@langchain/openai";
import { createAgent } from "langchain";
import { afterAll, beforeAll, describe, it } from "vitest";
import { purpleFleaTools } from "../src/langchain.ts";
import { type Harness, startHarness } from "./harness.ts";
import { expectTradedAndRefused, trader } from "./trader-role.ts";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ trader });
});
afterAll(() => harness.close());

describe("LangChain.js: the tools in createAgent's own loop", () => {
  it("trades on paper, and a refused bet comes back to the model as text", async () => {
    const context = await harness.context();
    const model = new ChatOpenAI({ model: "trader", apiKey: "scripted", configuration: { baseURL: context.models.baseURL } });
    const tools = purpleFleaTools({
      apiKey: context.ownerKey,
      baseUrl: context.baseUrl,
      only: ["purpleflea_get_ticker", "purpleflea_trade", "purpleflea_bet"],
    });
    const agent = createAgent({ model, tools });
    const result = await agent.invoke({ messages: [{ role: "user", content: "Buy 25 USDC of BTC on paper, then bet 5 USDC." }] });
    const toolTexts = result.messages.filter((m) => m.type === "tool").map((m) => String(m.content));
    await expectTradedAndRefused(context.owner, toolTexts, String(result.messages.at(-1)?.content));
  });
});
