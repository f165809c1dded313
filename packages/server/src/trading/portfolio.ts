import { getBalance, postedMovements, type SqlTx } from "@purpleflea/ledger";
import {
  type CandleInterval,
  money,
  type PortfolioHistory,
  type Position,
  type PositionsResponse,
  requireInstrument,
} from "@purpleflea/protocol";
import type { Market } from "../market/market.ts";
import { INTERVAL_MS } from "../market/market-data.ts";
import { userAccountId } from "../system-accounts.ts";
import { fillsInOrder } from "./fills.ts";
import { reservedQuantity } from "./orders-store.ts";
import { listPositions } from "./positions.ts";
import { marketValueMicro, toPosition } from "./wire.ts";

/** Positions marked at the mid, with paper cash and equity (cash, held included, plus positions at the mid). */
export async function positionsSummary(tx: SqlTx, market: Market, agentId: string): Promise<PositionsResponse> {
  const positions: Position[] = [];
  const totals = { value: 0n, unrealised: 0n, realised: 0n };
  for (const row of await listPositions(tx, agentId)) {
    const mark = market.book(requireInstrument(row.symbol)).midMicro;
    positions.push(toPosition(row, mark, await reservedQuantity(tx, agentId, row.symbol)));
    const value = marketValueMicro(row.quantity, mark);
    totals.value += value;
    totals.unrealised += value - row.cost_basis;
    totals.realised += row.realised_pnl;
  }
  const cash = await getBalance(tx, userAccountId(agentId, "PAPER_USDC"));
  return {
    mode: "paper",
    positions,
    ...money("cash", cash.balance),
    ...money("held", cash.held),
    ...money("market_value", totals.value),
    ...money("equity", cash.balance + totals.value),
    ...money("unrealised_pnl", totals.unrealised),
    ...money("realised_pnl", totals.realised),
  };
}

/**
 * Paper portfolio value at evenly spaced times up to now, computed from the ledger and the fills
 * (nothing is sampled or stored): posted paper cash at each time plus the coins held then, valued at
 * that time's mid. Points start when the paper account was first funded.
 */
export async function portfolioHistory(
  tx: SqlTx,
  market: Market,
  agentId: string,
  interval: CandleInterval,
  limit: number,
  nowMs = Date.now(),
): Promise<PortfolioHistory> {
  const account = userAccountId(agentId, "PAPER_USDC");
  const changes = await postedMovements(tx, account);
  const fills = await fillsInOrder(tx, agentId);
  const start = Number(changes[0]?.created_at ?? nowMs);
  const held = new Map<string, bigint>();
  let cash = 0n;
  let nextChange = 0;
  let nextFill = 0;
  const points: PortfolioHistory["points"] = [];
  for (let k = limit - 1; k >= 0; k--) {
    const time = nowMs - k * INTERVAL_MS[interval];
    if (time < start) continue;
    for (; nextChange < changes.length && Number(changes[nextChange]?.created_at) <= time; nextChange++) {
      cash += changes[nextChange]?.delta ?? 0n;
    }
    for (; nextFill < fills.length && Number(fills[nextFill]?.created_at) <= time; nextFill++) {
      const fill = fills[nextFill];
      if (!fill) break;
      const signed = fill.side === "buy" ? fill.quantity : -fill.quantity;
      held.set(fill.symbol, (held.get(fill.symbol) ?? 0n) + signed);
    }
    let value = cash;
    for (const [symbol, quantityE8] of held) {
      const mid = market.point(requireInstrument(symbol), market.stepAt(time)).midMicro;
      value += marketValueMicro(quantityE8, mid);
    }
    points.push({ time: new Date(time).toISOString(), ...money("cash", cash), ...money("value", value) });
  }
  return { interval, points };
}
