import { type SqlTx, voidHeld } from "@purpleflea/ledger";
import { INSTRUMENTS, PurpleFleaError } from "@purpleflea/protocol";
import type { Book } from "../market/book.ts";
import { announceFills, settleFill } from "./execution.ts";
import { type Walk, walkBook } from "./fill-model.ts";
import { finishOrder } from "./lifecycle.ts";
import { crossedOrders, isResting, lockAgentTrading, type OrderRow, requireOrderRow } from "./orders-store.ts";
import type { TradingContext } from "./settings.ts";

/** A resting order the market reached, with the book of that moment. */
export interface Crossing {
  order: OrderRow;
  book: Book;
}

/** Every resting order the market has reached at its current step, oldest first per instrument. */
export async function crossedNow(tx: SqlTx, ctx: TradingContext): Promise<Crossing[]> {
  const step = ctx.market.step();
  const crossings: Crossing[] = [];
  for (const instrument of INSTRUMENTS) {
    const book = ctx.market.book(instrument, step);
    const bid = book.bids[0]?.priceMicro;
    const ask = book.asks[0]?.priceMicro;
    if (bid === undefined || ask === undefined) continue;
    for (const order of await crossedOrders(tx, instrument.symbol, bid, ask)) crossings.push({ order, book });
  }
  return crossings;
}

/**
 * Fills one crossed order in the caller's transaction, or cancels it with the reason when it cannot
 * settle (a coded refusal). Under the agent's trading lock, the order is read again first: a cancel
 * or another matcher may have ended it since it was found. Returns whether it filled.
 */
export async function matchOrder(tx: SqlTx, ctx: TradingContext, crossing: Crossing, now = Date.now()): Promise<boolean> {
  await lockAgentTrading(tx, crossing.order.agent_id);
  const order = await requireOrderRow(tx, crossing.order.id);
  if (!isResting(order)) return false;
  try {
    await tx.atomic(() => fillResting(tx, ctx, order, crossing.book, now));
    return true;
  } catch (error) {
    if (!(error instanceof PurpleFleaError)) throw error;
    if (order.hold_id !== null) await voidHeld(tx, order.hold_id, now);
    await finishOrder(tx, order.id, "cancelled", error.code, now);
    return false;
  }
}

/** Every crossed order filled in one transaction: what tests use to settle a moved market at once. */
export async function matchRestingOrders(tx: SqlTx, ctx: TradingContext, now = Date.now()): Promise<number> {
  let filled = 0;
  for (const crossing of await crossedNow(tx, ctx)) if (await matchOrder(tx, ctx, crossing, now)) filled++;
  return filled;
}

/**
 * A resting limit order fills in full at its own price once the touch reaches it (maker); the market
 * may have gapped past it, but a resting order trades at its price. A stop loss sells at market (taker)
 * and expires whatever the book cannot take.
 */
async function fillResting(tx: SqlTx, ctx: TradingContext, order: OrderRow, book: Book, now: number): Promise<void> {
  const remaining = order.quantity - order.filled;
  let walk: Walk;
  if (order.type === "stop") {
    walk = walkBook(book.bids, "sell", remaining, null);
  } else {
    if (order.limit_price === null) throw new Error(`limit order ${order.id} has no price`);
    walk = { quantityE8: remaining, valueE8: remaining * order.limit_price };
  }
  if (order.hold_id !== null) await voidHeld(tx, order.hold_id, now);
  const liquidity = order.type === "stop" ? "taker" : "maker";
  const fills = walk.quantityE8 > 0n ? [await settleFill(tx, ctx, { order, walk, liquidity, step: book.step }, now)] : [];
  const done = walk.quantityE8 === remaining;
  await finishOrder(tx, order.id, done ? "filled" : "expired", done ? "filled" : "no_liquidity", now);
  await announceFills(tx, order.id, fills, now);
}
