import type { Platform } from "../platform.ts";
import { crossedNow, matchOrder } from "./matcher.ts";
import { tradingContext } from "./settings.ts";

/**
 * One matcher pass: what the server runs every MARKET_STEP_MS (on one node at a time). Each order
 * fills in a transaction of its own, so a pass holds no lock for long, and a bug in one order's
 * fill (not a coded refusal) leaves that order resting, logged, without stopping everyone else's.
 */
export async function matchNow(platform: Platform): Promise<number> {
  const ctx = tradingContext(platform);
  const crossings = await platform.store.read((tx) => crossedNow(tx, ctx));
  let filled = 0;
  for (const crossing of crossings) {
    try {
      if (await platform.store.write((tx) => matchOrder(tx, ctx, crossing))) filled++;
    } catch (error) {
      console.error(`matcher: order ${crossing.order.id} failed to fill and stays resting`, error);
    }
  }
  return filled;
}
