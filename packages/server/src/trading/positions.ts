import type { SqlTx } from "@purpleflea/ledger";
import type { Side } from "./fill-model.ts";

export interface PositionRow {
  agent_id: string;
  symbol: string;
  quantity: bigint;
  cost_basis: bigint;
  realised_pnl: bigint;
  fees_paid: bigint;
}

export interface PositionFill {
  agentId: string;
  symbol: string;
  side: Side;
  quantityE8: bigint;
  /** Cash paid (buy) or received (sell), fee excluded. */
  cashMicro: bigint;
  feeMicro: bigint;
}

/**
 * Average-cost accounting. A buy adds its cash to the cost basis. A sell takes the sold share of the
 * basis (rounded down, so closing the whole position takes exactly what is left) and realises
 * proceeds minus that share. Fees are kept apart in fees_paid: PnL here is the price's doing.
 * The caller holds the agent's trading lock (`lockAgentTrading`), so the position read here is
 * the one the UPDATE changes.
 */
export async function applyFillToPosition(tx: SqlTx, fill: PositionFill, now: number): Promise<bigint> {
  await tx.run(
    `INSERT INTO trading_positions (agent_id, mode, symbol, updated_at) VALUES (?, 'paper', ?, ?)
     ON CONFLICT (agent_id, mode, symbol) DO NOTHING`,
    [fill.agentId, fill.symbol, now],
  );
  const position = await findPosition(tx, fill.agentId, fill.symbol);
  if (!position) throw new Error(`position ${fill.agentId}/${fill.symbol} vanished`);
  const buy = fill.side === "buy";
  if (!buy && fill.quantityE8 > position.quantity) throw new Error(`sell of ${fill.quantityE8} exceeds the position`);
  const basisOut = buy ? 0n : (position.cost_basis * fill.quantityE8) / position.quantity;
  const realised = buy ? 0n : fill.cashMicro - basisOut;
  await tx.run(
    `UPDATE trading_positions SET quantity = quantity + ?, cost_basis = cost_basis + ?, realised_pnl = realised_pnl + ?,
       fees_paid = fees_paid + ?, updated_at = ? WHERE agent_id = ? AND mode = 'paper' AND symbol = ?`,
    [
      buy ? fill.quantityE8 : -fill.quantityE8,
      buy ? fill.cashMicro : -basisOut,
      realised,
      fill.feeMicro,
      now,
      fill.agentId,
      fill.symbol,
    ],
  );
  return realised;
}

export async function findPosition(tx: SqlTx, agentId: string, symbol: string): Promise<PositionRow | undefined> {
  return tx.get<PositionRow>("SELECT * FROM trading_positions WHERE agent_id = ? AND mode = 'paper' AND symbol = ?", [
    agentId,
    symbol,
  ]);
}

export async function listPositions(tx: SqlTx, agentId: string): Promise<PositionRow[]> {
  return tx.all<PositionRow>("SELECT * FROM trading_positions WHERE agent_id = ? AND mode = 'paper' ORDER BY symbol", [agentId]);
}
