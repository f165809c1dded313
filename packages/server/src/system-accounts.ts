import { type AccountSpec, openAccount, type SqlTx } from "@purpleflea/ledger";

/** Platform accounts take the negative side of double entry, so they may go below zero. */
export const systemAccounts = {
  faucet: "sys:faucet:USDC",
  paperMint: "sys:paper_mint:PAPER_USDC",
} as const;

const specs: AccountSpec[] = [
  { id: systemAccounts.faucet, asset: "USDC", owner: null, noOverdraft: false },
  { id: systemAccounts.paperMint, asset: "PAPER_USDC", owner: null, noOverdraft: false },
];

export async function openSystemAccounts(tx: SqlTx): Promise<void> {
  for (const spec of specs) await openAccount(tx, spec);
}

export function userAccountId(agentId: string, asset: "USDC" | "PAPER_USDC"): string {
  return `${agentId}:${asset}`;
}

/** Display name of an account for transaction history: the agent id or the platform account's role. */
export function accountLabel(accountId: string): string {
  return accountId.startsWith("sys:") ? (accountId.split(":")[1] ?? accountId) : (accountId.split(":")[0] ?? accountId);
}
