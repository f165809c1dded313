import { ledgerMigrations, SqliteStore, type Store } from "@purpleflea/ledger";
import { casinoMigrations } from "./casino/schema.ts";
import { type Config, databasePath } from "./config.ts";
import { escrowMigrations } from "./escrow/schema.ts";
import { eventMigrations } from "./events/schema.ts";
import { feeMigrations } from "./fees/schema.ts";
import { KeyCache } from "./http/key-cache.ts";
import { RateLimiter } from "./http/rate-limiter.ts";
import type { MoneyAction } from "./policy/money-action.ts";
import { policyMigrations } from "./policy/schema.ts";
import { serverMigrations } from "./schema.ts";
import { openSystemAccounts } from "./system-accounts.ts";
import { webhookMigrations } from "./webhooks/schema.ts";

/** Everything a request handler needs, built once per process. */
export interface Platform {
  config: Config;
  store: Store;
  keys: KeyCache;
  ipLimiter: RateLimiter;
  keyLimiter: RateLimiter;
  /** Money-moving operations by SDK name, so approvals and proposals can execute stored requests. */
  actions: Map<string, MoneyAction>;
}

export async function openPlatform(config: Config, storePath = databasePath(config)): Promise<Platform> {
  const store = new SqliteStore({ path: storePath });
  store.migrate([
    ...ledgerMigrations,
    ...serverMigrations,
    ...casinoMigrations,
    ...feeMigrations,
    ...eventMigrations,
    ...policyMigrations,
    ...webhookMigrations,
    ...escrowMigrations,
  ]);
  await store.write((tx) => openSystemAccounts(tx, config.HOUSE_BANKROLL));
  return {
    config,
    store,
    keys: new KeyCache(store),
    ipLimiter: new RateLimiter(config.RATE_LIMIT_PER_IP_PER_MINUTE),
    keyLimiter: new RateLimiter(config.RATE_LIMIT_PER_KEY_PER_MINUTE),
    actions: new Map(),
  };
}
