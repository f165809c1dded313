import { API_PREFIX, type Operation, operations } from "@purpleflea/protocol";
import { jsonSchemaTransformObject } from "fastify-type-provider-zod";

type Document = ReturnType<typeof jsonSchemaTransformObject>;
type Response = { headers?: Record<string, unknown> };
type PathItem = Record<string, { requestBody?: { required?: boolean }; responses?: Record<string, Response> }>;

const header = (description: string, type: "string" | "integer") => ({ description, schema: { type } });

/** The headers every answer carries (README "HTTP conventions"): `components.headers`, referenced by each response. */
export const RESPONSE_HEADERS = {
  "Request-Id": header("This request's id (req_...), also in error bodies and the server's log", "string"),
  "RateLimit-Limit": header("Requests the budget allows per minute (when rate limiting is on)", "integer"),
  "RateLimit-Remaining": header("Requests left in the budget", "integer"),
  "RateLimit-Reset": header("Seconds until the budget is full again", "integer"),
  "Retry-After": header("On a 429: seconds until the limit that refused lets a request through", "integer"),
};

function responseHeaders(status: string): Record<string, { $ref: string }> {
  const names = Object.keys(RESPONSE_HEADERS).filter((name) => name !== "Retry-After" || status === "4XX");
  return Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));
}

/**
 * The OpenAPI document as strict as the server, where @fastify/swagger cannot say it from a route's
 * schema: a body the operation accepts absent (every field optional, as for seed rotation) is not
 * `required`, because the server does not require it; and every response names the headers it carries.
 */
export function strictDocument(input: Parameters<typeof jsonSchemaTransformObject>[0]): Document {
  const document = jsonSchemaTransformObject(input);
  const paths = (document.paths ?? {}) as Record<string, PathItem>;
  for (const op of Object.values(operations) as Operation[]) {
    const path = `${API_PREFIX}${op.path.replace(/:([a-z_]+)/g, "{$1}")}`;
    const documented = paths[path]?.[op.method.toLowerCase()];
    for (const [status, response] of Object.entries(documented?.responses ?? {})) {
      response.headers = { ...response.headers, ...responseHeaders(status) };
    }
    if (!op.body?.safeParse(undefined).success) continue;
    if (documented?.requestBody) documented.requestBody.required = false;
  }
  return document;
}
