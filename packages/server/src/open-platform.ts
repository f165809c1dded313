import { KeyCache } from "./agents/key-cache.ts";
import type { Chain } from "./chain/chain.ts";
import { type Config, databasePath } from "./config.ts";
import { EventStreams } from "./events/streams.ts";
import { RateLimiter } from "./http/rate-limiter.ts";
import { createMarket } from "./market/create-market.ts";
import { claimEpoch } from "./market/market-epoch.ts";
import { ReplayFeed } from "./market/replay-feed.ts";
import { openMigratedStore } from "./migrations.ts";
import { moneyActions } from "./money-actions.ts";
import { OperatorKeys } from "./operator/operator-keys.ts";
import type { Platform } from "./platform.ts";
import { openSystemAccounts } from "./system-accounts.ts";
import { openTradingAccounts } from "./trading/accounts.ts";

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
    actions: moneyActions(config, market, chain),
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
