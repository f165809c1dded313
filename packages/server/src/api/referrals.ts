import { operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { operationRoute } from "../http/operation-route.ts";
import type { Platform } from "../platform.ts";
import { referralEarnings, referralSummary } from "../referrals/referrals.ts";
import { caller } from "./auth.ts";

export function referralRoutes(platform: Platform) {
  const { store } = platform;
  return async (app: FastifyInstance) => {
    operationRoute(app, operations.referrals, ({ request }) => store.read((tx) => referralSummary(tx, caller(request).agentId)));
    operationRoute(app, operations.referralEarnings, ({ request, query }) =>
      store.read((tx) => referralEarnings(tx, caller(request).agentId, query)),
    );
  };
}
