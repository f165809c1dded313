import type { SqlTx } from "@purpleflea/ledger";
import type { Side } from "./fill-model.ts";

export interface FillRow {
  seq: bigint;
  id: string;
  order_id: string;
  agent_id: string;
  symbol: string;
  side: Side;
  liquidity: "maker" | "taker";
  quantity: bigint;
  /** Volume-weighted price of this fill, to the nearest micro-USDC; `notional` is the exact cash. */
  price: bigint;
  notional: bigint;
  fee: bigint;
  realised_pnl: bigint;
  step: bigint;
  created_at: bigint;
}

export type NewFill = Omit<FillRow, "seq" | "step" | "created_at">;

export async function insertFill(tx: SqlTx, fill: NewFill, step: number, now: number): Promise<FillRow> {
  const row = await tx.get<FillRow>(
    `INSERT INTO trading_fills (id, order_id, agent_id, symbol, mode, side, liquidity, quantity, price, notional, fee,
       realised_pnl, step, created_at)
     VALUES (?, ?, ?, ?, 'paper', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    [
      fill.id,
      fill.order_id,
      fill.agent_id,
      fill.symbol,
      fill.side,
      fill.liquidity,
      fill.quantity,
      fill.price,
      fill.notional,
      fill.fee,
      fill.realised_pnl,
      step,
      now,
    ],
  );
  if (!row) throw new Error("fill insert returned no row");
  return row;
}

export async function listFills(tx: SqlTx, agentId: string, beforeSeq: bigint, limit: number, symbol: string | undefined) {
  const filter = symbol ? "AND symbol = ?" : "";
  return tx.all<FillRow>(
    `SELECT * FROM trading_fills WHERE agent_id = ? AND seq < ? ${filter} ORDER BY seq DESC LIMIT ?`,
    symbol ? [agentId, beforeSeq, symbol, limit] : [agentId, beforeSeq, limit],
  );
}

/** Every fill of an agent in time order: what portfolio history replays. */
export async function fillsInOrder(tx: SqlTx, agentId: string): Promise<FillRow[]> {
  return tx.all<FillRow>("SELECT * FROM trading_fills WHERE agent_id = ? ORDER BY seq", [agentId]);
}
