import { ledgerMigrations, openStore, type Store } from "@purpleflea/ledger";
import { casinoMigrations } from "./casino/schema.ts";
import type { Chain } from "./chain/chain.ts";
import { chainMigrations } from "./chain/schema.ts";
import { type Config, databasePath } from "./config.ts";
import { escrowMigrations } from "./escrow/schema.ts";
import { eventMigrations } from "./events/schema.ts";
import { EventStreams } from "./events/streams.ts";
import { feeMigrations } from "./fees/schema.ts";
import { KeyCache } from "./http/key-cache.ts";
import { RateLimiter } from "./http/rate-limiter.ts";
import { OperatorKeys } from "./operator/operator-keys.ts";
import { operatorMigrations } from "./operator/schema.ts";
import type { MoneyAction } from "./policy/money-action.ts";
import { policyMigrations } from "./policy/schema.ts";
import { serverMigrations } from "./schema.ts";
import { openSystemAccounts } from "./system-accounts.ts";
import { openTradingAccounts } from "./trading/accounts.ts";
import { createMarket } from "./trading/create-market.ts";
import type { Market } from "./trading/market.ts";
import { claimEpoch } from "./trading/market-epoch.ts";
import { ReplayFeed } from "./trading/replay-feed.ts";
import { tradingMigrations } from "./trading/schema.ts";
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
  /** Prices and synthetic books for trading, from the feed MARKET_FEED chooses. */
  market: Market;
  /** Operator keys (stored, or the one OPERATOR_KEY_SHA256 names). */
  operators: OperatorKeys;
  /** On-chain USDC, or null while CHAIN_RPC_URL is unset. */
  chain: Chain | null;
  /** Open live event streams of this process. */
  streams: EventStreams;
  startedAt: number;
}

export async function openPlatform(config: Config, storePath = databasePath(config)): Promise<Platform> {
  // First, so a bad market setting (an unreadable replay file) stops the start before the store opens.
  const market = createMarket(config);
  const chain = await openConfiguredChain(config);
  const store = await openMigratedStore(config, storePath);
  if (chain) {
    const { openChainState } = await import("./chain/deposit-addresses.ts");
    await store.write((tx) => openChainState(tx, chain.chainId, chain.startBlock));
  }
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
    actions: new Map(),
    market,
    chain,
    operators: new OperatorKeys(store, config.OPERATOR_KEY_SHA256),
    streams: new EventStreams(store, {
      pollMs: config.EVENTS_POLL_MS,
      heartbeatMs: config.EVENTS_HEARTBEAT_MS,
      maxPerKey: config.EVENTS_MAX_STREAMS_PER_KEY,
    }),
    startedAt: Date.now(),
  };
}

/** The chain code (and viem) is loaded only on a server that has a chain: the CLI's offline commands start faster. */
async function openConfiguredChain(config: Config): Promise<Chain | null> {
  if (config.CHAIN_RPC_URL === undefined) return null;
  const { openChain } = await import("./chain/chain.ts");
  return openChain(config);
}

/** The database the settings name, with every migration applied: what the server and the CLI's offline commands open. */
export async function openMigratedStore(config: Config, storePath = databasePath(config)): Promise<Store> {
  const store = await openStore({
    databaseUrl: config.DATABASE_URL,
    sqlitePath: storePath,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  await store.migrate([
    ...ledgerMigrations,
    ...serverMigrations,
    ...casinoMigrations,
    ...feeMigrations,
    ...eventMigrations,
    ...policyMigrations,
    ...webhookMigrations,
    ...escrowMigrations,
    ...tradingMigrations,
    ...operatorMigrations,
    ...chainMigrations,
  ]);
  return store;
}
