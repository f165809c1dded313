import { newId, type SqlTx, shardFor, transfer } from "@purpleflea/ledger";
import { feeMicro } from "@purpleflea/protocol";
import { emitEvent } from "../events/events.ts";
import { collectFee } from "../fees/fees.ts";
import { userAccountId } from "../system-accounts.ts";
import { PAPER_MARKET_ACCOUNT } from "./accounts.ts";
import { averagePriceMicro, cashMicro, type Walk } from "./fill-model.ts";
import { type FillRow, insertFill } from "./fills.ts";
import { addOrderFill, type OrderRow, requireOrderRow } from "./orders-store.ts";
import { applyFillToPosition } from "./positions.ts";
import type { TradingContext } from "./settings.ts";
import { toFill, toOrder } from "./wire.ts";

export interface Execution {
  order: OrderRow;
  walk: Walk;
  /** Taker: the order took liquidity when it arrived. Maker: it rested and the market came to it. */
  liquidity: "maker" | "taker";
  step: number;
}

/**
 * Books one fill, all in the caller's transaction: paper cash between the agent and the paper market,
 * the fee (with the referrer's share) in paper USDC, the position and the fill row.
 * Real USDC is never touched: every account here holds PAPER_USDC, and the ledger refuses to mix assets.
 */
export async function settleFill(tx: SqlTx, ctx: TradingContext, execution: Execution, now: number): Promise<FillRow> {
  const { order, walk, liquidity } = execution;
  const cash = cashMicro(order.side, walk.valueE8);
  const fee = feeMicro(cash, liquidity === "maker" ? ctx.settings.makerFeeBps : ctx.settings.takerFeeBps);
  const user = userAccountId(order.agent_id, "PAPER_USDC");
  const fillId = newId("fil");
  if (cash > 0n) {
    const buy = order.side === "buy";
    const market = shardFor(PAPER_MARKET_ACCOUNT, fillId);
    await transfer(
      tx,
      {
        id: `${fillId}:cash`,
        kind: buy ? "trade_buy" : "trade_sell",
        debitAccountId: buy ? user : market,
        creditAccountId: buy ? market : user,
        amount: cash,
        ref: order.id,
      },
      now,
    );
  }
  await collectFee(
    tx,
    {
      id: fillId,
      service: "trading",
      payerAgentId: order.agent_id,
      asset: "PAPER_USDC",
      fromAccountId: user,
      feeMicro: fee,
      referralShareBps: ctx.settings.referralShareBps,
      ref: order.id,
    },
    now,
  );
  const position = { agentId: order.agent_id, symbol: order.symbol, side: order.side, quantityE8: walk.quantityE8 };
  const realised = await applyFillToPosition(tx, { ...position, cashMicro: cash, feeMicro: fee }, now);
  await addOrderFill(tx, order.id, { quantityE8: walk.quantityE8, cashMicro: cash, feeMicro: fee });
  const fill = await insertFill(
    tx,
    {
      id: fillId,
      order_id: order.id,
      agent_id: order.agent_id,
      symbol: order.symbol,
      side: order.side,
      liquidity,
      quantity: walk.quantityE8,
      price: averagePriceMicro(walk),
      notional: cash,
      fee,
      realised_pnl: realised,
    },
    execution.step,
    now,
  );
  return fill;
}

/** Emits `order.filled` for fills once their order has its final status for this moment. */
export async function announceFills(tx: SqlTx, orderId: string, fills: readonly FillRow[], now: number): Promise<void> {
  if (fills.length === 0) return;
  const order = toOrder(await requireOrderRow(tx, orderId));
  for (const fill of fills) await emitEvent(tx, fill.agent_id, "order.filled", { order, fill: toFill(fill) }, now);
}
