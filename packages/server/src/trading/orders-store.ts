import type { SqlTx } from "@purpleflea/ledger";
import type { OrderStatus } from "@purpleflea/protocol";
import type { Side } from "./fill-model.ts";

export interface OrderRow {
  seq: bigint;
  id: string;
  agent_id: string;
  client_order_id: string | null;
  parent_id: string | null;
  oco_group: string | null;
  symbol: string;
  mode: "paper";
  side: Side;
  type: "market" | "limit" | "stop";
  time_in_force: "gtc" | "ioc" | "fok";
  quantity: bigint;
  filled: bigint;
  limit_price: bigint | null;
  trigger_price: bigint | null;
  notional: bigint;
  fee: bigint;
  reserved: bigint;
  hold_id: string | null;
  stop_loss: bigint | null;
  take_profit: bigint | null;
  status: OrderStatus;
  reason: string | null;
  created_at: bigint;
  updated_at: bigint;
}

export type NewOrder = Pick<
  OrderRow,
  | "id"
  | "agent_id"
  | "client_order_id"
  | "parent_id"
  | "oco_group"
  | "symbol"
  | "side"
  | "type"
  | "time_in_force"
  | "quantity"
  | "limit_price"
  | "trigger_price"
  | "stop_loss"
  | "take_profit"
>;

/**
 * Serialises what one agent's trading reads and then writes (the resting-order limit, coins
 * promised to sells, its positions) between concurrent writers: placing, cancelling, filling.
 */
export function lockAgentTrading(tx: SqlTx, agentId: string): Promise<void> {
  return tx.lock(`trading:${agentId}`);
}

/** Orders that still rest: they may fill, be cancelled, and they reserve cash or coins. */
const RESTING_STATUSES: readonly string[] = ["open", "partially_filled"];
/** The same test in SQL, for WHERE clauses. */
export const RESTING = `status IN (${RESTING_STATUSES.map((status) => `'${status}'`).join(", ")})`;

export function isResting(order: { status: string }): boolean {
  return RESTING_STATUSES.includes(order.status);
}

export async function insertOrder(tx: SqlTx, order: NewOrder, now: number): Promise<OrderRow> {
  const row = await tx.get<OrderRow>(
    `INSERT INTO trading_orders (id, agent_id, client_order_id, parent_id, oco_group, symbol, mode, side, type, time_in_force,
       quantity, limit_price, trigger_price, stop_loss, take_profit, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'paper', ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING *`,
    [
      order.id,
      order.agent_id,
      order.client_order_id,
      order.parent_id,
      order.oco_group,
      order.symbol,
      order.side,
      order.type,
      order.time_in_force,
      order.quantity,
      order.limit_price,
      order.trigger_price,
      order.stop_loss,
      order.take_profit,
      now,
      now,
    ],
  );
  if (!row) throw new Error("order insert returned no row");
  return row;
}

export async function findOrder(tx: SqlTx, agentId: string, id: string): Promise<OrderRow | undefined> {
  return tx.get<OrderRow>("SELECT * FROM trading_orders WHERE id = ? AND agent_id = ?", [id, agentId]);
}

export async function requireOrderRow(tx: SqlTx, id: string): Promise<OrderRow> {
  const row = await tx.get<OrderRow>("SELECT * FROM trading_orders WHERE id = ?", [id]);
  if (!row) throw new Error(`order ${id} vanished`);
  return row;
}

export async function findByClientOrderId(tx: SqlTx, agentId: string, clientOrderId: string) {
  return tx.get<{ id: string }>("SELECT id FROM trading_orders WHERE agent_id = ? AND client_order_id = ?", [
    agentId,
    clientOrderId,
  ]);
}

export async function countResting(tx: SqlTx, agentId: string): Promise<number> {
  const row = await tx.get<{ n: bigint }>(`SELECT COUNT(*) AS n FROM trading_orders WHERE agent_id = ? AND ${RESTING}`, [
    agentId,
  ]);
  return Number(row?.n ?? 0n);
}

export interface OrderFilter {
  status?: OrderStatus | undefined;
  symbol?: string | undefined;
}

export async function listOrders(tx: SqlTx, agentId: string, beforeSeq: bigint, limit: number, filter: OrderFilter) {
  const where = ["agent_id = ?", "seq < ?"];
  const params: Array<string | bigint | number> = [agentId, beforeSeq];
  if (filter.status) {
    where.push("status = ?");
    params.push(filter.status);
  }
  if (filter.symbol) {
    where.push("symbol = ?");
    params.push(filter.symbol);
  }
  return tx.all<OrderRow>(`SELECT * FROM trading_orders WHERE ${where.join(" AND ")} ORDER BY seq DESC LIMIT ?`, [
    ...params,
    limit,
  ]);
}

/**
 * Coins promised to resting sells; a stop loss and a take profit of one bracket promise the same coins
 * once. A resting buy with a stop loss or take profit promises what it has filled so far: its
 * brackets attach for all of it when it ends, so selling those coins meanwhile would sell them twice.
 */
export async function reservedQuantity(tx: SqlTx, agentId: string, symbol: string): Promise<bigint> {
  const row = await tx.get<{ reserved: bigint | null }>(
    `SELECT SUM(r) AS reserved FROM (
       SELECT MAX(quantity - filled) AS r FROM trading_orders
       WHERE agent_id = ? AND symbol = ? AND side = 'sell' AND ${RESTING}
       GROUP BY COALESCE(oco_group, id)
       UNION ALL
       SELECT filled AS r FROM trading_orders
       WHERE agent_id = ? AND symbol = ? AND side = 'buy' AND ${RESTING}
         AND (stop_loss IS NOT NULL OR take_profit IS NOT NULL)) groups`,
    [agentId, symbol, agentId, symbol],
  );
  return row?.reserved ?? 0n;
}

/** Resting orders the touch has reached, oldest first: time priority among equal chances. */
export async function crossedOrders(tx: SqlTx, symbol: string, bidMicro: bigint, askMicro: bigint): Promise<OrderRow[]> {
  return tx.all<OrderRow>(
    `SELECT * FROM trading_orders WHERE symbol = ? AND ${RESTING} AND (
       (type = 'limit' AND side = 'buy' AND limit_price >= ?) OR
       (type = 'limit' AND side = 'sell' AND limit_price <= ?) OR
       (type = 'stop' AND side = 'sell' AND trigger_price >= ?))
     ORDER BY seq`,
    [symbol, askMicro, bidMicro, bidMicro],
  );
}

export interface OrderChange {
  status: OrderStatus;
  reason?: string | null;
  reserved?: bigint;
  holdId?: string | null;
}

/** Moves an order to a new status; only a resting order can change, so a race can never settle it twice. */
export async function updateOrderStatus(tx: SqlTx, id: string, change: OrderChange, now: number): Promise<OrderRow> {
  const row = await tx.get<OrderRow>(
    `UPDATE trading_orders SET status = ?, reason = COALESCE(?, reason), reserved = COALESCE(?, reserved),
       hold_id = COALESCE(?, hold_id), updated_at = ?
     WHERE id = ? AND ${RESTING} RETURNING *`,
    [change.status, change.reason ?? null, change.reserved ?? null, change.holdId ?? null, now, id],
  );
  if (!row) throw new Error(`order ${id} is no longer resting`);
  return row;
}

export async function addOrderFill(tx: SqlTx, id: string, fill: { quantityE8: bigint; cashMicro: bigint; feeMicro: bigint }) {
  await tx.run("UPDATE trading_orders SET filled = filled + ?, notional = notional + ?, fee = fee + ? WHERE id = ?", [
    fill.quantityE8,
    fill.cashMicro,
    fill.feeMicro,
    id,
  ]);
}
