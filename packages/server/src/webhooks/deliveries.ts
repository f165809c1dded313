import { newId, type SqlTx, skipLocked, WriteConflict } from "@purpleflea/ledger";
import { PurpleFleaError } from "@purpleflea/protocol";
import { type EventPosition, eventsAfter, positionOf, STREAM_START, toEnvelope } from "../events/events.ts";
import { subscribes, type WebhookRow } from "./subscriptions.ts";

/** Retries back off exponentially from WEBHOOK_RETRY_BASE_MS, but never wait longer than this between tries. */
export const MAX_BACKOFF_MS = 6 * 3_600_000;
/** The JSON body every delivery carries; `id` is the event id, stable across retries. */
export interface Envelope {
  id: string;
  type: string;
  created_at: string;
  agent_id: string;
  data: unknown;
}

/** A delivery claimed for one attempt, with what sending it needs. */
export interface DueDelivery {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  attempts: bigint;
  url: string;
  secret: string;
}

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
}

export const FAN_OUT_BATCH = 500;

/** Whether there is anything to do: events not yet fanned out, or deliveries due. A read, so idle ticks write nothing. */
export async function hasWork(tx: SqlTx, now = Date.now()): Promise<boolean> {
  const due = await tx.get("SELECT 1 AS due FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? LIMIT 1", [
    now,
  ]);
  return due !== undefined || (await eventsAfter(tx, await outboxCursor(tx), 1)).length > 0;
}

async function outboxCursor(tx: SqlTx): Promise<EventPosition> {
  const row = await tx.get<{ last_event_txid: bigint; last_event_seq: bigint }>(
    "SELECT last_event_txid, last_event_seq FROM webhook_outbox_cursor WHERE id = 1",
  );
  return row ? { txid: row.last_event_txid, seq: row.last_event_seq } : STREAM_START;
}

/**
 * Moves a batch of new events from the outbox into one pending delivery per matching webhook, and
 * advances the cursor in the same transaction: each event fans out exactly once, whatever crashes
 * when. Returns how many events it read.
 */
export async function fanOut(tx: SqlTx, now = Date.now()): Promise<number> {
  const cursor = await outboxCursor(tx);
  const events = await eventsAfter(tx, cursor, FAN_OUT_BATCH);
  const hooksByAgent = new Map<string, WebhookRow[]>();
  for (const event of events) {
    let hooks = hooksByAgent.get(event.agent_id);
    if (!hooks) {
      hooks = await tx.all<WebhookRow>("SELECT * FROM webhooks WHERE agent_id = ? AND deleted_at IS NULL", [event.agent_id]);
      hooksByAgent.set(event.agent_id, hooks);
    }
    for (const hook of hooks) {
      if (event.seq <= hook.after_event_seq || !subscribes(hook.events.split(" "), event.type)) continue;
      await enqueue(tx, hook.id, toEnvelope(event), now);
    }
  }
  const last = events.at(-1);
  if (!last) return 0;
  // Moves only from where this batch started: a second fan-out racing this one finds the cursor
  // moved and runs again from the new cursor (its deliveries so far were duplicates, unique per
  // webhook and event, so nothing was enqueued twice).
  const next = positionOf(last);
  const moved = await tx.run(
    "UPDATE webhook_outbox_cursor SET last_event_txid = ?, last_event_seq = ? WHERE id = 1 AND last_event_txid = ? AND last_event_seq = ?",
    [next.txid, next.seq, cursor.txid, cursor.seq],
  );
  if (moved.changes !== 1) throw new WriteConflict("the webhook outbox cursor moved under this fan-out");
  return events.length;
}

export async function enqueue(tx: SqlTx, webhookId: string, envelope: Envelope, now: number): Promise<string> {
  const id = newId("dlv");
  await tx.run(
    `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload, status, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (webhook_id, event_id) DO NOTHING`,
    [id, webhookId, envelope.id, envelope.type, JSON.stringify(envelope), now, now],
  );
  return id;
}

/** A test event for one webhook only; it never enters the outbox, so no other webhook sees it. */
export function enqueuePing(tx: SqlTx, hook: WebhookRow, now = Date.now()): Promise<string> {
  const envelope = {
    id: newId("evt"),
    type: "webhook.ping",
    created_at: new Date(now).toISOString(),
    agent_id: hook.agent_id,
    data: { webhook_id: hook.id },
  };
  return enqueue(tx, hook.id, envelope, now);
}

/**
 * Claims due deliveries for one attempt each: the attempt is counted and the row leased until
 * `now + leaseMs`, so a crash mid-send means a retry after the lease (at least once), never a loss.
 */
export async function claimDue(tx: SqlTx, limit: number, leaseMs: number, now = Date.now()): Promise<DueDelivery[]> {
  // Rows another node is claiming right now are skipped, not waited for.
  const due = await tx.all<DueDelivery>(
    `SELECT d.id, d.webhook_id, d.event_id, d.event_type, d.payload, d.attempts + 1 AS attempts, w.url, w.secret
     FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
     WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND w.deleted_at IS NULL
     ORDER BY d.next_attempt_at LIMIT ? ${skipLocked(tx.dialect, "d")}`,
    [now, limit],
  );
  const claimed: DueDelivery[] = [];
  for (const delivery of due) {
    const { changes } = await tx.run(
      "UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ? WHERE id = ? AND status = 'pending' AND attempts = ?",
      [delivery.attempts, now + leaseMs, delivery.id, delivery.attempts - 1n],
    );
    if (changes === 1) claimed.push(delivery);
  }
  return claimed;
}

export interface RetryPolicy {
  maxAttempts: number;
  retryBaseMs: number;
}

/** Logs the attempt; a 2xx settles the delivery, a failure schedules the next try or, at the last, gives up. */
export async function recordAttempt(
  tx: SqlTx,
  delivery: DueDelivery,
  result: AttemptResult,
  policy: RetryPolicy,
  now = Date.now(),
): Promise<void> {
  await tx.run(
    `INSERT INTO webhook_attempts (delivery_id, attempt, status_code, error, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (delivery_id, attempt) DO NOTHING`,
    [delivery.id, delivery.attempts, result.statusCode, result.error, now],
  );
  const attempt = Number(delivery.attempts);
  const [status, next] =
    result.error === null
      ? ["delivered", null]
      : attempt >= policy.maxAttempts
        ? ["failed", null]
        : ["pending", now + Math.min(policy.retryBaseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS)];
  await tx.run(
    "UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, settled_at = ? WHERE id = ? AND status = 'pending'",
    [status, next, status === "pending" ? null : now, delivery.id],
  );
}

/**
 * Queues a failed delivery for one more try, now (a human pressed Retry). Claim-first: only a
 * delivery that is failed moves, so two retries at once queue it once.
 */
export async function retryFailedDelivery(tx: SqlTx, webhookId: string, deliveryId: string, now = Date.now()): Promise<void> {
  const { changes } = await tx.run(
    `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, settled_at = NULL
     WHERE id = ? AND webhook_id = ? AND status = 'failed'`,
    [now, deliveryId, webhookId],
  );
  if (changes === 1) return;
  const row = await tx.get<{ status: string }>("SELECT status FROM webhook_deliveries WHERE id = ? AND webhook_id = ?", [
    deliveryId,
    webhookId,
  ]);
  if (!row) throw new PurpleFleaError("delivery_not_found", `no delivery ${deliveryId} for this webhook`);
  throw new PurpleFleaError(
    "delivery_not_retryable",
    `delivery ${deliveryId} is ${row.status}; only failed deliveries are retried`,
    {
      status: row.status,
    },
  );
}
