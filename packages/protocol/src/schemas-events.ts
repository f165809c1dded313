import { z } from "zod";

/**
 * One event as the feed, the live stream and webhooks carry it: `id` is the event's own id (stable,
 * de-duplicate on it); `cursor` is where a reader resumes after it (the stream's `id:` line).
 */
export const eventSchema = z.object({
  id: z.string(),
  type: z.string().describe("approval.requested, bet.settled, escrow.released, wallet.deposit, ..."),
  created_at: z.string(),
  agent_id: z.string(),
  data: z.unknown(),
});

export const eventFeedQuerySchema = z.object({
  after: z.string().max(200).optional().describe("Cursor from a previous page or stream; omitted: from the first event"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const eventFeedSchema = z.object({
  events: z.array(eventSchema.extend({ cursor: z.string() })),
  cursor: z.string().describe("Pass as `after` (or as the stream's Last-Event-ID) to continue after this page"),
  has_more: z.boolean(),
});

export const eventStreamQuerySchema = z.object({
  after: z
    .string()
    .max(200)
    .optional()
    .describe("Resume after this cursor (the Last-Event-ID header wins); omitted: only events from now on"),
});

export type FeedEvent = z.infer<typeof eventSchema>;
export type EventFeed = z.infer<typeof eventFeedSchema>;
