import { PurpleFleaError } from "@purpleflea/protocol";
import type { SqlTx } from "./store.ts";

export interface AccountSpec {
  id: string;
  asset: string;
  /** The agent that owns the account; null for platform accounts (faucet, house, fees). */
  owner: string | null;
  /** User accounts may never go below zero; platform accounts take the negative side. */
  noOverdraft: boolean;
}

export interface AccountRow {
  id: string;
  asset: string;
  owner: string | null;
  no_overdraft: bigint;
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
}

export interface AccountBalance {
  id: string;
  asset: string;
  /** Posted credits minus posted debits. */
  balance: bigint;
  /** Outgoing holds not yet posted or voided. */
  held: bigint;
  /** What may still be spent: balance minus held. */
  available: bigint;
}

/** Creates the account if it does not exist yet; opening twice is harmless. */
export async function openAccount(tx: SqlTx, spec: AccountSpec, now = Date.now()): Promise<void> {
  await tx.run(
    `INSERT INTO ledger_accounts (id, asset, owner, no_overdraft, created_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    [spec.id, spec.asset, spec.owner, spec.noOverdraft ? 1 : 0, now],
  );
}

export async function findAccount(tx: SqlTx, id: string): Promise<AccountRow | undefined> {
  return tx.get<AccountRow>("SELECT * FROM ledger_accounts WHERE id = ?", [id]);
}

export async function requireAccount(tx: SqlTx, id: string): Promise<AccountRow> {
  const row = await findAccount(tx, id);
  if (!row) throw new PurpleFleaError("account_not_found", `account ${id} does not exist`, { account_id: id });
  return row;
}

export function balanceOf(row: AccountRow): AccountBalance {
  const balance = row.credits_posted - row.debits_posted;
  return { id: row.id, asset: row.asset, balance, held: row.debits_pending, available: balance - row.debits_pending };
}

export async function getBalance(tx: SqlTx, id: string): Promise<AccountBalance> {
  return balanceOf(await requireAccount(tx, id));
}

export async function listOwnerBalances(tx: SqlTx, owner: string): Promise<AccountBalance[]> {
  const rows = await tx.all<AccountRow>("SELECT * FROM ledger_accounts WHERE owner = ? ORDER BY asset", [owner]);
  return rows.map(balanceOf);
}
