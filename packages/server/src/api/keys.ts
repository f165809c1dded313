import { operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { agentPolicy, createKey, listKeys, revokeKey, rotateKey, setAgentPolicy } from "../agents/keys.ts";
import { operationRoute } from "../http/operation-route.ts";
import type { Platform } from "../platform.ts";
import { caller } from "./auth.ts";

export function keyRoutes(platform: Platform) {
  const { store, keys } = platform;
  return async (app: FastifyInstance) => {
    operationRoute(app, operations.createKey, ({ request, body }) => store.write((tx) => createKey(tx, caller(request), body)));
    operationRoute(app, operations.listKeys, async ({ request }) => ({
      keys: await store.read((tx) => listKeys(tx, caller(request).agentId)),
    }));
    operationRoute(app, operations.revokeKey, async ({ request, params }) => {
      const key = await store.write((tx) => revokeKey(tx, caller(request), params.id));
      keys.evictKey(params.id);
      return key;
    });
    operationRoute(app, operations.rotateKey, async ({ request, params }) => {
      const key = await store.write((tx) => rotateKey(tx, caller(request), params.id));
      keys.evictKey(params.id);
      return key;
    });
    operationRoute(app, operations.getPolicy, ({ request }) => store.read((tx) => agentPolicy(tx, caller(request).agentId)));
    operationRoute(app, operations.setPolicy, ({ request, body }) =>
      store.write((tx) => setAgentPolicy(tx, caller(request).agentId, body.policy)),
    );
  };
}
