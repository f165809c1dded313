import { type Migration, serialKey } from "@purpleflea/ledger";

export const casinoMigrations: readonly Migration[] = [
  {
    id: "casino-001-seeds-bets",
    sql: (dialect) => `
      CREATE TABLE casino_seeds (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        server_seed TEXT NOT NULL,
        server_seed_hash TEXT NOT NULL,
        client_seed TEXT NOT NULL,
        next_nonce BIGINT NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('active', 'revealed')),
        created_at BIGINT NOT NULL,
        revealed_at BIGINT
      );
      CREATE UNIQUE INDEX casino_seeds_active ON casino_seeds (agent_id) WHERE status = 'active';
      CREATE TABLE casino_bets (
        seq ${serialKey(dialect)},
        id TEXT NOT NULL UNIQUE,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        seed_id TEXT NOT NULL REFERENCES casino_seeds(id),
        nonce BIGINT NOT NULL,
        client_seed TEXT NOT NULL,
        game TEXT NOT NULL,
        prediction TEXT NOT NULL,
        amount BIGINT NOT NULL,
        payout BIGINT NOT NULL,
        outcome TEXT NOT NULL,
        result TEXT NOT NULL,
        edge_bps BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        UNIQUE (seed_id, nonce)
      );
      CREATE INDEX casino_bets_agent ON casino_bets (agent_id, seq);
    `,
  },
];
