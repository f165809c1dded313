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
  "deposit.confirmed",
  "withdrawal.confirmed",
  "withdrawal.failed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventRow {
  seq: bigint;
  txid: bigint;
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
  await tx.run(`INSERT INTO events (id, agent_id, type, data, created_at, txid) VALUES (?, ?, ?, ?, ?, ${TXID[tx.dialect]})`, [
    id,
    agentId,
    type,
    JSON.stringify(data),
    now,
  ]);
  return id;
}

/**
 * A reader's place in the stream. Sequence numbers are handed out before commit, so on a
 * concurrent engine a row with a lower `seq` can commit after one with a higher: a reader that
 * only remembered the highest `seq` seen would skip it. Each event also records its transaction
 * id, and readers take only events of transactions older than every transaction still running
 * (the snapshot's xmin), in (txid, seq) order: nothing can appear behind such a position later.
 * SQLite has one writer, so commit order is `seq` order and txid is always 0.
 */
export interface EventPosition {
  txid: bigint;
  seq: bigint;
}

export const STREAM_START: EventPosition = { txid: 0n, seq: 0n };

const TXID = { sqlite: "0", postgres: "CAST(CAST(pg_current_xact_id() AS TEXT) AS BIGINT)" } as const;
const SETTLED = {
  sqlite: "",
  postgres: "AND txid < CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS TEXT) AS BIGINT)",
} as const;

/**
 * The one way events are read (webhook fan-out, the feed, live streams): after a position, in
 * commit order, only those no running transaction can still precede; all of them or one agent's.
 */
export async function eventsAfter(tx: SqlTx, position: EventPosition, limit: number, agentId?: string): Promise<EventRow[]> {
  const agent = agentId === undefined ? "" : "AND agent_id = ?";
  return tx.all<EventRow>(
    `SELECT * FROM events WHERE (txid, seq) > (?, ?) ${agent} ${SETTLED[tx.dialect]} ORDER BY txid, seq LIMIT ?`,
    agentId === undefined ? [position.txid, position.seq, limit] : [position.txid, position.seq, agentId, limit],
  );
}

/** The position after the newest settled event: a reader starting here sees only events from now on. */
export async function latestEventPosition(tx: SqlTx): Promise<EventPosition> {
  const row = await tx.get<EventRow>(
    `SELECT txid, seq FROM events WHERE 1 = 1 ${SETTLED[tx.dialect]} ORDER BY txid DESC, seq DESC LIMIT 1`,
  );
  return row ? positionOf(row) : STREAM_START;
}

export function positionOf(event: Pick<EventRow, "txid" | "seq">): EventPosition {
  return { txid: event.txid, seq: event.seq };
}

/** An event as webhooks, the feed and streams carry it. */
export function toEnvelope(row: EventRow): FeedEvent {
  return { id: row.id, type: row.type, created_at: isoTime(row.created_at), agent_id: row.agent_id, data: JSON.parse(row.data) };
}
