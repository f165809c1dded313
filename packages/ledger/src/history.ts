import type { SqlTx } from "./store.ts";
import type { TransferRow } from "./transfers.ts";

const marks = (ids: readonly string[]) => ids.map(() => "?").join(", ");

/** Transfers into or out of any of `accountIds` with `seq` below `beforeSeq`, newest first. */
export function accountTransfers(
  tx: SqlTx,
  accountIds: readonly string[],
  beforeSeq: bigint,
  limit: number,
): Promise<TransferRow[]> {
  const ids = marks(accountIds);
  return tx.all<TransferRow>(
    `SELECT * FROM ledger_transfers WHERE (debit_account_id IN (${ids}) OR credit_account_id IN (${ids})) AND seq < ?
     ORDER BY seq DESC LIMIT ?`,
    [...accountIds, ...accountIds, beforeSeq, limit],
  );
}

export interface Movement {
  created_at: bigint;
  /** Positive for money in, negative for money out. */
  delta: bigint;
}

/** Every posted movement of one account, oldest first: its balance over time. */
export function postedMovements(tx: SqlTx, accountId: string): Promise<Movement[]> {
  return tx.all<Movement>(
    `SELECT created_at, CASE WHEN credit_account_id = ? THEN amount ELSE -amount END AS delta FROM ledger_transfers
     WHERE (debit_account_id = ? OR credit_account_id = ?) AND status = 'posted' ORDER BY created_at, seq`,
    [accountId, accountId, accountId],
  );
}

/** Posted transfers from any of `from` to any of `to`, summed (0 when none). */
export async function sumPosted(tx: SqlTx, from: readonly string[], to: readonly string[]): Promise<bigint> {
  const row = await tx.get<{ total: bigint | null }>(
    `SELECT SUM(amount) AS total FROM ledger_transfers
     WHERE debit_account_id IN (${marks(from)}) AND credit_account_id IN (${marks(to)}) AND status = 'posted'`,
    [...from, ...to],
  );
  return row?.total ?? 0n;
}

/** Transfers between the two sets of accounts, either way, newest first. */
export function transfersBetween(tx: SqlTx, a: readonly string[], b: readonly string[], limit: number): Promise<TransferRow[]> {
  return tx.all<TransferRow>(
    `SELECT * FROM ledger_transfers
     WHERE (debit_account_id IN (${marks(a)}) AND credit_account_id IN (${marks(b)}))
        OR (debit_account_id IN (${marks(b)}) AND credit_account_id IN (${marks(a)}))
     ORDER BY seq DESC LIMIT ?`,
    [...a, ...b, ...b, ...a, limit],
  );
}

export interface KindTotal {
  kind: string;
  asset: string;
  count: bigint;
  amount: bigint;
}

/** Posted credits into the accounts, counted and summed per transfer kind and asset. */
export function creditsByKind(tx: SqlTx, accountIds: readonly string[]): Promise<KindTotal[]> {
  return tx.all<KindTotal>(
    `SELECT kind, asset, COUNT(*) AS count, SUM(amount) AS amount FROM ledger_transfers
     WHERE credit_account_id IN (${marks(accountIds)}) AND status = 'posted' GROUP BY kind, asset ORDER BY kind, asset`,
    [...accountIds],
  );
}

/** Holds not yet posted, voided or expired. */
export async function countHeld(tx: SqlTx): Promise<number> {
  const row = await tx.get<{ n: bigint }>("SELECT COUNT(*) AS n FROM ledger_transfers WHERE status = 'held'");
  return Number(row?.n ?? 0n);
}
