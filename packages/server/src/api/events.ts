import { operations } from "@purpleflea/protocol";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type EventScope, readFeed, startPosition } from "../events/feed.ts";
import { operationRoute } from "../http/operation-route.ts";
import type { Platform } from "../platform.ts";

/** An agent key reads its agent's events; the operator key reads everyone's. */
function scopeOf(request: FastifyRequest): { scope: EventScope; keyId: string } {
  if (request.operator) return { scope: { all: true }, keyId: request.operator.keyId };
  if (!request.identity) throw new Error("events route reached without authentication");
  return { scope: { agentId: request.identity.agentId }, keyId: request.identity.keyId };
}

export function eventRoutes(platform: Platform) {
  const { store } = platform;
  return async (app: FastifyInstance) => {
    operationRoute(app, operations.events, async ({ request, query }) => {
      const { scope } = scopeOf(request);
      return store.read(async (tx) => {
        const after = await startPosition(tx, query.after, "after", "start");
        return (await readFeed(tx, scope, after, query.limit)).feed;
      });
    });
    operationRoute(app, operations.eventStream, async ({ request, reply, query }) => {
      const { scope, keyId } = scopeOf(request);
      const header = request.headers["last-event-id"];
      const [cursor, field] = typeof header === "string" && header !== "" ? [header, "Last-Event-ID"] : [query.after, "after"];
      const position = await store.read((tx) => startPosition(tx, cursor, field, "now"));
      await platform.streams.serve(reply, keyId, scope, position);
    });
  };
}
