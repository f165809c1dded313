import type { SqlTx } from "@purpleflea/ledger";
import type { WebhookDelivery } from "@purpleflea/protocol";
import { isoTime, isoTimeOrNull } from "../iso-time.ts";

interface DeliveryRow {
  seq: bigint;
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  status: WebhookDelivery["status"];
  next_attempt_at: bigint | null;
  created_at: bigint;
  settled_at: bigint | null;
}

interface AttemptRow {
  attempt: bigint;
  status_code: bigint | null;
  error: string | null;
  created_at: bigint;
}

/** One page of a webhook's deliveries, newest first, each with its attempts (at most WEBHOOK_MAX_ATTEMPTS). */
export async function listDeliveries(
  tx: SqlTx,
  webhookId: string,
  beforeSeq: bigint,
  limit: number,
  status: string | undefined,
): Promise<Array<WebhookDelivery & { seq: bigint }>> {
  const filter = status === undefined ? "" : "AND status = ?";
  const params = status === undefined ? [webhookId, beforeSeq, limit] : [webhookId, beforeSeq, status, limit];
  const rows = await tx.all<DeliveryRow>(
    `SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND seq < ? ${filter} ORDER BY seq DESC LIMIT ?`,
    params,
  );
  return Promise.all(rows.map(async (row) => ({ ...(await toDelivery(tx, row)), seq: row.seq })));
}

export async function findDelivery(tx: SqlTx, id: string): Promise<WebhookDelivery> {
  const row = await tx.get<DeliveryRow>("SELECT * FROM webhook_deliveries WHERE id = ?", [id]);
  if (!row) throw new Error(`delivery ${id} vanished`);
  return toDelivery(tx, row);
}

async function toDelivery(tx: SqlTx, row: DeliveryRow): Promise<WebhookDelivery> {
  const attempts = await tx.all<AttemptRow>("SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt", [row.id]);
  return {
    delivery_id: row.id,
    webhook_id: row.webhook_id,
    event_id: row.event_id,
    event_type: row.event_type,
    status: row.status,
    attempts: attempts.map((a) => ({
      attempt: Number(a.attempt),
      at: isoTime(a.created_at),
      status_code: a.status_code === null ? null : Number(a.status_code),
      error: a.error,
    })),
    next_attempt_at: row.status === "pending" ? isoTimeOrNull(row.next_attempt_at) : null,
    created_at: isoTime(row.created_at),
    settled_at: isoTimeOrNull(row.settled_at),
  };
}
