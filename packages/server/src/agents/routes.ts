import { newId } from "@purpleflea/ledger";
import { registerRequestSchema, registerResponseSchema } from "@purpleflea/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { routeSchema } from "../http/route-schema.ts";
import type { Platform } from "../platform.ts";
import { registerAgent } from "./agents.ts";

export function agentRoutes(platform: Platform): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/auth/register",
      {
        config: { public: true },
        schema: routeSchema(
          "agents",
          "Register an agent; returns its API key once",
          { body: registerRequestSchema, response: { 201: registerResponseSchema } },
          { public: true },
        ),
      },
      async (request, reply) => {
        const settings = { paperBankrollMicro: platform.config.PAPER_BANKROLL };
        const agent = await platform.store.write((tx) => registerAgent(tx, request.body, settings, newId("agt")));
        return reply.code(201).send(agent);
      },
    );
  };
}
