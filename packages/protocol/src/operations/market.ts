import { operation } from "../operation.ts";
import {
  candlesQuerySchema,
  candlesResponseSchema,
  instrumentsResponseSchema,
  orderbookQuerySchema,
  orderbookSchema,
  symbolParamsSchema,
  tickerSchema,
} from "../schemas-market.ts";
import { read } from "./common.ts";

/** Market data: the same feed (simulator, replay or live) that paper orders fill against. */
export const marketOperations = {
  instruments: operation({
    ...read,
    id: "market.instruments",
    tool: "list_instruments",
    path: "/market/instruments",
    tag: "market",
    summary: "Tradable instruments with tick and lot sizes, minimum notional and maker/taker fees",
    response: instrumentsResponseSchema,
  }),
  ticker: operation({
    ...read,
    id: "market.ticker",
    tool: "get_ticker",
    path: "/market/ticker/:symbol",
    tag: "market",
    summary: "Best bid, best ask and mid of an instrument (BTC, BTC-USD and BTC/USDC are the same)",
    params: symbolParamsSchema,
    response: tickerSchema,
  }),
  candles: operation({
    ...read,
    id: "market.candles",
    tool: "get_candles",
    path: "/market/candles/:symbol",
    tag: "market",
    summary: "OHLC candles of the mid price, oldest first",
    params: symbolParamsSchema,
    query: candlesQuerySchema,
    response: candlesResponseSchema,
  }),
  orderbook: operation({
    ...read,
    id: "market.orderbook",
    tool: "get_orderbook",
    path: "/market/orderbook/:symbol",
    tag: "market",
    summary: "Synthetic order book depth that paper market orders walk",
    params: symbolParamsSchema,
    query: orderbookQuerySchema,
    response: orderbookSchema,
  }),
};
