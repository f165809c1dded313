import { operation } from "../operation.ts";
import { registerRequestSchema, registerResponseSchema } from "../schemas-auth.ts";

export const agentsOperations = {
  register: operation({
    id: "auth.register",
    tool: null,
    method: "POST",
    path: "/auth/register",
    tag: "agents",
    summary: "Register an agent; returns its API key once",
    auth: false,
    scope: "read",
    moves: false,
    status: 201,
    body: registerRequestSchema,
    response: registerResponseSchema,
  }),
};
