import type { SqlTx } from "./store.ts";
import type { TransferRow } from "./transfers.ts";

/** Transfers into or out of any of `accountIds` with `seq` below `beforeSeq`, newest first. */
export function accountTransfers(
  tx: SqlTx,
  accountIds: readonly string[],
  beforeSeq: bigint,
  limit: number,
): Promise<TransferRow[]> {
  const marks = accountIds.map(() => "?").join(", ");
  return tx.all<TransferRow>(
    `SELECT * FROM ledger_transfers WHERE (debit_account_id IN (${marks}) OR credit_account_id IN (${marks})) AND seq < ?
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
