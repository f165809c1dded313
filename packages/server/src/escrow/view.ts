import type { SqlTx } from "@purpleflea/ledger";
import { type Escrow, type EscrowRole, money } from "@purpleflea/protocol";
import { type EventType, emitEvent } from "../events/events.ts";
import { isoTime, isoTimeOrNull } from "../iso-time.ts";
import type { EscrowRow } from "./records.ts";
import { settlementFor } from "./settlement.ts";
import { allowedActions, isOpen, roleOf } from "./state-machine.ts";

/**
 * The wire form, as one party sees it. While open, fee_paid and net_amount show what a release
 * would charge and pay (the seed's create response reports them); once settled, what it did.
 */
export function toEscrow(row: EscrowRow, role: EscrowRole, now = Date.now()): Escrow {
  const shown = isOpen(row.status) ? settlementFor(row.amount, row.fee_bps, "release") : row;
  return {
    escrow_id: row.id,
    status: row.status,
    role,
    actions: allowedActions(role, row.status, row.deadline_at <= BigInt(now)),
    creator: row.creator_id,
    counterparty: row.counterparty_id,
    arbiter: row.arbiter_id,
    condition: row.condition,
    ...money("amount", row.amount),
    ...money("fee_paid", shown.fee),
    ...money("net_amount", shown.net_paid),
    ...money("refunded", shown.refunded),
    fee_bps: Number(row.fee_bps),
    on_expiry: row.on_expiry,
    deadline: isoTime(row.deadline_at),
    outcome: row.outcome,
    completion_note: row.completion_note,
    completed_at: isoTimeOrNull(row.completed_at),
    disputed_by: row.disputed_by,
    dispute_reason: row.dispute_reason,
    resolution_note: row.resolution_note,
    created_at: isoTime(row.created_at),
    settled_at: isoTimeOrNull(row.settled_at),
  };
}

/** Tells every party (the arbiter too) what happened, in the transaction that made it happen. */
export async function announce(tx: SqlTx, row: EscrowRow, type: EventType, now: number): Promise<void> {
  for (const agentId of [row.creator_id, row.counterparty_id, row.arbiter_id]) {
    if (agentId === null) continue;
    const role = roleOf(row, agentId);
    if (role) await emitEvent(tx, agentId, type, toEscrow(row, role), now);
  }
}
