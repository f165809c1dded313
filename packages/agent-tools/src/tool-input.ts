import type { Operation } from "@purpleflea/protocol";
import { z } from "zod";

/** What the server's Idempotency-Key means to a model: optional, and the way to retry safely. */
export const idempotencyKeyField = z
  .string()
  .min(1)
  .max(255)
  .optional()
  .describe("Optional. Send the same key again when retrying this exact call, so the money moves at most once.");

type Shape = Record<string, z.ZodType>;

interface Alternatives {
  /** One shape per alternative body (a union has several, an object one). */
  shapes: Shape[];
  /** The whole part may be left out (a nullish body). */
  optional: boolean;
}

/** The object shapes behind a schema, looking through transforms, optional wrappers and unions. */
function alternatives(schema: z.ZodType | undefined): Alternatives {
  if (!schema) return { shapes: [], optional: true };
  const def = (schema as z.ZodType & { _zod: { def: Record<string, unknown> } })._zod.def;
  switch (def.type) {
    case "pipe":
      return alternatives(def.in as z.ZodType);
    case "optional":
    case "nullable":
      return { ...alternatives(def.innerType as z.ZodType), optional: true };
    case "union":
      return {
        shapes: (def.options as z.ZodType[]).flatMap((option) => alternatives(option).shapes),
        optional: false,
      };
    case "object":
      return { shapes: [(schema as z.ZodObject).shape as Shape], optional: false };
    default:
      throw new Error(`an operation input of type ${String(def.type)} cannot become tool fields`);
  }
}

type Def = { type: string; options?: z.ZodType[]; innerType?: z.ZodType; shape?: Shape; element?: z.ZodType; in?: z.ZodType };
const defOf = (schema: z.ZodType) => (schema as z.ZodType & { _zod: { def: Def } })._zod.def;

/**
 * The schema as a model writes it, everywhere inside it: amounts also accept the HTTP parser's
 * exact-number objects (`JsonNumber`), which only the server's body parser makes and no JSON schema
 * can express, so a framework turning the input into JSON schema would fail on them; a model writes
 * numbers or strings. A part with nothing to drop is returned as it was.
 */
function modelFacing(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  const rebuilt = rebuild(def);
  if (!rebuilt) return schema;
  const meta = z.globalRegistry.get(schema);
  return meta ? rebuilt.meta(meta) : rebuilt;
}

function rebuild(def: Def): z.ZodType | undefined {
  switch (def.type) {
    case "pipe":
      return def.in && modelFacing(def.in);
    case "union": {
      const options = def.options ?? [];
      const kept = options.filter((option) => defOf(option).type !== "custom").map(modelFacing);
      if (kept.length === options.length && kept.every((k, i) => k === options[i])) return undefined;
      const [first, second, ...rest] = kept;
      return first && second ? z.union([first, second, ...rest]) : first;
    }
    case "optional":
    case "nullable": {
      const inner = def.innerType && modelFacing(def.innerType);
      if (!inner || inner === def.innerType) return undefined;
      return def.type === "optional" ? inner.optional() : inner.nullable();
    }
    case "array": {
      const element = def.element && modelFacing(def.element);
      return element && element !== def.element ? z.array(element) : undefined;
    }
    case "object": {
      const entries = Object.entries(def.shape ?? {}).map(([key, value]) => [key, modelFacing(value)] as const);
      return entries.some(([key, value]) => value !== def.shape?.[key]) ? z.object(Object.fromEntries(entries)) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The input side of one field: what a model writes, before the server parses it (an amount stays
 * a number or a decimal string, never the bigint the server turns it into), with its description.
 */
function inputField(field: z.ZodType, required: boolean): z.ZodType {
  const input = modelFacing(z.input(field));
  const described = field.description ? input.describe(field.description) : input;
  return required || described.isOptional() ? described : described.optional();
}

/**
 * One flat object of every field an operation takes: path params, query and body side by side, as
 * the MCP tools have them. A body with alternatives (verify by bet id or by seeds) lists the fields
 * of all of them, each optional; the server checks which combination was sent.
 */
export function operationInputShape(op: Operation): Shape {
  const fields: Shape = {};
  for (const part of [op.params, op.query, op.body]) {
    const { shapes, optional } = alternatives(part);
    const names = new Set(shapes.flatMap((shape) => Object.keys(shape)));
    for (const name of names) {
      const present = shapes.filter((shape) => shape[name] !== undefined);
      const required =
        !optional && present.length === shapes.length && present.every((shape) => !(shape[name] as z.ZodType).isOptional());
      fields[name] = inputField(present[0]?.[name] as z.ZodType, required);
    }
  }
  if (op.moves) fields.idempotency_key = idempotencyKeyField;
  return fields;
}

/** Optional fields a framework filled with null (strict function calling has no "absent"): absent. */
export function dropNulls(shape: Shape, input: unknown): unknown {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
  return Object.fromEntries(
    Object.entries(input).filter(([key, value]) => value !== null || shape[key]?.safeParse(null).success === true),
  );
}
