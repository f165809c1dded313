import { getBalance, newId, type SqlTx, shardFor, transfer } from "@purpleflea/ledger";
import { feeMicro, newFunds, type OrderRequest, type OrderResponse, operations, PurpleFleaError } from "@purpleflea/protocol";
import type { MoneyAction } from "../policy/money-action.ts";
import { userAccountId } from "../system-accounts.ts";
import { PAPER_MARKET_ACCOUNT } from "./accounts.ts";
import { announceFills, settleFill } from "./execution.ts";
import { cashMicro } from "./fill-model.ts";
import type { FillRow } from "./fills.ts";
import { finishOrder } from "./lifecycle.ts";
import { checkAgentRules, checkBracket, checkOrderQuantity, type OrderPlan, planOrder } from "./order-checks.ts";
import { insertOrder, type OrderRow, requireOrderRow, updateOrderStatus } from "./orders-store.ts";
import type { TradingContext } from "./settings.ts";
import { toFill, toOrder } from "./wire.ts";

/**
 * Places an order, all-or-nothing in the caller's transaction: it takes what the book offers now
 * (as taker), then rests (gtc limit: a buy's cash is held in the ledger), or expires the rest (ioc,
 * market), or fills nothing at all (fok that cannot fill in full).
 */
export async function placeOrder(
  tx: SqlTx,
  ctx: TradingContext,
  agentId: string,
  request: OrderRequest,
  now = Date.now(),
  plan = planOrder(ctx, request),
): Promise<OrderResponse> {
  try {
    return await place(tx, ctx, agentId, request, plan, now);
  } catch (error) {
    if (!(error instanceof PurpleFleaError) || error.code !== "insufficient_funds") throw error;
    // The ledger knows accounts, not requests: say which field asked for too much.
    throw new PurpleFleaError("insufficient_funds", "your paper USDC does not cover this order and its fee", {
      ...error.details,
      field: request.amount === undefined ? "notional" : "amount",
    });
  }
}

async function place(
  tx: SqlTx,
  ctx: TradingContext,
  agentId: string,
  request: OrderRequest,
  plan: OrderPlan,
  now: number,
): Promise<OrderResponse> {
  const { instrument, book, quantityE8, limit, walk } = plan;
  checkOrderQuantity(plan, request);
  checkBracket(request, book);
  await checkAgentRules(tx, ctx.settings, agentId, request, quantityE8);
  const order = await insertOrder(
    tx,
    {
      id: newId("ord"),
      agent_id: agentId,
      client_order_id: request.client_order_id ?? null,
      parent_id: null,
      oco_group: null,
      symbol: instrument.symbol,
      side: request.side,
      type: request.type,
      time_in_force: request.time_in_force,
      quantity: quantityE8,
      limit_price: limit,
      trigger_price: null,
      stop_loss: request.stop_loss ?? null,
      take_profit: request.take_profit ?? null,
    },
    now,
  );
  const fills: FillRow[] = [];
  if (request.time_in_force === "fok" && walk.quantityE8 < quantityE8) {
    await finishOrder(tx, order.id, "expired", "fok_unfillable", now);
  } else {
    if (walk.quantityE8 > 0n) fills.push(await settleFill(tx, ctx, { order, walk, liquidity: "taker", step: book.step }, now));
    await afterArrival(tx, ctx, order, quantityE8 - walk.quantityE8, now);
  }
  await announceFills(tx, order.id, fills, now);
  const final = await requireOrderRow(tx, order.id);
  const cash = await getBalance(tx, userAccountId(agentId, "PAPER_USDC"));
  return { ...toOrder(final), ...newFunds(cash), fills: fills.map(toFill) };
}

/** What happens to the quantity the book did not fill on arrival. */
async function afterArrival(tx: SqlTx, ctx: TradingContext, order: OrderRow, remainingE8: bigint, now: number) {
  if (remainingE8 === 0n) return finishOrder(tx, order.id, "filled", "filled", now);
  if (order.type !== "limit" || order.time_in_force !== "gtc") {
    return finishOrder(tx, order.id, "expired", order.type === "market" ? "no_liquidity" : "ioc_remainder", now);
  }
  const status = remainingE8 < order.quantity ? "partially_filled" : "open";
  if (order.side === "sell" || order.limit_price === null) return updateOrderStatus(tx, order.id, { status }, now);
  // A resting buy holds the most it can cost: its cash at the limit plus the maker fee on it.
  const cash = cashMicro("buy", remainingE8 * order.limit_price);
  const reserved = cash + feeMicro(cash, ctx.settings.makerFeeBps);
  const hold = await transfer(
    tx,
    {
      id: `${order.id}:hold`,
      kind: "order_hold",
      debitAccountId: userAccountId(order.agent_id, "PAPER_USDC"),
      creditAccountId: shardFor(PAPER_MARKET_ACCOUNT, order.id),
      amount: reserved,
      ref: order.id,
      hold: {},
    },
    now,
  );
  return updateOrderStatus(tx, order.id, { status, reserved, holdId: hold.id }, now);
}

/** A paper order as the risk gate sees it: what it would cost at the book of this moment, fee included. */
export function orderAction(ctx: TradingContext): MoneyAction<typeof operations.order> {
  return {
    op: operations.order,
    plan: async (tx, agentId, body) => {
      const plan = planOrder(ctx, body);
      return {
        spend: { asset: "PAPER_USDC", amountMicro: plan.spendMicro, symbol: body.symbol },
        execute: () => placeOrder(tx, ctx, agentId, body, Date.now(), plan),
      };
    },
  };
}
