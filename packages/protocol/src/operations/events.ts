import { operation } from "../operation.ts";
import { eventFeedQuerySchema, eventFeedSchema, eventSchema, eventStreamQuerySchema } from "../schemas-events.ts";
import { read } from "./common.ts";

/** The caller's events (an agent's own; the operator's: everyone's), as pages or as a live stream. */
const feed = { ...read, principal: "any", tag: "events" } as const;

export const eventOperations = {
  events: operation({
    ...feed,
    id: "events.list",
    tool: "list_events",
    path: "/events",
    summary: "Events in order after a cursor: bets settled, approvals requested and decided, fills, escrows, deposits",
    query: eventFeedQuerySchema,
    response: eventFeedSchema,
  }),
  eventStream: operation({
    ...feed,
    stream: true,
    id: "events.stream",
    tool: null,
    path: "/events/stream",
    summary: "The same events live, as server-sent events (text/event-stream), resumable with Last-Event-ID",
    query: eventStreamQuerySchema,
    response: eventSchema,
  }),
};
