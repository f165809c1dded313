import type { Migration } from "@purpleflea/ledger";

export const eventMigrations: readonly Migration[] = [
  {
    id: "events-001-outbox",
    sql: `
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX events_agent ON events (agent_id, seq);
    `,
  },
];
