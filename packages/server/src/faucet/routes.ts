import { faucetClaimResponseSchema, faucetStatusSchema } from "@purpleflea/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { caller } from "../http/auth.ts";
import { sendMoneyMove } from "../http/money-route.ts";
import { routeSchema } from "../http/route-schema.ts";
import type { Platform } from "../platform.ts";
import { claimFaucet, type FaucetSettings, faucetStatus } from "./faucet.ts";

export function faucetRoutes(platform: Platform): FastifyPluginAsyncZod {
  const settings: FaucetSettings = {
    amountMicro: platform.config.FAUCET_AMOUNT,
    maxClaimsPerIpPerDay: platform.config.FAUCET_MAX_CLAIMS_PER_IP_PER_DAY,
  };
  return async (app) => {
    app.post(
      "/faucet/claim",
      { schema: routeSchema("faucet", "Claim the free USDC, once per agent", { response: { 200: faucetClaimResponseSchema } }) },
      async (request, reply) =>
        sendMoneyMove(platform, request, reply, 200, (tx) => claimFaucet(tx, caller(request).agentId, request.ip, settings)),
    );
    app.get(
      "/faucet/status",
      { schema: routeSchema("faucet", "Whether this agent can still claim", { response: { 200: faucetStatusSchema } }) },
      async (request) => platform.store.read((tx) => faucetStatus(tx, caller(request).agentId, settings)),
    );
  };
}
