import { operations, PurpleFleaError } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { operationRoute } from "../http/operation-route.ts";
import { cursorSeq, paginate } from "../paging.ts";
import type { Platform } from "../platform.ts";
import { cancelOrder } from "../trading/cancel-order.ts";
import { listFills } from "../trading/fills.ts";
import { findOrder, listOrders } from "../trading/orders-store.ts";
import { portfolioHistory, positionsSummary } from "../trading/portfolio.ts";
import { tradingContext } from "../trading/settings.ts";
import { toFill, toOrder } from "../trading/wire.ts";
import { caller } from "./auth.ts";
import { moneyRoute } from "./write-route.ts";

export function tradingRoutes(platform: Platform) {
  const { store } = platform;
  const ctx = tradingContext(platform);
  return async (app: FastifyInstance) => {
    moneyRoute(app, platform, operations.order);
    operationRoute(app, operations.orders, async ({ request, query }) => {
      const rows = await store.read((tx) =>
        listOrders(tx, caller(request).agentId, cursorSeq(query.cursor), query.limit + 1, query),
      );
      const { page, nextCursor } = paginate(rows, query.limit);
      return { orders: page.map(toOrder), next_cursor: nextCursor };
    });
    operationRoute(app, operations.getOrder, async ({ request, params }) => {
      const row = await store.read((tx) => findOrder(tx, caller(request).agentId, params.id));
      if (!row) throw new PurpleFleaError("order_not_found", `no order ${params.id}`, { field: "id" });
      return toOrder(row);
    });
    operationRoute(app, operations.cancelOrder, ({ request, params }) =>
      store.write((tx) => cancelOrder(tx, caller(request).agentId, params.id)),
    );
    operationRoute(app, operations.fills, async ({ request, query }) => {
      const rows = await store.read((tx) =>
        listFills(tx, caller(request).agentId, cursorSeq(query.cursor), query.limit + 1, query.symbol),
      );
      const { page, nextCursor } = paginate(rows, query.limit);
      return { fills: page.map(toFill), next_cursor: nextCursor };
    });
    operationRoute(app, operations.positions, ({ request }) =>
      store.read((tx) => positionsSummary(tx, ctx.market, caller(request).agentId)),
    );
    operationRoute(app, operations.portfolio, ({ request, query }) =>
      store.read((tx) => portfolioHistory(tx, ctx.market, caller(request).agentId, query.interval, query.limit)),
    );
  };
}
