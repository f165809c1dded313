import type { Store } from "@purpleflea/ledger";
import type { KeyCache } from "./agents/key-cache.ts";
import type { Chain } from "./chain/chain.ts";
import type { Config } from "./config.ts";
import type { EventStreams } from "./events/streams.ts";
import type { RateLimiter } from "./http/rate-limiter.ts";
import type { Market } from "./market/market.ts";
import type { OperatorKeys } from "./operator/operator-keys.ts";
import type { MoneyAction } from "./policy/money-action.ts";

/** Everything a request handler needs, built once per process. */
export interface Platform {
  config: Config;
  store: Store;
  keys: KeyCache;
  ipLimiter: RateLimiter;
  keyLimiter: RateLimiter;
  /** Money-moving operations by SDK name, so approvals and proposals can execute stored requests. */
  actions: ReadonlyMap<string, MoneyAction>;
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
