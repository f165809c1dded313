import { type Fill, money, nullableMoney, type Order, type Position, quantity, UNITS_PER_COIN } from "@purpleflea/protocol";
import { isoTime } from "../iso-time.ts";
import type { FillRow } from "./fills.ts";
import type { OrderRow } from "./orders-store.ts";
import type { PositionRow } from "./positions.ts";

/** Average price paid or received per coin, to the nearest micro-USDC; null before any fill. */
function averagePrice(cashMicro: bigint, quantityE8: bigint): bigint | null {
  if (quantityE8 === 0n) return null;
  return (2n * cashMicro * UNITS_PER_COIN + quantityE8) / (2n * quantityE8);
}

export function toOrder(row: OrderRow): Order {
  return {
    order_id: row.id,
    client_order_id: row.client_order_id,
    parent_order_id: row.parent_id,
    symbol: row.symbol,
    side: row.side,
    type: row.type,
    time_in_force: row.time_in_force,
    mode: row.mode,
    status: row.status,
    ...quantity("amount", row.quantity),
    ...quantity("filled_amount", row.filled),
    ...quantity("remaining_amount", row.quantity - row.filled),
    ...nullableMoney("limit_price", row.limit_price),
    ...nullableMoney("trigger_price", row.trigger_price),
    ...nullableMoney("fill_price", averagePrice(row.notional, row.filled)),
    ...money("notional", row.notional),
    ...money("fee", row.fee),
    fee_asset: "PAPER_USDC",
    ...money("reserved", row.reserved),
    ...nullableMoney("stop_loss", row.stop_loss),
    ...nullableMoney("take_profit", row.take_profit),
    reason: row.reason,
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
  };
}

export function toFill(row: FillRow): Fill {
  return {
    fill_id: row.id,
    order_id: row.order_id,
    symbol: row.symbol,
    side: row.side,
    liquidity: row.liquidity,
    ...quantity("amount", row.quantity),
    ...money("price", row.price),
    ...money("notional", row.notional),
    ...money("fee", row.fee),
    ...money("realised_pnl", row.realised_pnl),
    created_at: isoTime(row.created_at),
  };
}

/** Value of coins at a price, rounded down: what they would fetch, never more. */
export function marketValueMicro(quantityE8: bigint, priceMicro: bigint): bigint {
  return (quantityE8 * priceMicro) / UNITS_PER_COIN;
}

export function toPosition(row: PositionRow, markMicro: bigint, reservedE8: bigint): Position {
  const value = marketValueMicro(row.quantity, markMicro);
  return {
    symbol: row.symbol,
    ...quantity("amount", row.quantity),
    ...quantity("available_amount", row.quantity - reservedE8),
    ...money("average_entry", averagePrice(row.cost_basis, row.quantity) ?? 0n),
    ...money("cost_basis", row.cost_basis),
    ...money("mark_price", markMicro),
    ...money("market_value", value),
    ...money("unrealised_pnl", value - row.cost_basis),
    ...money("realised_pnl", row.realised_pnl),
    ...money("fees_paid", row.fees_paid),
  };
}
