import { newId } from "@purpleflea/ledger";
import { operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { registerAgent } from "../agents/agents.ts";
import { operationRoute } from "../http/operation-route.ts";
import type { Platform } from "../platform.ts";

export function agentRoutes(platform: Platform) {
  const settings = { paperBankrollMicro: platform.config.PAPER_BANKROLL };
  return async (app: FastifyInstance) => {
    operationRoute(app, operations.register, ({ body }) =>
      platform.store.write((tx) => registerAgent(tx, body, settings, newId("agt"))),
    );
  };
}
