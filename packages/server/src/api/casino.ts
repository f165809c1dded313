import { operations, PurpleFleaError } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { findBet, listBets, toBet } from "../casino/bets.ts";
import { gameCatalog } from "../casino/catalog.ts";
import { activeSeed, rotateSeed, seedState } from "../casino/seeds.ts";
import { casinoSettings } from "../casino/settings.ts";
import { verifyBet } from "../casino/verify.ts";
import { operationRoute } from "../http/operation-route.ts";
import { cursorSeq, paginate } from "../paging.ts";
import type { Platform } from "../platform.ts";
import { caller } from "./auth.ts";
import { moneyRoute } from "./write-route.ts";

export function casinoRoutes(platform: Platform) {
  const { store } = platform;
  const settings = casinoSettings(platform.config);
  return async (app: FastifyInstance) => {
    moneyRoute(app, platform, operations.bet);
    operationRoute(app, operations.bets, async ({ request, query }) => {
      const rows = await store.read((tx) =>
        listBets(tx, caller(request).agentId, cursorSeq(query.cursor), query.limit + 1, query.game),
      );
      const { page, nextCursor } = paginate(rows, query.limit);
      return { bets: page.map(toBet), next_cursor: nextCursor };
    });
    operationRoute(app, operations.getBet, async ({ request, params }) => {
      const row = await store.read((tx) => findBet(tx, caller(request).agentId, params.id));
      if (!row) throw new PurpleFleaError("bet_not_found", `no bet ${params.id}`);
      return toBet(row);
    });
    operationRoute(app, operations.seeds, async ({ request }) =>
      seedState(await store.write((tx) => activeSeed(tx, caller(request).agentId))),
    );
    operationRoute(app, operations.rotateSeed, ({ request, body }) =>
      store.write((tx) => rotateSeed(tx, caller(request).agentId, body.client_seed)),
    );
    operationRoute(app, operations.verify, ({ request, body }) =>
      store.read((tx) => verifyBet(tx, caller(request).agentId, body, settings.edgeBps)),
    );
    operationRoute(app, operations.games, () => store.read((tx) => gameCatalog(tx, settings)));
  };
}
