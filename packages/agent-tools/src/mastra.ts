import { createTool } from "@mastra/core/tools";
import { type PurpleFleaToolsOptions, toolsByName } from "./toolset.ts";

/**
 * Purple Flea tools for Mastra, keyed by name as `new Agent({ tools })` takes them. Each result is
 * the text the model reads: the server's JSON, or a sentence with the error code.
 */
export function purpleFleaTools(options: PurpleFleaToolsOptions = {}) {
  return toolsByName(options, (t) =>
    createTool({
      id: t.name,
      description: t.description,
      inputSchema: t.input,
      execute: async (input: Record<string, unknown>) => t.run(input),
    }),
  );
}
