export { AnswerCache, DEFAULT_CACHE_TTL_MS } from "./answer-cache.ts";
export { BALANCE_TOOL, selectTools, TOOL_NAMES, type ToolDefinition } from "./catalog.ts";
export { operationInputShape } from "./tool-input.ts";
export { decidedText, heldText, outcomeText, refusalText, type ToolError, type ToolOutcome } from "./tool-text.ts";
export {
  type CallOptions,
  createToolset,
  type PurpleFleaTool,
  type PurpleFleaToolsOptions,
  type Toolset,
  toolsByName,
} from "./toolset.ts";
