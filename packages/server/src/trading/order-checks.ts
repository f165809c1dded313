import type { SqlTx } from "@purpleflea/ledger";
import {
  checkQuantity,
  feeMicro,
  formatAmount,
  formatQuantity,
  type Instrument,
  lotE8,
  type OrderRequest,
  PurpleFleaError,
  requireInstrument,
} from "@purpleflea/protocol";
import type { Book } from "../market/book.ts";
import { cashMicro, notionalMicro, opposite, quantityForNotional, type Walk, walkBook } from "./fill-model.ts";
import { countResting, findByClientOrderId, lockAgentTrading, reservedQuantity } from "./orders-store.ts";
import { findPosition } from "./positions.ts";
import type { TradingContext, TradingSettings } from "./settings.ts";

/** Live orders need a venue (an exchange adapter with credentials); none ships yet. */
export function refuseLive(request: Pick<OrderRequest, "mode">): void {
  if (request.mode !== "live") return;
  throw new PurpleFleaError(
    "live_trading_unavailable",
    'live trading is not available: this server has no live venue configured. Use mode "paper" (paper USDC); ' +
      'an operator enables live orders by adding a venue adapter and its API credentials (README, "Paper trading").',
    { field: "mode" },
  );
}

/** The price an order is judged at before it fills: its limit, or the touch it would take from. */
function referencePrice(request: OrderRequest, book: Book): bigint {
  if (request.limit_price !== undefined) return request.limit_price;
  const touch = opposite(book, request.side)[0];
  if (!touch)
    throw new PurpleFleaError("market_data_unavailable", `${book.symbol} has no ${request.side === "buy" ? "asks" : "bids"}`);
  return touch.priceMicro;
}

/** An order worked out once, against the book of this moment: the risk gate reads its spend, placing it uses the rest. */
export interface OrderPlan {
  instrument: Instrument;
  book: Book;
  /** The base quantity: as sent, or the whole lots a USDC notional buys at the reference price (not yet checked). */
  quantityE8: bigint;
  limit: bigint | null;
  /** What the book fills on arrival. */
  walk: Walk;
  /**
   * The most the order can move, as the risk gate sees it: the cash of the walk, any resting remainder
   * at its limit price, plus the taker fee (the larger one) on that. The order executes in the same
   * transaction with this very walk, so it can never move more than its policy was shown. A quantity
   * the order's own checks will refuse still gets a figure, so that the policy answers first.
   */
  spendMicro: bigint;
}

export function planOrder(ctx: TradingContext, request: OrderRequest): OrderPlan {
  // Live is refused before the policy runs: no approval should ever be requested for it.
  refuseLive(request);
  const instrument = requireInstrument(request.symbol);
  const book = ctx.market.book(instrument);
  const limit = request.type === "limit" ? (request.limit_price ?? null) : null;
  const quantityE8 =
    request.amount ?? quantityForNotional(request.notional ?? 0n, referencePrice(request, book), lotE8(instrument));
  const walk = walkBook(opposite(book, request.side), request.side, quantityE8, limit);
  const restingE8 = (quantityE8 - walk.quantityE8) * (limit ?? 0n);
  const cash = cashMicro("buy", walk.valueE8 + restingE8);
  return { instrument, book, quantityE8, limit, walk, spendMicro: cash + feeMicro(cash, ctx.settings.takerFeeBps) };
}

/** Refuses a quantity the instrument does not allow, or one worth less than its minimum at the reference price. */
export function checkOrderQuantity(plan: OrderPlan, request: OrderRequest): void {
  const { instrument, quantityE8 } = plan;
  const price = referencePrice(request, plan.book);
  const field = request.amount === undefined ? "notional" : "amount";
  checkQuantity(instrument, quantityE8, field);
  if (quantityE8 === 0n || notionalMicro(quantityE8, price) < instrument.minNotionalMicro) {
    throw new PurpleFleaError(
      "below_min_notional",
      `${instrument.symbol} orders must be worth at least ${formatAmount(instrument.minNotionalMicro)} USDC at ${formatAmount(price)}`,
      { field, min_notional: formatAmount(instrument.minNotionalMicro) },
    );
  }
}

/**
 * A market buy's stop loss must sit below the bid and its take profit above the ask, or they would
 * fire at once (a limit buy's are checked against its limit price when the request is parsed).
 */
export function checkBracket(request: OrderRequest, book: Book): void {
  if (request.type !== "market") return;
  const bid = book.bids[0]?.priceMicro ?? 0n;
  const ask = book.asks[0]?.priceMicro ?? 0n;
  if (request.stop_loss !== undefined && request.stop_loss >= bid) {
    throw new PurpleFleaError("stop_loss_not_below_entry", `stop_loss must be below the bid (${formatAmount(bid)})`, {
      field: "stop_loss",
    });
  }
  if (request.take_profit !== undefined && request.take_profit <= ask) {
    throw new PurpleFleaError("take_profit_not_above_entry", `take_profit must be above the ask (${formatAmount(ask)})`, {
      field: "take_profit",
    });
  }
}

/**
 * Rules that need the agent's state: unique client ids, the resting-order limit, coins to sell.
 * Checked under the agent's trading lock, held until the order is stored and filled.
 */
export async function checkAgentRules(
  tx: SqlTx,
  settings: TradingSettings,
  agentId: string,
  request: OrderRequest,
  quantityE8: bigint,
): Promise<void> {
  await lockAgentTrading(tx, agentId);
  if (request.client_order_id !== undefined) {
    const existing = await findByClientOrderId(tx, agentId, request.client_order_id);
    if (existing) {
      throw new PurpleFleaError("duplicate_client_order_id", `client_order_id ${request.client_order_id} is already used`, {
        field: "client_order_id",
        order_id: existing.id,
      });
    }
  }
  const mayRest = request.time_in_force === "gtc" || request.stop_loss !== undefined || request.take_profit !== undefined;
  if (mayRest && (await countResting(tx, agentId)) >= settings.maxOpenOrders) {
    throw new PurpleFleaError("too_many_open_orders", `at most ${settings.maxOpenOrders} resting orders; cancel some first`, {
      max_open_orders: settings.maxOpenOrders,
    });
  }
  if (request.side === "sell") await checkPosition(tx, agentId, request.symbol, quantityE8);
}

/** Paper trading is spot: a sell needs the coins, minus those promised to resting sells. */
async function checkPosition(tx: SqlTx, agentId: string, symbol: string, quantityE8: bigint): Promise<void> {
  const held = (await findPosition(tx, agentId, symbol))?.quantity ?? 0n;
  const available = held - (await reservedQuantity(tx, agentId, symbol));
  if (quantityE8 > available) {
    throw new PurpleFleaError("insufficient_position", `you can sell at most ${formatQuantity(available)} ${symbol}`, {
      field: "amount",
      available_amount: formatQuantity(available),
    });
  }
}
