import { openShardedAccount, type SqlTx } from "@purpleflea/ledger";

/**
 * The other side of every paper trade: paper USDC paid for coins goes here and proceeds come from
 * here. It may go negative (paper traders can win), and it holds the cash of resting buy orders.
 * Every fill touches it, so it is sharded: each transfer takes any shard (`shardFor`).
 */
export const PAPER_MARKET_ACCOUNT = "sys:paper_market:PAPER_USDC";

export async function openTradingAccounts(tx: SqlTx): Promise<void> {
  await openShardedAccount(tx, { id: PAPER_MARKET_ACCOUNT, asset: "PAPER_USDC", owner: null, noOverdraft: false });
}
