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
  const fast =
    spec.amount > 0n && spec.debitAccountId !== spec.creditAccountId ? await tryFastTransfer(tx, spec, now) : undefined;
  return fast ?? checkedTransfer(tx, spec, now);
}

/** Thrown inside the fast path's savepoint to undo it and take the checked path instead. */
const NOT_FAST = Symbol("not fast");

/**
 * The common case (a new transfer that fits) in three statements. Anything unusual (an id seen
 * before, a missing account, mixed assets, short funds) rolls the attempt back and answers
 * undefined, so that `checkedTransfer` can work out which rule it breaks.
 */
async function tryFastTransfer(tx: SqlTx, spec: TransferSpec, now: number): Promise<TransferRow | undefined> {
  const columns = spec.hold === undefined ? POSTED : HELD;
  try {
    return await tx.atomic(async () => {
      const debit = await tx.get<{ asset: string }>(debitSql(columns.debit), debitParams(spec.debitAccountId, spec.amount));
      if (!debit) throw NOT_FAST;
      const credit = await tx.get<{ asset: string }>(creditSql(columns.credit), creditParams(spec.creditAccountId, spec.amount));
      if (credit?.asset !== debit.asset) throw NOT_FAST;
      const row = await insertTransfer(tx, spec, debit.asset, now);
      if (!row) throw NOT_FAST;
      return row;
    });
  } catch (error) {
    if (error === NOT_FAST) return undefined;
    throw error;
  }
}

async function checkedTransfer(tx: SqlTx, spec: TransferSpec, now: number): Promise<TransferRow> {
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
    const columns = spec.hold === undefined ? POSTED : HELD;
    await applyDebit(tx, debit, spec.amount, columns.debit);
    await applyCredit(tx, credit, spec.amount, columns.credit);
    const row = await insertTransfer(tx, spec, debit.asset, now);
    if (!row) throw new Error(`transfer ${spec.id} appeared under its own transaction`);
    return row;
  });
}

function insertTransfer(tx: SqlTx, spec: TransferSpec, asset: string, now: number): Promise<TransferRow | undefined> {
  const timeoutAt = spec.hold?.timeoutMs === undefined ? null : now + spec.hold.timeoutMs;
  return tx.get<TransferRow>(
    `INSERT INTO ledger_transfers
       (id, kind, debit_account_id, credit_account_id, asset, amount, status, timeout_at, memo, ref, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING *`,
    [
      spec.id,
      spec.kind,
      spec.debitAccountId,
      spec.creditAccountId,
      asset,
      spec.amount,
      spec.hold === undefined ? "posted" : "held",
      timeoutAt,
      spec.memo ?? null,
      spec.ref ?? null,
      now,
    ],
  );
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

const POSTED = { debit: "debits_posted", credit: "credits_posted" } as const;
const HELD = { debit: "debits_pending", credit: "credits_pending" } as const;

/**
 * Adds to a debit column unless it would overflow or, for a no-overdraft account, overdraw it.
 * The overflow bound is computed here: PostgreSQL cannot type `? - ?` between two parameters.
 */
const debitSql = (column: DebitColumn) =>
  `UPDATE ledger_accounts SET ${column} = ${column} + ?
   WHERE id = ? AND ${column} <= ?
     AND (no_overdraft = 0 OR credits_posted - debits_posted - debits_pending >= ?) RETURNING asset`;
const debitParams = (accountId: string, amount: bigint) => [amount, accountId, MAX_INT64 - amount, amount];

const creditSql = (column: CreditColumn) =>
  `UPDATE ledger_accounts SET ${column} = ${column} + ? WHERE id = ? AND ${column} <= ? RETURNING asset`;
const creditParams = (accountId: string, amount: bigint) => [amount, accountId, MAX_INT64 - amount];

async function applyDebit(tx: SqlTx, account: AccountRow, amount: bigint, column: DebitColumn): Promise<void> {
  if (await tx.get(debitSql(column), debitParams(account.id, amount))) return;
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
  if (!(await tx.get(creditSql(column), creditParams(account.id, amount)))) throw overflow(account.id);
}

function overflow(accountId: string): PurpleFleaError {
  return new PurpleFleaError("balance_overflow", "this transfer would overflow the account's totals", { account_id: accountId });
}
