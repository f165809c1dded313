import { type ToolSet, tool } from "ai";
import { createToolset, type PurpleFleaToolsOptions } from "./toolset.ts";

/**
 * Purple Flea tools for the Vercel AI SDK, keyed by name as `generateText({ tools })` takes them:
 *
 *     const tools = purpleFleaTools({ apiKey, only: ["purpleflea_get_balance", "purpleflea_trade"] });
 *     await generateText({ model, tools, stopWhen: isStepCount(5), prompt: "..." });
 *
 * Each result is the text the model reads: the server's JSON, or a sentence with the error code.
 */
export function purpleFleaTools(options: PurpleFleaToolsOptions = {}): ToolSet {
  const { tools } = createToolset(options);
  return Object.fromEntries(
    tools.map((t) => [
      t.name,
      tool({
        description: t.description,
        inputSchema: t.input,
        execute: (input: Record<string, unknown>) => t.run(input),
      }),
    ]),
  );
}
