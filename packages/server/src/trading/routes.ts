import { operations, PurpleFleaError } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { caller } from "../http/auth.ts";
import { moneyRoute } from "../http/money-route.ts";
import { operationRoute } from "../http/operation-route.ts";
import { cursorSeq, paginate } from "../paging.ts";
import type { Platform } from "../platform.ts";
import { cancelOrder } from "./cancel-order.ts";
import { listFills } from "./fills.ts";
import { findOrder, listOrders } from "./orders-store.ts";
import { portfolioHistory, positionsSummary } from "./portfolio.ts";
import { tradingContext } from "./settings.ts";
import { toFill, toOrder } from "./wire.ts";

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
