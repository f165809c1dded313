import { newId, type SqlTx } from "@purpleflea/ledger";

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

export async function eventsAfter(tx: SqlTx, afterSeq: bigint, limit: number): Promise<EventRow[]> {
  return tx.all<EventRow>("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", [afterSeq, limit]);
}
