import { PurpleFleaError } from "@purpleflea/protocol";
import { type AccountRow, requireAccount } from "./accounts.ts";
import type { SqlTx } from "./store.ts";

export type TransferStatus = "posted" | "held" | "voided" | "expired";

export interface TransferSpec {
  /** Caller-chosen id: submitting the same transfer twice applies it once. */
  id: string;
  kind: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: bigint;
  memo?: string | null;
  ref?: string | null;
  /** Hold the amount instead of moving it; it is posted, voided, or expires after timeoutMs. */
  hold?: { timeoutMs?: number };
}

export interface TransferRow {
  seq: bigint;
  id: string;
  kind: string;
  debit_account_id: string;
  credit_account_id: string;
  asset: string;
  amount: bigint;
  status: TransferStatus;
  timeout_at: bigint | null;
  memo: string | null;
  ref: string | null;
  created_at: bigint;
  settled_at: bigint | null;
}

const MAX_INT64 = 9_223_372_036_854_775_807n;

export async function findTransfer(tx: SqlTx, id: string): Promise<TransferRow | undefined> {
  return tx.get<TransferRow>("SELECT * FROM ledger_transfers WHERE id = ?", [id]);
}

/**
 * Moves (or holds) money from one account to another, all-or-nothing. Balance limits are part of
 * the UPDATE itself, so two racing spends can never both pass the check.
 */
export async function transfer(tx: SqlTx, spec: TransferSpec, now = Date.now()): Promise<TransferRow> {
  const existing = await findTransfer(tx, spec.id);
  if (existing) return sameTransfer(existing, spec);
  if (spec.amount <= 0n) throw new PurpleFleaError("amount_must_be_positive", "amount must be greater than zero");
  if (spec.debitAccountId === spec.creditAccountId) {
    throw new PurpleFleaError("accounts_must_be_different", "a transfer needs two different accounts");
  }
  return tx.atomic(async () => {
    const debit = await requireAccount(tx, spec.debitAccountId);
    const credit = await requireAccount(tx, spec.creditAccountId);
    if (debit.asset !== credit.asset) {
      throw new PurpleFleaError("assets_must_match", "both accounts must hold the same asset", {
        debit_asset: debit.asset,
        credit_asset: credit.asset,
      });
    }
    const held = spec.hold !== undefined;
    await applyDebit(tx, debit, spec.amount, held ? "debits_pending" : "debits_posted");
    await applyCredit(tx, credit, spec.amount, held ? "credits_pending" : "credits_posted");
    const timeoutAt = spec.hold?.timeoutMs === undefined ? null : now + spec.hold.timeoutMs;
    const row = await tx.get<TransferRow>(
      `INSERT INTO ledger_transfers
         (id, kind, debit_account_id, credit_account_id, asset, amount, status, timeout_at, memo, ref, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [
        spec.id,
        spec.kind,
        debit.id,
        credit.id,
        debit.asset,
        spec.amount,
        held ? "held" : "posted",
        timeoutAt,
        spec.memo ?? null,
        spec.ref ?? null,
        now,
      ],
    );
    if (!row) throw new Error("insert returned no row");
    return row;
  });
}

/** Applies several transfers as one: if any fails, none happened. */
export async function transferAll(tx: SqlTx, specs: readonly TransferSpec[], now = Date.now()): Promise<TransferRow[]> {
  return tx.atomic(async () => {
    const rows: TransferRow[] = [];
    for (const spec of specs) rows.push(await transfer(tx, spec, now));
    return rows;
  });
}

function sameTransfer(existing: TransferRow, spec: TransferSpec): TransferRow {
  const same =
    existing.kind === spec.kind &&
    existing.debit_account_id === spec.debitAccountId &&
    existing.credit_account_id === spec.creditAccountId &&
    existing.amount === spec.amount &&
    (existing.status === "posted") === (spec.hold === undefined);
  if (!same) {
    throw new PurpleFleaError(
      "transfer_exists_with_different_fields",
      `transfer ${spec.id} already exists with different fields`,
    );
  }
  return existing;
}

type DebitColumn = "debits_pending" | "debits_posted";
type CreditColumn = "credits_pending" | "credits_posted";

async function applyDebit(tx: SqlTx, account: AccountRow, amount: bigint, column: DebitColumn): Promise<void> {
  const { changes } = await tx.run(
    `UPDATE ledger_accounts SET ${column} = ${column} + ?
     WHERE id = ? AND ${column} <= ? - ?
       AND (no_overdraft = 0 OR credits_posted - debits_posted - debits_pending >= ?)`,
    [amount, account.id, MAX_INT64, amount, amount],
  );
  if (changes === 1) return;
  const fresh = await requireAccount(tx, account.id);
  if (fresh[column] > MAX_INT64 - amount) throw overflow(account.id);
  const available = fresh.credits_posted - fresh.debits_posted - fresh.debits_pending;
  throw new PurpleFleaError("insufficient_funds", "the balance does not cover this amount", {
    account_id: account.id,
    available_micro: available.toString(),
    requested_micro: amount.toString(),
  });
}

async function applyCredit(tx: SqlTx, account: AccountRow, amount: bigint, column: CreditColumn): Promise<void> {
  const { changes } = await tx.run(`UPDATE ledger_accounts SET ${column} = ${column} + ? WHERE id = ? AND ${column} <= ? - ?`, [
    amount,
    account.id,
    MAX_INT64,
    amount,
  ]);
  if (changes !== 1) throw overflow(account.id);
}

function overflow(accountId: string): PurpleFleaError {
  return new PurpleFleaError("balance_overflow", "this transfer would overflow the account's totals", { account_id: accountId });
}
