import { countHeld, type SqlTx, type Store } from "@purpleflea/ledger";
import type { HealthReport } from "@purpleflea/protocol";
import { isoTimeOrNull } from "../iso-time.ts";

const DAY_MS = 86_400_000;

/** Above these the report says `degraded`: work is piling up faster than it drains. */
const DEGRADED = { eventsWaiting: 1_000, deliveriesDue: 100 };

async function count(tx: SqlTx, sql: string, params: Array<number | string> = []): Promise<number> {
  const row = await tx.get<{ n: bigint }>(sql, params);
  return Number(row?.n ?? 0n);
}

async function queues(tx: SqlTx, now: number) {
  return {
    events_waiting: await count(
      tx,
      // In the stream's commit order (events.ts), so a late commit behind the cursor is not missed.
      "SELECT COUNT(*) AS n FROM events WHERE (txid, seq) > (SELECT last_event_txid, last_event_seq FROM webhook_outbox_cursor WHERE id = 1)",
    ),
    deliveries_pending: await count(tx, "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'pending'"),
    deliveries_due: await count(
      tx,
      "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?",
      [now],
    ),
    held_transfers: await countHeld(tx),
    resting_orders: await count(tx, "SELECT COUNT(*) AS n FROM trading_orders WHERE status IN ('open', 'partially_filled')"),
    open_escrows: await count(tx, "SELECT COUNT(*) AS n FROM escrows WHERE status IN ('funded', 'completed', 'disputed')"),
  };
}

export interface HealthContext {
  store: Store;
  engine: string;
  openStreams: number;
  startedAt: number;
}

/** One look at everything that can back up or fail; the database check is a timed read of its own. */
export async function healthReport(context: HealthContext, now = Date.now()): Promise<HealthReport> {
  const started = performance.now();
  const ok = (await context.store.read((tx) => tx.get<{ one: bigint }>("SELECT 1 AS one")))?.one === 1n;
  const checkMs = Math.round((performance.now() - started) * 1000) / 1000;
  const report = await context.store.read(async (tx) => {
    const oldest = await tx.get<{ at: bigint | null }>(
      "SELECT MIN(created_at) AS at FROM approvals WHERE status = 'pending' AND expires_at > ?",
      [now],
    );
    return {
      queues: await queues(tx, now),
      webhooks: {
        failed_24h: await count(tx, "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'failed' AND settled_at > ?", [
          now - DAY_MS,
        ]),
        failed_total: await count(tx, "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'failed'"),
      },
      approvals: {
        pending: await count(tx, "SELECT COUNT(*) AS n FROM approvals WHERE status = 'pending' AND expires_at > ?", [now]),
        oldest_pending_at: isoTimeOrNull(oldest?.at ?? null),
      },
      agents: await count(tx, "SELECT COUNT(*) AS n FROM agents"),
    };
  });
  const stats = context.store.stats();
  const degraded =
    !ok ||
    report.webhooks.failed_24h > 0 ||
    report.queues.events_waiting > DEGRADED.eventsWaiting ||
    report.queues.deliveries_due > DEGRADED.deliveriesDue;
  return {
    status: degraded ? "degraded" : "ok",
    database: { engine: context.engine, ok, check_ms: checkMs, commits: stats.commits, units: stats.units },
    ...report,
    streams: { open: context.openStreams },
    uptime_s: Math.floor((now - context.startedAt) / 1000),
    checked_at: new Date(now).toISOString(),
  };
}
