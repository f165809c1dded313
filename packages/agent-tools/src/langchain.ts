import { type DynamicStructuredTool, tool } from "@langchain/core/tools";
import { createToolset, type PurpleFleaToolsOptions } from "./toolset.ts";

/**
 * Purple Flea tools for LangChain.js (and LangGraph), for `createAgent({ model, tools })` or
 * `model.bindTools(tools)`. Each result is the text the model reads: the server's JSON, or a
 * sentence with the error code.
 */
export function purpleFleaTools(options: PurpleFleaToolsOptions = {}): DynamicStructuredTool[] {
  const { tools } = createToolset(options);
  return tools.map((t) =>
    tool((input: Record<string, unknown>) => t.run(input), { name: t.name, description: t.description, schema: t.input }),
  );
}
