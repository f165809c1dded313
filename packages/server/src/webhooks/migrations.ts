import { type Migration, serialKey } from "@purpleflea/ledger";

/**
 * Webhooks, and their deliveries as durable state: a delivery row exists per (webhook, event) and
 * moves pending -> delivered | failed, so a restart resumes where the last process stopped.
 */
export const webhookMigrations: readonly Migration[] = [
  {
    id: "webhooks-001-subscriptions-deliveries",
    sql: (dialect) => `
      CREATE TABLE webhooks (
        seq ${serialKey(dialect)},
        id TEXT NOT NULL UNIQUE,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        url TEXT NOT NULL,
        events TEXT NOT NULL,
        secret TEXT NOT NULL,
        description TEXT,
        after_event_seq BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        deleted_at BIGINT
      );
      CREATE INDEX webhooks_agent ON webhooks (agent_id) WHERE deleted_at IS NULL;
      CREATE TABLE webhook_deliveries (
        seq ${serialKey(dialect)},
        id TEXT NOT NULL UNIQUE,
        webhook_id TEXT NOT NULL REFERENCES webhooks(id),
        event_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts BIGINT NOT NULL DEFAULT 0,
        next_attempt_at BIGINT,
        created_at BIGINT NOT NULL,
        settled_at BIGINT,
        UNIQUE (webhook_id, event_id)
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, seq);
      CREATE TABLE webhook_attempts (
        delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id),
        attempt BIGINT NOT NULL,
        status_code BIGINT,
        error TEXT,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (delivery_id, attempt)
      );
      CREATE TABLE webhook_outbox_cursor (
        id BIGINT PRIMARY KEY CHECK (id = 1),
        last_event_seq BIGINT NOT NULL
      );
      INSERT INTO webhook_outbox_cursor (id, last_event_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM events;
    `,
  },
  {
    // The fan-out cursor follows the events stream in commit order (events/events.ts).
    id: "webhooks-002-outbox-commit-order",
    sql: "ALTER TABLE webhook_outbox_cursor ADD COLUMN last_event_txid BIGINT NOT NULL DEFAULT 0;",
  },
  {
    // Attempts log a category, never the error's own text (which named internal hosts and ports).
    id: "webhooks-003-attempt-error-categories",
    sql: `
      UPDATE webhook_attempts SET error = 'status ' || CAST(status_code AS TEXT) WHERE error LIKE 'HTTP %';
      UPDATE webhook_attempts SET error = 'timeout' WHERE error LIKE 'no answer within %';
      UPDATE webhook_attempts SET error = 'refused' WHERE error = 'ECONNREFUSED';
      UPDATE webhook_attempts SET error = 'failed'
        WHERE error IS NOT NULL AND error NOT LIKE 'status %' AND error NOT IN ('timeout', 'refused');
    `,
  },
];
