import { type SqlTx, voidHeld } from "@purpleflea/ledger";
import { INSTRUMENTS, PurpleFleaError } from "@purpleflea/protocol";
import type { Book } from "./book.ts";
import { announceFills, settleFill } from "./execution.ts";
import { type Walk, walkBook } from "./fill-model.ts";
import { finishOrder } from "./lifecycle.ts";
import { crossedOrders, type OrderRow } from "./orders-store.ts";
import type { TradingContext } from "./settings.ts";

/**
 * Fills every resting order the market has reached at its current step. The server runs it each
 * MARKET_STEP_MS; tests call it directly after moving the market. Each order settles on its own, so
 * one that cannot settle is cancelled with the reason and the rest still fill. A bug in one order's
 * fill (not a coded refusal) leaves that order resting and is logged; it must not stop every other
 * agent's orders from filling, pass after pass.
 */
export async function matchRestingOrders(tx: SqlTx, ctx: TradingContext, now = Date.now()): Promise<number> {
  const step = ctx.market.step();
  let filled = 0;
  for (const instrument of INSTRUMENTS) {
    const book = ctx.market.book(instrument, step);
    const bid = book.bids[0]?.priceMicro;
    const ask = book.asks[0]?.priceMicro;
    if (bid === undefined || ask === undefined) continue;
    for (const order of await crossedOrders(tx, instrument.symbol, bid, ask)) {
      try {
        await tx.atomic(() => fillResting(tx, ctx, order, book, now));
        filled++;
      } catch (error) {
        if (!(error instanceof PurpleFleaError)) {
          console.error(`matcher: order ${order.id} failed to fill and stays resting`, error);
          continue;
        }
        if (order.hold_id !== null) await voidHeld(tx, order.hold_id, now);
        await finishOrder(tx, order.id, "cancelled", error.code, now);
      }
    }
  }
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
