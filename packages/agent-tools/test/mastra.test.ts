import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purpleFleaTools } from "../src/mastra.ts";
import { type Harness, startHarness } from "./harness.ts";
import { expectTradedAndRefused, trader } from "./trader-role.ts";

let harness: Harness;
beforeAll(async () => {
  // Mastra reports usage to its makers unless told not to; tests send traffic to 127.0.0.1 only.
  process.env.MASTRA_TELEMETRY_DISABLED = "1";
  harness = await startHarness({ trader });
});
afterAll(() => harness.close());

describe("Mastra: the tools in an Agent's own loop", () => {
  it("trades on paper, and a refused bet comes back to the model as text", async () => {
    const { Agent } = await import("@mastra/core/agent");
    const context = await harness.context();
    const agent = new Agent({
      id: "trader",
      name: "trader",
      instructions: "You trade on Purple Flea.",
      // Mastra's own OpenAI-compatible model config, as a user points it at Ollama or vLLM.
      model: { providerId: "scripted", modelId: "trader", url: context.models.baseURL, apiKey: "scripted", api: "chat" },
      tools: purpleFleaTools({
        apiKey: context.ownerKey,
        baseUrl: context.baseUrl,
        only: ["purpleflea_get_ticker", "purpleflea_trade", "purpleflea_bet"],
      }),
    });
    const result = await agent.generate("Buy 25 USDC of BTC on paper, then bet 5 USDC.", { maxSteps: 5 });
    const toolTexts = result.toolResults.map((r) => String((r as { payload?: { result?: unknown } }).payload?.result ?? ""));
    await expectTradedAndRefused(context.owner, toolTexts, result.text);
    expect(result.toolResults).toHaveLength(3);
  });
});
