import { operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { claimFaucet, type FaucetSettings, faucetStatus } from "../faucet/faucet.ts";
import { operationRoute } from "../http/operation-route.ts";
import type { Platform } from "../platform.ts";
import { caller } from "./auth.ts";
import { writeRoute } from "./write-route.ts";

export function faucetRoutes(platform: Platform) {
  const settings: FaucetSettings = {
    amountMicro: platform.config.FAUCET_AMOUNT,
    maxClaimsPerIpPerDay: platform.config.FAUCET_MAX_CLAIMS_PER_IP_PER_DAY,
  };
  return async (app: FastifyInstance) => {
    // A claim only credits the caller, so no spend policy applies; the scope check still does.
    writeRoute(app, platform, operations.faucetClaim, async (tx, { request }) => ({
      body: await claimFaucet(tx, caller(request).agentId, request.ip, settings),
    }));
    operationRoute(app, operations.faucetStatus, ({ request }) =>
      platform.store.read((tx) => faucetStatus(tx, caller(request).agentId, settings)),
    );
  };
}
