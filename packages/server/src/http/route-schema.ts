import { errorSchema, type Operation } from "@purpleflea/protocol";
import type { z } from "zod";

const errorResponses = { "4xx": errorSchema, "5xx": errorSchema };

/**
 * Route schema with the shared error responses and, unless public, the Bearer requirement. The
 * operationId is the SDK method name (`casino.bet`): stable, and what a generated client would call it.
 */
export function routeSchema<S extends { response: Record<number, z.ZodType> }>(op: Operation, schema: S) {
  return {
    ...schema,
    operationId: op.id,
    tags: [op.tag],
    summary: op.summary,
    security: op.auth ? [{ bearerAuth: [] }] : [],
    response: { ...schema.response, ...errorResponses },
  };
}
