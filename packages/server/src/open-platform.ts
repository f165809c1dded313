import { openStore, type Store } from "@purpleflea/ledger";
import { type Config, databasePath } from "./config.ts";
import { EventStreams } from "./events/streams.ts";
import { KeyCache } from "./http/key-cache.ts";
import { RateLimiter } from "./http/rate-limiter.ts";
import { createMarket } from "./market/create-market.ts";
import { claimEpoch } from "./market/market-epoch.ts";
import { ReplayFeed } from "./market/replay-feed.ts";
import { allMigrations } from "./migrations.ts";
import { moneyActions } from "./money-actions.ts";
import { OperatorKeys } from "./operator/operator-keys.ts";
import type { Platform } from "./platform.ts";
import { openSystemAccounts } from "./system-accounts.ts";
import { openTradingAccounts } from "./trading/accounts.ts";

export async function openPlatform(config: Config, storePath = databasePath(config)): Promise<Platform> {
  // First, so a bad market setting (an unreadable replay file) stops the start before the store opens.
  const market = createMarket(config);
  const store = await openMigratedStore(config, storePath);
  await store.write((tx) => openSystemAccounts(tx, config.HOUSE_BANKROLL));
  await store.write(openTradingAccounts);
  if (market.feed instanceof ReplayFeed) {
    const feed = market.feed;
    feed.startAt(await store.write((tx) => claimEpoch(tx, "replay", Date.now())));
  }
  return {
    config,
    store,
    keys: new KeyCache(store, config.KEY_CACHE_TTL_MS),
    ipLimiter: new RateLimiter(config.RATE_LIMIT_PER_IP_PER_MINUTE),
    keyLimiter: new RateLimiter(config.RATE_LIMIT_PER_KEY_PER_MINUTE),
    actions: moneyActions(config, market),
    market,
    operators: new OperatorKeys(store, config.OPERATOR_KEY_SHA256),
    streams: new EventStreams(store, {
      pollMs: config.EVENTS_POLL_MS,
      heartbeatMs: config.EVENTS_HEARTBEAT_MS,
      maxPerKey: config.EVENTS_MAX_STREAMS_PER_KEY,
    }),
    startedAt: Date.now(),
  };
}

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
