import { operations, requireInstrument } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { operationRoute } from "../http/operation-route.ts";
import { candles, instrumentList, orderbook, ticker } from "../market/market-data.ts";
import type { Platform } from "../platform.ts";
import { tradingSettings } from "../trading/settings.ts";

export function marketRoutes(platform: Platform) {
  const { market } = platform;
  const settings = tradingSettings(platform.config);
  return async (app: FastifyInstance) => {
    operationRoute(app, operations.instruments, async () => instrumentList(market, settings));
    operationRoute(app, operations.ticker, async ({ params }) => ticker(market, requireInstrument(params.symbol)));
    operationRoute(app, operations.candles, async ({ params, query }) => {
      const instrument = requireInstrument(params.symbol);
      return {
        symbol: instrument.symbol,
        interval: query.interval,
        candles: candles(market, instrument, query.interval, query.limit),
      };
    });
    operationRoute(app, operations.orderbook, async ({ params, query }) =>
      orderbook(market, requireInstrument(params.symbol), query.depth),
    );
  };
}
