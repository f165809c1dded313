import type { Operation } from "@purpleflea/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { routeSchema } from "./route-schema.ts";

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface OperationContext<O extends Operation> {
  request: FastifyRequest;
  reply: FastifyReply;
  params: Parsed<O["params"]>;
  query: Parsed<O["query"]>;
  body: Parsed<O["body"]>;
}

/** Registers the route an operation describes; the handler gets the validated, parsed input. */
export function operationRoute<O extends Operation>(
  app: FastifyInstance,
  op: O,
  handler: (context: OperationContext<O>) => Promise<unknown>,
  otherResponses: Record<number, z.ZodType> = {},
): void {
  app.route({
    method: op.method,
    url: op.path,
    config: { public: !op.auth, scope: op.scope, operation: op.id, ...(op.principal ? { principal: op.principal } : {}) },
    schema: routeSchema(op, {
      ...(op.params ? { params: op.params } : {}),
      ...(op.query ? { querystring: op.query } : {}),
      ...(op.body ? { body: op.body } : {}),
      response: { ...otherResponses, [op.status]: op.response },
    }),
    handler: async (request, reply) => {
      // The zod validator compiler has already parsed these against the operation's schemas.
      const context = { request, reply, params: request.params, query: request.query, body: request.body } as OperationContext<O>;
      const result = await handler(context);
      // Handlers that answer themselves (money moves with their own status) have already sent.
      if (reply.sent) return reply;
      return reply.code(op.status).send(result);
    },
  });
}
