import { type ToolSet, tool } from "ai";
import { type PurpleFleaToolsOptions, toolsByName } from "./toolset.ts";

/**
 * Purple Flea tools for the Vercel AI SDK, keyed by name as `generateText({ tools })` takes them:
 *
 *     const tools = purpleFleaTools({ apiKey, only: ["purpleflea_get_balance", "purpleflea_trade"] });
 *     await generateText({ model, tools, stopWhen: isStepCount(5), prompt: "..." });
 *
 * Each result is the text the model reads: the server's JSON, or a sentence with the error code.
 */
export function purpleFleaTools(options: PurpleFleaToolsOptions = {}): ToolSet {
  return toolsByName(options, (t) =>
    tool({ description: t.description, inputSchema: t.input, execute: (input: Record<string, unknown>) => t.run(input) }),
  );
}
