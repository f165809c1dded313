import {
  betIdParamsSchema,
  betListQuerySchema,
  betListSchema,
  betRequestSchema,
  betResponseSchema,
  betSchema,
  gamesResponseSchema,
  PurpleFleaError,
  rotateSeedRequestSchema,
  rotateSeedResponseSchema,
  seedStateSchema,
  verifyRequestSchema,
  verifyResponseSchema,
} from "@purpleflea/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { caller } from "../http/auth.ts";
import { sendMoneyMove } from "../http/money-route.ts";
import { routeSchema } from "../http/route-schema.ts";
import { cursorSeq, paginate } from "../paging.ts";
import type { Platform } from "../platform.ts";
import { findBet, listBets, placeBet, toBet } from "./bets.ts";
import { gameCatalog } from "./catalog.ts";
import { activeSeed, rotateSeed, seedState } from "./seeds.ts";
import { casinoSettings } from "./settings.ts";
import { verifyBet } from "./verify.ts";

export function casinoRoutes(platform: Platform): FastifyPluginAsyncZod {
  const { store } = platform;
  const settings = casinoSettings(platform.config);
  return async (app) => {
    app.post(
      "/casino/bet",
      {
        schema: routeSchema("casino", "Place a provably fair bet", {
          body: betRequestSchema,
          response: { 200: betResponseSchema },
        }),
      },
      async (request, reply) =>
        sendMoneyMove(platform, request, reply, 200, (tx) => placeBet(tx, caller(request).agentId, request.body, settings)),
    );
    app.get(
      "/casino/bets",
      {
        schema: routeSchema("casino", "Your bets, newest first", {
          querystring: betListQuerySchema,
          response: { 200: betListSchema },
        }),
      },
      async (request) => {
        const { limit, cursor, game } = request.query;
        const rows = await store.read((tx) => listBets(tx, caller(request).agentId, cursorSeq(cursor), limit + 1, game));
        const { page, nextCursor } = paginate(rows, limit);
        return { bets: page.map(toBet), next_cursor: nextCursor };
      },
    );
    app.get(
      "/casino/bets/:id",
      {
        schema: routeSchema("casino", "One of your bets with its proof", {
          params: betIdParamsSchema,
          response: { 200: betSchema },
        }),
      },
      async (request) => {
        const row = await store.read((tx) => findBet(tx, caller(request).agentId, request.params.id));
        if (!row) throw new PurpleFleaError("bet_not_found", `no bet ${request.params.id}`);
        return toBet(row);
      },
    );
    app.get(
      "/casino/seeds",
      {
        schema: routeSchema("casino", "Current seed commitment, client seed and next nonce", {
          response: { 200: seedStateSchema },
        }),
      },
      async (request) => seedState(await store.write((tx) => activeSeed(tx, caller(request).agentId))),
    );
    app.post(
      "/casino/seeds/rotate",
      {
        schema: routeSchema("casino", "Reveal the current server seed and commit a new one", {
          body: rotateSeedRequestSchema,
          response: { 200: rotateSeedResponseSchema },
        }),
      },
      async (request) => store.write((tx) => rotateSeed(tx, caller(request).agentId, request.body.client_seed)),
    );
    app.post(
      "/casino/verify",
      {
        schema: routeSchema("casino", "Recompute a bet from its seeds", {
          body: verifyRequestSchema,
          response: { 200: verifyResponseSchema },
        }),
      },
      async (request) => store.read((tx) => verifyBet(tx, caller(request).agentId, request.body, settings.edgeBps)),
    );
    app.get(
      "/casino/games",
      { schema: routeSchema("casino", "Rules, edge, limits and payout tables", { response: { 200: gamesResponseSchema } }) },
      async () => store.read((tx) => gameCatalog(tx, settings)),
    );
  };
}
