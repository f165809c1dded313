import { errorSchema } from "@purpleflea/protocol";
import type { z } from "zod";

const errorResponses = { "4xx": errorSchema, "5xx": errorSchema };

/** Route schema with the shared error responses and, unless public, the Bearer requirement. */
export function routeSchema<S extends { response: Record<number, z.ZodType> }>(
  tag: string,
  summary: string,
  schema: S,
  options: { public?: boolean } = {},
) {
  return {
    ...schema,
    tags: [tag],
    summary,
    security: options.public ? [] : [{ bearerAuth: [] }],
    response: { ...schema.response, ...errorResponses },
  };
}
