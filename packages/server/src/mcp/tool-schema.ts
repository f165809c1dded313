import { approvalRequiredSchema, errorSchema, type Operation } from "@purpleflea/protocol";
import { z } from "zod";

type JsonSchema = { type?: unknown; properties?: Record<string, unknown>; required?: string[]; anyOf?: unknown[] };

const IDEMPOTENCY_KEY = {
  type: "string",
  maxLength: 255,
  description: "Optional. Reuse the same key when retrying so the money moves at most once.",
};

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema & {
    $schema?: string;
  };
  return rest;
}

/** One flat object schema for a tool: path params, query and body fields side by side. */
export function toolInputSchema(op: Operation): { type: "object" } & JsonSchema {
  const parts = [op.params, op.query, op.body].filter((s): s is z.ZodType => s !== undefined).map((s) => jsonSchema(s, "input"));
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const alternatives: unknown[] = [];
  for (const part of parts) {
    if (part.anyOf) alternatives.push(...part.anyOf);
    Object.assign(properties, part.properties);
    required.push(...(part.required ?? []));
  }
  if (op.moves) properties.idempotency_key = IDEMPOTENCY_KEY;
  return {
    type: "object",
    properties,
    ...(required.length > 0 ? { required } : {}),
    ...(alternatives.length > 0 ? { anyOf: alternatives } : {}),
  };
}

/**
 * What `structuredContent` holds: the operation's response, the approval hold a gated call may answer
 * instead, or the error (a result with isError). MCP clients check every result against this, error
 * results too (the TypeScript SDK's client does), so each of the three shapes has to be in it.
 */
export function toolOutputSchema(op: Operation): { type: "object" } & JsonSchema {
  const shapes = [op.response, ...(op.gated ? [approvalRequiredSchema] : []), errorSchema];
  return { type: "object", anyOf: shapes.map((shape) => jsonSchema(shape, "output")) };
}

export function toolDescription(op: Operation): string {
  const notes = [`${op.summary}.`];
  if (op.moves) notes.push("Moves money (paper money for paper trading); reuse idempotency_key when retrying.");
  if (op.gated) notes.push("May return approval_required: then stop and wait for a human.");
  return notes.join(" ");
}
