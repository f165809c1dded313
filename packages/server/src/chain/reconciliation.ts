import { getBalance, type SqlTx, type SqlValue, type Store } from "@purpleflea/ledger";
import { money, type Reconciliation } from "@purpleflea/protocol";
import { type Address, erc20Abi } from "viem";
import { systemAccounts } from "../system-accounts.ts";
import type { Chain } from "./chain.ts";

/** Deposit addresses whose on-chain balance one report reads; past it the report says how many it left out. */
const MAX_ADDRESSES = 10_000;

/**
 * The operator's check that the books match the chain: USDC held by the hot wallet and the deposit
 * addresses, against what the ledger says is on chain (deposits credited minus withdrawals posted,
 * the chain account's negative balance). A surplus is the operator's own USDC (a hot wallet
 * topped up) or a transfer to a deposit address still short of its confirmations; a shortfall
 * needs looking into before anything else.
 */
export async function reconcile(store: Store, chain: Chain): Promise<Reconciliation> {
  const ledger = await store.read(async (tx) => ({
    chainAccount: (await getBalance(tx, systemAccounts.chain)).balance,
    inFlight: await sum(
      tx,
      "SELECT SUM(amount) AS total FROM chain_withdrawals WHERE chain_id = ? AND status IN ('queued', 'broadcast')",
      [chain.chainId],
    ),
    liabilities: await sum(
      tx,
      "SELECT SUM(credits_posted - debits_posted) AS total FROM ledger_accounts WHERE owner IS NOT NULL AND asset = 'USDC'",
      [],
    ),
    addresses: await tx.all<{ address: string }>(
      "SELECT address FROM chain_deposit_addresses WHERE chain_id = ? ORDER BY derivation_index LIMIT ?",
      [chain.chainId, MAX_ADDRESSES],
    ),
  }));
  const hot = chain.hotWallet?.address ?? null;
  const hotBalance = hot ? await usdcOf(chain, hot) : 0n;
  let depositBalances = 0n;
  for (const { address } of ledger.addresses) depositBalances += await usdcOf(chain, address as Address);
  const onChain = hotBalance + depositBalances;
  const ledgerOnChain = -ledger.chainAccount;
  const difference = onChain - ledgerOnChain;
  return {
    chain_id: chain.chainId,
    usdc_address: chain.usdc,
    hot_wallet: hot,
    ...money("hot_wallet_on_chain", hotBalance),
    ...money("deposit_addresses_on_chain", depositBalances),
    deposit_addresses: ledger.addresses.length,
    ...money("on_chain_total", onChain),
    ...money("ledger_on_chain", ledgerOnChain),
    ...money("withdrawals_in_flight", ledger.inFlight),
    ...money("agent_liabilities", ledger.liabilities),
    ...money("difference", difference),
    difference_sign: difference > 0n ? "surplus" : difference < 0n ? "shortfall" : "balanced",
    explanation:
      "difference = on_chain_total - ledger_on_chain, where ledger_on_chain is deposits credited minus withdrawals posted. A withdrawal mined but short of its confirmations (in withdrawals_in_flight) shows as a shortfall of its amount until it is posted.",
  };
}

async function sum(tx: SqlTx, sql: string, params: readonly SqlValue[]): Promise<bigint> {
  return (await tx.get<{ total: bigint | null }>(sql, params))?.total ?? 0n;
}

function usdcOf(chain: Chain, address: Address): Promise<bigint> {
  return chain.client.readContract({ address: chain.usdc, abi: erc20Abi, functionName: "balanceOf", args: [address] });
}
