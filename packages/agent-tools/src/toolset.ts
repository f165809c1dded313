import type { ApprovalRequired } from "@purpleflea/protocol";
import { PurpleFlea, PurpleFleaNetworkError } from "@purpleflea/sdk";
import { fromEnvironment } from "@purpleflea/sdk/node";
import type { z } from "zod";
import { AnswerCache, DEFAULT_CACHE_TTL_MS } from "./answer-cache.ts";
import { BALANCE_TOOL, selectTools, type ToolDefinition } from "./catalog.ts";
import { dropNulls } from "./tool-input.ts";
import { outcomeText, type ToolError, type ToolOutcome } from "./tool-text.ts";

export interface PurpleFleaToolsOptions {
  /** The agent's key (`pf_live_…`); each role of a team should hold its own. Default PURPLE_FLEA_API_KEY. */
  apiKey?: string;
  /** Server root, e.g. http://127.0.0.1:8080. Default PURPLE_FLEA_BASE_URL, then http://127.0.0.1:8080. */
  baseUrl?: string;
  /** Tool names to build (`["purpleflea_get_balance", "purpleflea_trade"]`); default: every agent tool. */
  only?: readonly string[];
  /** Serve balance and ticker reads from a short TTL cache (`true`: 10 s). Orders, bets and escrow never. */
  cache?: boolean | { ttlMs?: number };
  /** A fetch to send requests with (a proxy, a test recorder); default the global fetch. */
  fetch?: typeof fetch;
}

export interface CallOptions {
  /** Used when the model sent no idempotency_key: the same key makes a repeated call a replay. */
  idempotencyKey?: string;
}

/** A framework-neutral tool: each adapter wraps these in its framework's own tool objects. */
export interface PurpleFleaTool extends ToolDefinition {
  /** Validates, calls the API and reports what happened; business errors are outcomes, never throws. */
  call(input: unknown, options?: CallOptions): Promise<ToolOutcome>;
  /** `call`, as the text the model reads. */
  run(input: unknown, options?: CallOptions): Promise<string>;
}

export interface Toolset {
  tools: PurpleFleaTool[];
  /** The SDK client the tools call through (one key, one server). */
  client: PurpleFlea;
}

export function createToolset(options: PurpleFleaToolsOptions = {}): Toolset {
  const client = new PurpleFlea(fromEnvironment({ apiKey: options.apiKey, baseUrl: options.baseUrl, fetch: options.fetch }));
  const ttlMs = typeof options.cache === "object" ? (options.cache.ttlMs ?? DEFAULT_CACHE_TTL_MS) : DEFAULT_CACHE_TTL_MS;
  const cache = options.cache ? new AnswerCache(ttlMs) : undefined;
  const tools = selectTools(options.only).map((definition): PurpleFleaTool => {
    const call = async (input: unknown, callOptions: CallOptions = {}): Promise<ToolOutcome> => {
      const parsed = definition.input.safeParse(dropNulls(definition.input.shape, input));
      if (!parsed.success) return { kind: "refused", error: invalidInput(parsed.error), sent: false };
      const { idempotency_key: modelKey, ...fields } = parsed.data as Record<string, unknown>;
      const cached = definition.cacheable ? cache?.get(definition.name, fields) : undefined;
      if (cached !== undefined) return { kind: "ok", body: JSON.parse(cached) };
      const idempotencyKey = typeof modelKey === "string" ? modelKey : callOptions.idempotencyKey;
      const outcome = await send(client, definition, fields, idempotencyKey);
      if (definition.moves) cache?.forget(BALANCE_TOOL);
      if (definition.cacheable && outcome.kind === "ok") cache?.set(definition.name, fields, JSON.stringify(outcome.body));
      return outcome;
    };
    return { ...definition, call, run: async (input, callOptions) => outcomeText(await call(input, callOptions)) };
  });
  return { tools, client };
}

/** The tools as a framework that keys its tools by name takes them (the AI SDK, Mastra). */
export function toolsByName<T>(options: PurpleFleaToolsOptions, build: (tool: PurpleFleaTool) => T): Record<string, T> {
  return Object.fromEntries(createToolset(options).tools.map((tool) => [tool.name, build(tool)]));
}

async function send(
  client: PurpleFlea,
  definition: ToolDefinition,
  fields: Record<string, unknown>,
  idempotencyKey: string | undefined,
): Promise<ToolOutcome> {
  const { op, input } = definition.route(fields);
  try {
    const response = await client.send(op, input, { idempotencyKey });
    if (response.status === 202) return { kind: "held", approval: response.body as ApprovalRequired };
    if (response.status >= 400) return { kind: "refused", error: serverError(response.body, response.status), sent: true };
    return { kind: "ok", body: response.body };
  } catch (error) {
    // The SDK's network error names the URL, which the message below already gives: say only why.
    const cause = error instanceof PurpleFleaNetworkError ? error.cause : error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    return {
      kind: "unreachable",
      message: `Could not reach Purple Flea at ${client.baseUrl} (${reason}).`,
      moves: definition.moves,
    };
  }
}

function serverError(body: unknown, status: number): ToolError {
  const error = (body as { error?: Partial<ToolError> } | null)?.error;
  return {
    code: error?.code ?? "internal",
    message: error?.message ?? `HTTP ${status}`,
    ...(error?.details ? { details: error.details } : {}),
  };
}

function invalidInput(error: z.ZodError): ToolError {
  const issue = error.issues[0];
  const field = issue?.path.join(".") || undefined;
  return {
    code: "invalid_request",
    message: issue ? `${field ? `${field}: ` : ""}${issue.message}` : "the arguments do not match the tool's schema",
    ...(field ? { details: { field } } : {}),
  };
}
