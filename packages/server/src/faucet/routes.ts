import { operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { caller } from "../http/auth.ts";
import { sendWrite } from "../http/money-route.ts";
import { operationRoute } from "../http/operation-route.ts";
import type { Platform } from "../platform.ts";
import { claimFaucet, type FaucetSettings, faucetStatus } from "./faucet.ts";

export function faucetRoutes(platform: Platform) {
  const settings: FaucetSettings = {
    amountMicro: platform.config.FAUCET_AMOUNT,
    maxClaimsPerIpPerDay: platform.config.FAUCET_MAX_CLAIMS_PER_IP_PER_DAY,
  };
  return async (app: FastifyInstance) => {
    // A claim only credits the caller, so no spend policy applies; the scope check still does.
    operationRoute(app, operations.faucetClaim, ({ request, reply }) =>
      sendWrite(platform, request, reply, async (tx) => ({
        status: 200,
        body: await claimFaucet(tx, caller(request).agentId, request.ip, settings),
      })),
    );
    operationRoute(app, operations.faucetStatus, ({ request }) =>
      platform.store.read((tx) => faucetStatus(tx, caller(request).agentId, settings)),
    );
  };
}
