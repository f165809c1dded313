import type { SqlTx } from "@purpleflea/ledger";
import { type Escrow, type EscrowOutcome, PurpleFleaError, type ResolveEscrowRequest } from "@purpleflea/protocol";
import type { EventType } from "../events/events.ts";
import { type EscrowChanges, type EscrowRow, findEscrow, moveEscrow, requireEscrowFor } from "./records.ts";
import { type Settlement, settleEscrowFunds, settlementFor } from "./settlement.ts";
import { checkTransition, type EscrowAction } from "./state-machine.ts";
import { announce, toEscrow } from "./view.ts";

const EVENTS: Record<EscrowAction, EventType> = {
  complete: "escrow.completed",
  release: "escrow.released",
  dispute: "escrow.disputed",
  refund: "escrow.refunded",
  resolve: "escrow.resolved",
};

export interface Step {
  changes: EscrowChanges;
  /** Set for the actions that end the escrow: the money moves with the state change. */
  settlement?: Settlement;
}

/**
 * One action by one agent: find the escrow (404 for outsiders), check the rulebook, claim the
 * state change, move the money and tell the parties, all in the caller's transaction.
 */
async function act(
  tx: SqlTx,
  agentId: string,
  escrowId: string,
  action: EscrowAction,
  plan: (row: EscrowRow) => Step,
  now: number,
): Promise<Escrow> {
  const { row, role } = await requireEscrowFor(tx, escrowId, agentId);
  const to = checkTransition(row, role, action, now);
  const moved = await transition(tx, row, to, plan(row), now);
  if (!moved) {
    const current = await findEscrow(tx, row.id);
    throw new PurpleFleaError("invalid_escrow_transition", `escrow ${row.id} became ${current?.status} meanwhile`, {
      escrow_id: row.id,
      status: current?.status,
    });
  }
  await announce(tx, moved, EVENTS[action], now);
  return toEscrow(moved, role);
}

/**
 * Claims the state change first, conditional on the state it was read in, so of two racing
 * settlements exactly one gets past this; then moves the money. Undefined if the race was lost.
 * The sweeper uses it too.
 */
export async function transition(
  tx: SqlTx,
  row: EscrowRow,
  to: EscrowRow["status"],
  step: Step,
  now: number,
): Promise<EscrowRow | undefined> {
  const settled = step.settlement ? { ...settledColumns(step.settlement), settled_at: BigInt(now) } : {};
  const moved = await moveEscrow(tx, row, to, { ...step.changes, ...settled });
  if (moved && step.settlement) await settleEscrowFunds(tx, moved, step.settlement, now);
  return moved;
}

function settledColumns({ outcome, net_paid, fee, refunded }: Settlement): EscrowChanges {
  return { outcome, net_paid, fee, refunded };
}

const settle = (row: EscrowRow, outcome: EscrowOutcome, splitMicro?: bigint): Step => ({
  changes: {},
  settlement: settlementFor(row.amount, row.fee_bps, outcome, splitMicro),
});

export function completeEscrow(
  tx: SqlTx,
  agentId: string,
  input: { escrow_id: string; note?: string | undefined },
  now = Date.now(),
) {
  return act(
    tx,
    agentId,
    input.escrow_id,
    "complete",
    () => ({
      changes: { completion_note: input.note ?? null, completed_at: BigInt(now) },
    }),
    now,
  );
}

export function disputeEscrow(
  tx: SqlTx,
  agentId: string,
  input: { escrow_id: string; reason?: string | undefined },
  now = Date.now(),
) {
  return act(
    tx,
    agentId,
    input.escrow_id,
    "dispute",
    () => ({
      changes: { disputed_by: agentId, dispute_reason: input.reason ?? null },
    }),
    now,
  );
}

export function releaseEscrow(tx: SqlTx, agentId: string, input: { escrow_id: string }, now = Date.now()) {
  return act(tx, agentId, input.escrow_id, "release", (row) => settle(row, "release"), now);
}

export function refundEscrow(tx: SqlTx, agentId: string, input: { escrow_id: string }, now = Date.now()) {
  return act(tx, agentId, input.escrow_id, "refund", (row) => settle(row, "refund"), now);
}

/** The arbiter's ruling; a split names the counterparty's gross share, strictly between 0 and the amount. */
export function resolveEscrow(tx: SqlTx, agentId: string, input: ResolveEscrowRequest, now = Date.now()) {
  return act(
    tx,
    agentId,
    input.escrow_id,
    "resolve",
    (row) => {
      if (input.split !== undefined && input.split >= row.amount) {
        throw new PurpleFleaError("split_out_of_range", "split must be less than the escrowed amount (use outcome release)", {
          field: "split",
        });
      }
      const step = settle(row, input.outcome, input.split);
      return { ...step, changes: { resolution_note: input.note ?? null } };
    },
    now,
  );
}
