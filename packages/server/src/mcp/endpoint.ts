import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { API_PREFIX, operationPath, splitInput } from "@purpleflea/protocol";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { createMcpServer } from "./mcp-server.ts";
import type { ToolInvoker } from "./tools.ts";

/** Tools call the same routes in-process, with the caller's own key: one path for every rule. */
function injectInvoker(app: FastifyInstance, request: FastifyRequest): ToolInvoker {
  return async (op, input, idempotencyKey) => {
    const { query, body } = splitInput(op, input);
    const response = await app.inject({
      // The caller's address, so per-address limits (rate, faucet) count the client, not this server.
      remoteAddress: request.ip,
      method: op.method,
      url: `${API_PREFIX}${operationPath(op, input)}`,
      query,
      headers: {
        authorization: request.headers.authorization ?? "",
        ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
  };
}

/** Streamable HTTP at /mcp, stateless: each POST is answered on its own, behind the same Bearer auth. */
export function registerMcpEndpoint(app: FastifyInstance, root: FastifyInstance): void {
  // Agent and operator keys alike: each sees the tools its key can use.
  app.post("/mcp", { schema: { hide: true }, config: { principal: "any" } }, async (request, reply) => {
    const server = createMcpServer(injectInvoker(root, request), request.operator ? "operator" : "agent");
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.hijack();
    reply.raw.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });
  // Stateless: no server-to-client stream to GET and no session to DELETE, so those are 405 (Allow: POST).
}
