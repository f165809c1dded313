import type { SqlTx } from "@purpleflea/ledger";

/**
 * The time a feed's step 0 is at, shared by every node on the database: the first node to start
 * claims it with its own clock, the rest (and restarts) read that row.
 */
export async function claimEpoch(tx: SqlTx, feed: string, nowMs: number): Promise<number> {
  await tx.run("INSERT INTO market_epochs (feed, started_at) VALUES (?, ?) ON CONFLICT (feed) DO NOTHING", [feed, nowMs]);
  const row = await tx.get<{ started_at: bigint }>("SELECT started_at FROM market_epochs WHERE feed = ?", [feed]);
  return Number(row?.started_at ?? nowMs);
}
