import type { SqlTx } from "@purpleflea/ledger";
import { type EscrowOutcome, type EscrowRole, type EscrowStatus, PurpleFleaError } from "@purpleflea/protocol";
import { roleOf } from "./state-machine.ts";

export interface EscrowRow {
  seq: bigint;
  id: string;
  creator_id: string;
  counterparty_id: string;
  arbiter_id: string | null;
  amount: bigint;
  fee_bps: bigint;
  referral_share_bps: bigint;
  condition: string;
  status: EscrowStatus;
  on_expiry: "refund" | "release";
  deadline_at: bigint;
  outcome: EscrowOutcome | null;
  net_paid: bigint;
  fee: bigint;
  refunded: bigint;
  completion_note: string | null;
  completed_at: bigint | null;
  disputed_by: string | null;
  dispute_reason: string | null;
  resolution_note: string | null;
  created_at: bigint;
  settled_at: bigint | null;
}

export type NewEscrow = Pick<
  EscrowRow,
  "id" | "creator_id" | "counterparty_id" | "arbiter_id" | "amount" | "condition" | "on_expiry" | "deadline_at"
> & { fee_bps: number; referral_share_bps: number };

/** The columns a transition may set besides `status`. */
export type EscrowChanges = Partial<
  Pick<
    EscrowRow,
    | "outcome"
    | "net_paid"
    | "fee"
    | "refunded"
    | "completion_note"
    | "completed_at"
    | "disputed_by"
    | "dispute_reason"
    | "resolution_note"
    | "settled_at"
  >
>;

export async function insertEscrow(tx: SqlTx, escrow: NewEscrow, now: number): Promise<EscrowRow> {
  const row = await tx.get<EscrowRow>(
    `INSERT INTO escrows (id, creator_id, counterparty_id, arbiter_id, amount, fee_bps, referral_share_bps, condition, status,
       on_expiry, deadline_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'funded', ?, ?, ?) RETURNING *`,
    [
      escrow.id,
      escrow.creator_id,
      escrow.counterparty_id,
      escrow.arbiter_id,
      escrow.amount,
      escrow.fee_bps,
      escrow.referral_share_bps,
      escrow.condition,
      escrow.on_expiry,
      escrow.deadline_at,
      now,
    ],
  );
  if (!row) throw new Error(`escrow ${escrow.id} was not stored`);
  return row;
}

export async function findEscrow(tx: SqlTx, id: string): Promise<EscrowRow | undefined> {
  return tx.get<EscrowRow>("SELECT * FROM escrows WHERE id = ?", [id]);
}

/** The escrow and the caller's role in it. Outsiders get the same 404 as for an unknown id. */
export async function requireEscrowFor(tx: SqlTx, id: string, agentId: string): Promise<{ row: EscrowRow; role: EscrowRole }> {
  const row = await findEscrow(tx, id);
  const role = row ? roleOf(row, agentId) : null;
  if (!row || !role) throw new PurpleFleaError("escrow_not_found", `no escrow ${id} among yours`, { escrow_id: id });
  return { row, role };
}

/**
 * Moves the escrow from the state it was read in to `status`, only if nobody moved it first: the
 * condition on the old status makes every transition (and the sweeper's expiry) happen once.
 */
export async function moveEscrow(
  tx: SqlTx,
  row: EscrowRow,
  status: EscrowStatus,
  changes: EscrowChanges,
): Promise<EscrowRow | undefined> {
  const columns = Object.keys(changes) as Array<keyof EscrowChanges>;
  const sets = ["status = ?", ...columns.map((column) => `${column} = ?`)].join(", ");
  return tx.get<EscrowRow>(`UPDATE escrows SET ${sets} WHERE id = ? AND status = ? RETURNING *`, [
    status,
    ...columns.map((column) => changes[column] ?? null),
    row.id,
    row.status,
  ]);
}

export async function countOpenEscrows(tx: SqlTx, creatorId: string): Promise<number> {
  const row = await tx.get<{ n: bigint }>(
    "SELECT COUNT(*) AS n FROM escrows WHERE creator_id = ? AND status IN ('funded', 'completed', 'disputed')",
    [creatorId],
  );
  return Number(row?.n ?? 0n);
}

export interface EscrowFilter {
  role?: EscrowRole | undefined;
  status?: EscrowStatus | undefined;
}

const ROLE_COLUMN: Record<EscrowRole, string> = {
  creator: "creator_id",
  counterparty: "counterparty_id",
  arbiter: "arbiter_id",
};

/** One page of the agent's escrows, newest first, in any role or the one asked for. */
export async function listEscrowRows(
  tx: SqlTx,
  agentId: string,
  filter: EscrowFilter,
  beforeSeq: bigint,
  limit: number,
): Promise<EscrowRow[]> {
  const party = filter.role ? `${ROLE_COLUMN[filter.role]} = ?` : "(creator_id = ? OR counterparty_id = ? OR arbiter_id = ?)";
  const partyParams = filter.role ? [agentId] : [agentId, agentId, agentId];
  const status = filter.status ? "AND status = ?" : "";
  return tx.all<EscrowRow>(`SELECT * FROM escrows WHERE ${party} ${status} AND seq < ? ORDER BY seq DESC LIMIT ?`, [
    ...partyParams,
    ...(filter.status ? [filter.status] : []),
    beforeSeq,
    limit,
  ]);
}

/** Open escrows whose deadline has passed, oldest deadline first. */
export async function dueEscrows(tx: SqlTx, now: number, limit: number): Promise<EscrowRow[]> {
  return tx.all<EscrowRow>(
    `SELECT * FROM escrows WHERE status IN ('funded', 'completed', 'disputed') AND deadline_at <= ?
     ORDER BY deadline_at LIMIT ?`,
    [now, limit],
  );
}
