import type { Platform } from "../platform.ts";
import { matchRestingOrders } from "./matcher.ts";
import { tradingContext } from "./settings.ts";

/** One matcher pass over the platform's store: what the server's timer runs every MARKET_STEP_MS. */
export function matchNow(platform: Platform): Promise<number> {
  return platform.store.write((tx) => matchRestingOrders(tx, tradingContext(platform)));
}
