import { type Operation, operations } from "@purpleflea/protocol";
import { toolAnnotations, toolTitle } from "./tool-annotations.ts";
import { toolDescription, toolInputSchema, toolOutputSchema } from "./tool-schema.ts";

export interface InvokeResult {
  status: number;
  body: unknown;
}

/** How a tool reaches the API: in-process on the server, over HTTP from the stdio bridge. */
export type ToolInvoker = (
  op: Operation,
  input: Record<string, unknown>,
  idempotencyKey: string | undefined,
) => Promise<InvokeResult>;

export const toolOperations: readonly Operation[] = (Object.values(operations) as Operation[]).filter((op) => op.tool !== null);

/** Whose key the MCP client holds: it sees the tools that key can use, agent tools or operator tools. */
export type ToolAudience = "agent" | "operator";

export function toolsFor(audience: ToolAudience): readonly Operation[] {
  return toolOperations.filter((op) => op.principal === "any" || (op.principal === "operator") === (audience === "operator"));
}

export function listTools(audience: ToolAudience = "agent") {
  return toolsFor(audience).map((op) => ({
    name: op.tool as string,
    title: toolTitle(op),
    description: toolDescription(op),
    inputSchema: toolInputSchema(op),
    outputSchema: toolOutputSchema(op),
    annotations: toolAnnotations(op),
  }));
}

interface ToolResult {
  [key: string]: unknown;
  content: Array<{ type: "text"; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/**
 * Runs a tool through the API. Business failures come back as tool results with isError and our
 * error code, so a model can read them and react; only unknown tools are protocol errors.
 */
export async function callTool(
  invoke: ToolInvoker,
  name: string,
  args: Record<string, unknown> = {},
  audience: ToolAudience = "agent",
): Promise<ToolResult> {
  const op = toolsFor(audience).find((candidate) => candidate.tool === name);
  if (!op) return errorResult("not_found", `no tool named ${name}`);
  const { idempotency_key: key, ...input } = args;
  const { status, body } = await invoke(op, input, typeof key === "string" ? key : undefined);
  if (status === 202) {
    return {
      content: [
        { type: "text", text: `approval_required: a human must approve this first; do not retry. ${JSON.stringify(body)}` },
      ],
      structuredContent: asRecord(body),
    };
  }
  if (status >= 400) {
    const { code, message, ...rest } = asRecord(asRecord(body).error);
    return errorResult(String(code ?? "internal"), String(message ?? `HTTP ${status}`), rest);
  }
  return { content: [{ type: "text", text: JSON.stringify(body) }], structuredContent: asRecord(body) };
}

/** `extra` is the rest of the API's error (details, request_id), passed on as the API sent it. */
function errorResult(code: string, message: string, extra: Record<string, unknown> = {}): ToolResult {
  const error = { code, message, ...extra };
  return { content: [{ type: "text", text: `${code}: ${message}` }], structuredContent: { error }, isError: true };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
}
