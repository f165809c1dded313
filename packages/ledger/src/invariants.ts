import type { SqlTx } from "./store.ts";

export interface InvariantReport {
  ok: boolean;
  violations: string[];
}

/**
 * Recomputes the ledger's invariants from scratch: per asset the balances sum to zero, no
 * no-overdraft account is negative, and every account's totals equal the sums of its transfers.
 */
export async function checkInvariants(tx: SqlTx): Promise<InvariantReport> {
  const violations: string[] = [];
  const sums = await tx.all<{ asset: string; posted: bigint; pending: bigint }>(
    `SELECT asset, SUM(credits_posted - debits_posted) AS posted, SUM(credits_pending - debits_pending) AS pending
     FROM ledger_accounts GROUP BY asset`,
  );
  for (const { asset, posted, pending } of sums) {
    if (posted !== 0n) violations.push(`${asset}: posted balances sum to ${posted}, not 0`);
    if (pending !== 0n) violations.push(`${asset}: held balances sum to ${pending}, not 0`);
  }
  const negative = await tx.all<{ id: string }>(
    "SELECT id FROM ledger_accounts WHERE no_overdraft = 1 AND credits_posted - debits_posted - debits_pending < 0",
  );
  for (const { id } of negative) violations.push(`${id}: below zero`);
  const drift = await tx.all<{ id: string }>(
    `SELECT a.id FROM ledger_accounts a
     LEFT JOIN (SELECT debit_account_id AS id,
                  SUM(CASE WHEN status = 'posted' THEN amount ELSE 0 END) AS posted,
                  SUM(CASE WHEN status = 'held' THEN amount ELSE 0 END) AS held
                FROM ledger_transfers GROUP BY debit_account_id) d ON d.id = a.id
     LEFT JOIN (SELECT credit_account_id AS id,
                  SUM(CASE WHEN status = 'posted' THEN amount ELSE 0 END) AS posted,
                  SUM(CASE WHEN status = 'held' THEN amount ELSE 0 END) AS held
                FROM ledger_transfers GROUP BY credit_account_id) c ON c.id = a.id
     WHERE a.debits_posted != COALESCE(d.posted, 0) OR a.debits_pending != COALESCE(d.held, 0)
        OR a.credits_posted != COALESCE(c.posted, 0) OR a.credits_pending != COALESCE(c.held, 0)`,
  );
  for (const { id } of drift) violations.push(`${id}: totals differ from its transfers`);
  return { ok: violations.length === 0, violations };
}
