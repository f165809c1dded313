import type { SqlTx } from "@purpleflea/ledger";
import { transition } from "./actions.ts";
import { dueEscrows } from "./records.ts";
import { settlementFor } from "./settlement.ts";
import { expiryOutcome } from "./state-machine.ts";
import { announce } from "./view.ts";

/** Escrows settled per sweep, so one sweep never holds the write lock for long. */
const SWEEP_LIMIT = 500;

/**
 * Settles every open escrow whose deadline has passed, as stated at creation. Each one moves
 * only if it is still in the state it was read in, so a sweep that races an action, another
 * sweep or a restart settles it exactly once. Returns how many it settled.
 */
export async function expireEscrows(tx: SqlTx, now = Date.now(), limit = SWEEP_LIMIT): Promise<number> {
  let settled = 0;
  for (const row of await dueEscrows(tx, now, limit)) {
    const settlement = settlementFor(row.amount, row.fee_bps, expiryOutcome(row.status, row.on_expiry));
    const moved = await transition(tx, row, "expired", { changes: {}, settlement }, now);
    if (!moved) continue;
    await announce(tx, moved, "escrow.expired", now);
    settled++;
  }
  return settled;
}
