import { newId } from "@purpleflea/ledger";
import type { FastifyInstance } from "fastify";

/**
 * Every request gets its own id, `req_…`, made here and never taken from the client (a client's
 * header could name another request in our logs). It is the log's `request_id`, the `Request-Id`
 * response header and an error body's `error.request_id`.
 */
export function newRequestId(): string {
  return newId("req");
}

export const REQUEST_ID_HEADER = "request-id";

export const requestIdLogLabel = "request_id";

/**
 * Sets the header on the raw response, so answers Fastify does not write itself (the hijacked MCP
 * endpoint) carry it too: Node merges it into whatever the reply writes.
 */
export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook("onRequest", async (request, reply) => {
    reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
  });
}
