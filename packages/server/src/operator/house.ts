import { findTransfer, getBalance, newId, type SqlTx, type TransferRow, transfer } from "@purpleflea/ledger";
import { money } from "@purpleflea/protocol";
import { isoTime } from "../iso-time.ts";
import { HOUSE_FUNDING_ID, systemAccounts } from "../system-accounts.ts";

/** Operator movements shown with the report. */
const MOVEMENTS_SHOWN = 50;

/** The treasury's transfers with the house, newest first: operator deposits (in) and withdrawals (out). */
function houseMovements(tx: SqlTx, limit: number): Promise<TransferRow[]> {
  const { treasury, house } = systemAccounts;
  return tx.all<TransferRow>(
    `SELECT * FROM ledger_transfers WHERE (debit_account_id = ? AND credit_account_id = ?)
       OR (debit_account_id = ? AND credit_account_id = ?) ORDER BY seq DESC LIMIT ?`,
    [treasury, house, house, treasury, limit],
  );
}

async function sumBetween(tx: SqlTx, from: string, to: string): Promise<bigint> {
  const row = await tx.get<{ total: bigint | null }>(
    "SELECT SUM(amount) AS total FROM ledger_transfers WHERE debit_account_id = ? AND credit_account_id = ? AND status = 'posted'",
    [from, to],
  );
  return row?.total ?? 0n;
}

/**
 * The house bankroll: what it holds, what was put in (the first start's bankroll plus operator
 * deposits less withdrawals), and so the casino's result (wins less payouts and referral shares).
 */
export async function houseReport(tx: SqlTx) {
  const { treasury, house } = systemAccounts;
  const balance = (await getBalance(tx, house)).balance;
  const initial = (await findTransfer(tx, HOUSE_FUNDING_ID))?.amount ?? 0n;
  const funded = initial + (await sumBetween(tx, treasury, house)) - (await sumBetween(tx, house, treasury));
  const movements = await houseMovements(tx, MOVEMENTS_SHOWN);
  return {
    ...money("balance", balance),
    ...money("funded", funded),
    ...money("result", balance - funded),
    movements: movements.map((row) => ({
      transfer_id: row.id,
      direction: row.credit_account_id === house ? ("in" as const) : ("out" as const),
      ...money("amount", row.amount),
      memo: row.memo,
      created_at: isoTime(row.created_at),
    })),
  };
}

/** Moves USDC between the treasury and the house bankroll; the house may never go below zero. */
export async function moveHouseFunds(
  tx: SqlTx,
  direction: "in" | "out",
  request: { amount: bigint; memo: string },
  now = Date.now(),
) {
  const { treasury, house } = systemAccounts;
  const row = await transfer(
    tx,
    {
      id: newId("hse"),
      kind: direction === "in" ? "house_deposit" : "house_withdraw",
      debitAccountId: direction === "in" ? treasury : house,
      creditAccountId: direction === "in" ? house : treasury,
      amount: request.amount,
      memo: request.memo,
    },
    now,
  );
  return { body: await houseReport(tx), ref: row.id };
}
