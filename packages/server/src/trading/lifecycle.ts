import { newId, type SqlTx } from "@purpleflea/ledger";
import type { OrderStatus } from "@purpleflea/protocol";
import { insertOrder, type OrderRow, RESTING, updateOrderStatus } from "./orders-store.ts";

/**
 * Ends an order (filled, cancelled or expired) and applies what its end sets off: a buy with a stop
 * loss or take profit gets them attached for the quantity it bought, and a bracket order that sold
 * cancels its partner (one cancels the other).
 */
export async function finishOrder(
  tx: SqlTx,
  orderId: string,
  status: Extract<OrderStatus, "filled" | "cancelled" | "expired">,
  reason: string,
  now: number,
): Promise<OrderRow> {
  const order = await updateOrderStatus(tx, orderId, { status, reason, reserved: 0n }, now);
  if (order.filled > 0n && (order.stop_loss !== null || order.take_profit !== null)) await attachBrackets(tx, order, now);
  if (order.filled > 0n && order.oco_group !== null) await cancelPartners(tx, order, now);
  return order;
}

/** Stop loss and take profit rest as sells of what the buy filled; with both, they form one OCO group. */
async function attachBrackets(tx: SqlTx, parent: OrderRow, now: number): Promise<void> {
  const group = parent.stop_loss !== null && parent.take_profit !== null ? parent.id : null;
  const child = {
    agent_id: parent.agent_id,
    client_order_id: null,
    parent_id: parent.id,
    oco_group: group,
    symbol: parent.symbol,
    side: "sell" as const,
    time_in_force: "gtc" as const,
    quantity: parent.filled,
    stop_loss: null,
    take_profit: null,
  };
  if (parent.take_profit !== null) {
    await insertOrder(
      tx,
      { ...child, id: newId("ord"), type: "limit", limit_price: parent.take_profit, trigger_price: null },
      now,
    );
  }
  if (parent.stop_loss !== null) {
    await insertOrder(tx, { ...child, id: newId("ord"), type: "stop", limit_price: null, trigger_price: parent.stop_loss }, now);
  }
}

async function cancelPartners(tx: SqlTx, order: OrderRow, now: number): Promise<void> {
  await tx.run(
    `UPDATE trading_orders SET status = 'cancelled', reason = 'oco', updated_at = ?
     WHERE oco_group = ? AND id != ? AND ${RESTING}`,
    [now, order.oco_group, order.id],
  );
}
