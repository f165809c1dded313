import { API_PREFIX, type Operation, operations } from "@purpleflea/protocol";
import { jsonSchemaTransformObject } from "fastify-type-provider-zod";

type Document = ReturnType<typeof jsonSchemaTransformObject>;
type PathItem = Record<string, { requestBody?: { required?: boolean } }>;

/**
 * The OpenAPI document as strict as the server, where @fastify/swagger cannot say it from a route's
 * schema: a body the operation accepts absent (every field optional, as for seed rotation) is not
 * `required`, because the server does not require it.
 */
export function strictDocument(input: Parameters<typeof jsonSchemaTransformObject>[0]): Document {
  const document = jsonSchemaTransformObject(input);
  const paths = (document.paths ?? {}) as Record<string, PathItem>;
  for (const op of Object.values(operations) as Operation[]) {
    if (!op.body?.safeParse(undefined).success) continue;
    const path = `${API_PREFIX}${op.path.replace(/:([a-z_]+)/g, "{$1}")}`;
    const body = paths[path]?.[op.method.toLowerCase()]?.requestBody;
    if (body) body.required = false;
  }
  return document;
}
