import { newId, type SqlTx } from "@purpleflea/ledger";
import type { FeedEvent } from "@purpleflea/protocol";
import { isoTime } from "../iso-time.ts";

/** What an agent can subscribe to; `escrow.*` covers every escrow transition. */
export const EVENT_TYPES = [
  "approval.requested",
  "approval.decided",
  "bet.settled",
  "order.filled",
  "escrow.created",
  "escrow.completed",
  "escrow.released",
  "escrow.refunded",
  "escrow.disputed",
  "escrow.resolved",
  "escrow.expired",
  "wallet.deposit",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventRow {
  seq: bigint;
  id: string;
  agent_id: string;
  type: EventType;
  data: string;
  created_at: bigint;
}

/**
 * Records an event in the same transaction as the change it reports (an outbox): it exists if and
 * only if the change committed, and delivery happens afterwards, at least once.
 */
export async function emitEvent(tx: SqlTx, agentId: string, type: EventType, data: unknown, now = Date.now()): Promise<string> {
  const id = newId("evt");
  await tx.run("INSERT INTO events (id, agent_id, type, data, created_at) VALUES (?, ?, ?, ?, ?)", [
    id,
    agentId,
    type,
    JSON.stringify(data),
    now,
  ]);
  return id;
}

/**
 * The one way events are read (webhook fan-out, the feed, live streams): in order after a position,
 * all of them or one agent's. Every reader goes through here, so how positions work (a plain
 * sequence today) can change in this one place.
 */
export async function eventsAfter(tx: SqlTx, afterSeq: bigint, limit: number, agentId?: string): Promise<EventRow[]> {
  if (agentId === undefined)
    return tx.all<EventRow>("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", [afterSeq, limit]);
  return tx.all<EventRow>("SELECT * FROM events WHERE agent_id = ? AND seq > ? ORDER BY seq LIMIT ?", [agentId, afterSeq, limit]);
}

/** The position after the newest event: a reader starting here sees only events from now on. */
export async function latestEventSeq(tx: SqlTx): Promise<bigint> {
  const row = await tx.get<{ seq: bigint | null }>("SELECT MAX(seq) AS seq FROM events");
  return row?.seq ?? 0n;
}

/** An event as webhooks, the feed and streams carry it. */
export function toEnvelope(row: EventRow): FeedEvent {
  return { id: row.id, type: row.type, created_at: isoTime(row.created_at), agent_id: row.agent_id, data: JSON.parse(row.data) };
}
