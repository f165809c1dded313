import { PurpleFleaError } from "@purpleflea/protocol";
import type { SqlTx } from "./store.ts";
import { findTransfer, type TransferRow } from "./transfers.ts";

type Settlement = "posted" | "voided" | "expired";

/** Posts a held transfer in full: the held amount moves for good. */
export async function postHeld(tx: SqlTx, id: string, now = Date.now()): Promise<TransferRow> {
  return settle(tx, await requireLiveHold(tx, id, now), "posted", now);
}

/** Voids a held transfer: the amount returns to the debit account's available balance. */
export async function voidHeld(tx: SqlTx, id: string, now = Date.now()): Promise<TransferRow> {
  return settle(tx, await requireLiveHold(tx, id, now), "voided", now);
}

/** Voids every hold whose timeout has passed; returns how many expired. Safe to run anywhere, any time. */
export async function expireHolds(tx: SqlTx, now = Date.now(), limit = 1_000): Promise<number> {
  const due = await tx.all<TransferRow>(
    "SELECT * FROM ledger_transfers WHERE status = 'held' AND timeout_at <= ? ORDER BY timeout_at LIMIT ?",
    [now, limit],
  );
  let expired = 0;
  for (const hold of due) if (await settleUnlessTaken(tx, hold, now)) expired++;
  return expired;
}

/** Expires a hold unless another writer settled it first (then there is nothing left to do). */
async function settleUnlessTaken(tx: SqlTx, hold: TransferRow, now: number): Promise<boolean> {
  try {
    await settle(tx, hold, "expired", now);
    return true;
  } catch (error) {
    if (error instanceof PurpleFleaError) return false;
    throw error;
  }
}

async function requireLiveHold(tx: SqlTx, id: string, now: number): Promise<TransferRow> {
  const hold = await findTransfer(tx, id);
  if (!hold) throw new PurpleFleaError("held_transfer_not_found", `no held transfer ${id}`, { transfer_id: id });
  if (hold.status === "held" && hold.timeout_at !== null && hold.timeout_at <= BigInt(now)) {
    await settle(tx, hold, "expired", now);
    throw new PurpleFleaError("held_transfer_expired", `held transfer ${id} expired`, { transfer_id: id });
  }
  if (hold.status !== "held") {
    const code = hold.status === "expired" ? "held_transfer_expired" : "held_transfer_already_settled";
    throw new PurpleFleaError(code, `transfer ${id} is ${hold.status}, not held`, { transfer_id: id, status: hold.status });
  }
  return hold;
}

/**
 * Claims the hold first (a guarded UPDATE on its status), then moves the balances: of two racing
 * settlements only the one that claimed it touches an account.
 */
async function settle(tx: SqlTx, hold: TransferRow, outcome: Settlement, now: number): Promise<TransferRow> {
  return tx.atomic(async () => {
    const row = await tx.get<TransferRow>(
      "UPDATE ledger_transfers SET status = ?, settled_at = ? WHERE id = ? AND status = 'held' RETURNING *",
      [outcome, now, hold.id],
    );
    if (!row) throw await settledMeanwhile(tx, hold.id);
    const posted = outcome === "posted" ? row.amount : 0n;
    await tx.run(
      "UPDATE ledger_accounts SET debits_pending = debits_pending - ?, debits_posted = debits_posted + ? WHERE id = ?",
      [row.amount, posted, row.debit_account_id],
    );
    await tx.run(
      "UPDATE ledger_accounts SET credits_pending = credits_pending - ?, credits_posted = credits_posted + ? WHERE id = ?",
      [row.amount, posted, row.credit_account_id],
    );
    return row;
  });
}

/** The error for a hold another writer settled between our read and our claim. */
async function settledMeanwhile(tx: SqlTx, id: string): Promise<PurpleFleaError> {
  const now = await findTransfer(tx, id);
  const code = now?.status === "expired" ? "held_transfer_expired" : "held_transfer_already_settled";
  return new PurpleFleaError(code, `transfer ${id} is ${now?.status ?? "gone"}, not held`, {
    transfer_id: id,
    status: now?.status,
  });
}
