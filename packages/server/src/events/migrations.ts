import { type Migration, serialKey } from "@purpleflea/ledger";

export const eventMigrations: readonly Migration[] = [
  {
    id: "events-001-outbox",
    sql: (dialect) => `
      CREATE TABLE events (
        seq ${serialKey(dialect)},
        id TEXT NOT NULL UNIQUE,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX events_agent ON events (agent_id, seq);
    `,
  },
  {
    // Readers follow the stream in commit order, by (txid, seq): see events.ts.
    id: "events-002-commit-order",
    sql: `
      ALTER TABLE events ADD COLUMN txid BIGINT NOT NULL DEFAULT 0;
      CREATE INDEX events_commit_order ON events (txid, seq);
    `,
  },
];
