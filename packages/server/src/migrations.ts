import { ledgerMigrations, type Migration, openStore, type Store } from "@purpleflea/ledger";
import { casinoMigrations } from "./casino/migrations.ts";
import { chainMigrations } from "./chain/migrations.ts";
import { type Config, databasePath } from "./config.ts";
import { escrowMigrations } from "./escrow/migrations.ts";
import { eventMigrations } from "./events/migrations.ts";
import { operatorMigrations } from "./operator/migrations.ts";
import { policyMigrations } from "./policy/migrations.ts";
import { referralMigrations } from "./referrals/migrations.ts";
import { tradingMigrations } from "./trading/migrations.ts";
import { webhookMigrations } from "./webhooks/migrations.ts";

/** The first release's tables of agents, keys, faucet claims and idempotency keys. */
export const serverMigrations: readonly Migration[] = [
  {
    id: "server-001-agents-keys-faucet-idempotency",
    sql: `
      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        referral_code TEXT NOT NULL UNIQUE,
        referred_by TEXT REFERENCES agents(id),
        created_at BIGINT NOT NULL
      );
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        key_hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        name TEXT NOT NULL,
        scopes TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        revoked_at BIGINT
      );
      CREATE INDEX api_keys_agent ON api_keys (agent_id);
      CREATE TABLE faucet_claims (
        agent_id TEXT PRIMARY KEY REFERENCES agents(id),
        transfer_id TEXT NOT NULL,
        amount BIGINT NOT NULL,
        ip TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX faucet_claims_ip ON faucet_claims (ip, created_at);
      CREATE TABLE idempotency_keys (
        agent_id TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status_code BIGINT NOT NULL,
        body TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (agent_id, key)
      );
      CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
    `,
  },
  {
    // Usernames are unique whatever their case, on both engines (SQLite's NOCASE has no PostgreSQL twin).
    id: "server-002-username-any-case",
    sql: "CREATE UNIQUE INDEX agents_username_lower ON agents (lower(username));",
  },
  {
    // The key made at registration is the owner key: only it may rotate or revoke itself. Earlier
    // databases marked it only by name and creation time, which the backfill reads.
    id: "server-003-owner-key",
    sql: `
      ALTER TABLE api_keys ADD COLUMN owner BIGINT NOT NULL DEFAULT 0;
      UPDATE api_keys SET owner = 1
        WHERE name = 'owner' AND created_at = (SELECT a.created_at FROM agents a WHERE a.id = api_keys.agent_id);
    `,
  },
];

/** Every table, in the order they were introduced: what `openMigratedStore` applies. */
export const allMigrations: readonly Migration[] = [
  ...ledgerMigrations,
  ...serverMigrations,
  ...casinoMigrations,
  ...referralMigrations,
  ...eventMigrations,
  ...policyMigrations,
  ...webhookMigrations,
  ...escrowMigrations,
  ...tradingMigrations,
  ...operatorMigrations,
  ...chainMigrations,
];

/** The database the settings name, with every migration applied: what the server and the CLI's offline commands open. */
export async function openMigratedStore(config: Config, storePath = databasePath(config)): Promise<Store> {
  const store = await openStore({
    databaseUrl: config.DATABASE_URL,
    sqlitePath: storePath,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  await store.migrate(allMigrations);
  return store;
}
