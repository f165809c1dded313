import {
  type AccountSpec,
  findTransfer,
  openAccount,
  openShardedAccount,
  rebalanceShards,
  type SqlTx,
  transfer,
} from "@purpleflea/ledger";

/**
 * Platform accounts. Equity, faucet and paper mint take the negative side of double entry, so they
 * may go below zero; the house bankroll and collected fees are real money, so they may not. The
 * house and the fee accounts take part in most requests, so they are sharded (ledger `shards.ts`).
 */
export const systemAccounts = {
  equity: "sys:equity:USDC",
  faucet: "sys:faucet:USDC",
  fees: "sys:fees:USDC",
  paperFees: "sys:fees:PAPER_USDC",
  house: "sys:house:USDC",
  paperMint: "sys:paper_mint:PAPER_USDC",
  /** Off-chain deposits enter here: its negative balance is what the operator has put onto the platform. */
  treasury: "sys:treasury:USDC",
  /** On-chain USDC enters and leaves here: its negative balance is what the ledger says the platform holds on chain. */
  chain: "sys:chain:USDC",
} as const;

const specs: AccountSpec[] = [
  { id: systemAccounts.equity, asset: "USDC", owner: null, noOverdraft: false },
  { id: systemAccounts.faucet, asset: "USDC", owner: null, noOverdraft: false },
  { id: systemAccounts.paperMint, asset: "PAPER_USDC", owner: null, noOverdraft: false },
  { id: systemAccounts.treasury, asset: "USDC", owner: null, noOverdraft: false },
  { id: systemAccounts.chain, asset: "USDC", owner: null, noOverdraft: false },
];

/** Sharded no-overdraft accounts, which `rebalanceSystemShards` keeps even. */
export const shardedSystemAccounts: AccountSpec[] = [
  { id: systemAccounts.fees, asset: "USDC", owner: null, noOverdraft: true },
  { id: systemAccounts.paperFees, asset: "PAPER_USDC", owner: null, noOverdraft: true },
  { id: systemAccounts.house, asset: "USDC", owner: null, noOverdraft: true },
];

export const HOUSE_FUNDING_ID = "house_bankroll:initial";

/** Opens the platform accounts and, on the very first start only, funds the house bankroll from equity. */
export async function openSystemAccounts(tx: SqlTx, houseBankrollMicro: bigint): Promise<void> {
  for (const spec of specs) await openAccount(tx, spec);
  for (const spec of shardedSystemAccounts) await openShardedAccount(tx, spec);
  if (houseBankrollMicro === 0n || (await findTransfer(tx, HOUSE_FUNDING_ID))) return;
  await transfer(tx, {
    id: HOUSE_FUNDING_ID,
    kind: "house_bankroll",
    debitAccountId: systemAccounts.equity,
    creditAccountId: systemAccounts.house,
    amount: houseBankrollMicro,
  });
}

export type UserAsset = "USDC" | "PAPER_USDC";

/** Where fees in each asset are collected: paper fees stay paper. */
export const feeAccounts: Record<UserAsset, string> = { USDC: systemAccounts.fees, PAPER_USDC: systemAccounts.paperFees };

export function userAccountId(agentId: string, asset: UserAsset): string {
  return `${agentId}:${asset}`;
}

/** Display name of an account for transaction history: the agent id or the platform account's role. */
export function accountLabel(accountId: string): string {
  return accountId.startsWith("sys:") ? (accountId.split(":")[1] ?? accountId) : (accountId.split(":")[0] ?? accountId);
}

/** Evens out the shards of the house and fee accounts; a background job (one node at a time). */
export async function rebalanceSystemShards(tx: SqlTx): Promise<number> {
  let moves = 0;
  for (const spec of shardedSystemAccounts) moves += await rebalanceShards(tx, spec.id);
  return moves;
}
