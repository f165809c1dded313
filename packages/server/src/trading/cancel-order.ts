import { type SqlTx, voidHeld } from "@purpleflea/ledger";
import { type Order, PurpleFleaError } from "@purpleflea/protocol";
import { finishOrder } from "./lifecycle.ts";
import { findOrder, isResting, lockAgentTrading } from "./orders-store.ts";
import { toOrder } from "./wire.ts";

/** Cancels a resting order: a buy's held cash returns to the agent's available balance, to the micro-unit. */
export async function cancelOrder(tx: SqlTx, agentId: string, orderId: string, now = Date.now()): Promise<Order> {
  // A matcher filling this order right now finishes first; then the order is read as it left it.
  await lockAgentTrading(tx, agentId);
  const order = await findOrder(tx, agentId, orderId);
  if (!order) throw new PurpleFleaError("order_not_found", `no order ${orderId}`, { field: "id" });
  if (!isResting(order)) {
    throw new PurpleFleaError(
      "order_not_cancellable",
      `order ${orderId} is ${order.status}; only resting orders can be cancelled`,
      {
        status: order.status,
      },
    );
  }
  if (order.hold_id !== null) await voidHeld(tx, order.hold_id, now);
  return toOrder(await finishOrder(tx, order.id, "cancelled", "cancelled", now));
}
