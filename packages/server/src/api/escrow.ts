import { operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { completeEscrow, disputeEscrow, refundEscrow, resolveEscrow } from "../escrow/actions.ts";
import { listEscrowRows, requireEscrowFor } from "../escrow/records.ts";
import { roleOf } from "../escrow/state-machine.ts";
import { toEscrow } from "../escrow/view.ts";
import { operationRoute } from "../http/operation-route.ts";
import { cursorSeq, paginate } from "../paging.ts";
import type { Platform } from "../platform.ts";
import { caller } from "./auth.ts";
import { moneyRoute, writeRoute } from "./write-route.ts";

export function escrowRoutes(platform: Platform) {
  const { store } = platform;
  return async (app: FastifyInstance) => {
    // Create and release commit money to another agent: both pass the risk gate (money-actions.ts).
    moneyRoute(app, platform, operations.createEscrow);
    moneyRoute(app, platform, operations.releaseEscrow);
    // The rest only return money or change state; they honour Idempotency-Key all the same.
    writeRoute(app, platform, operations.completeEscrow, async (tx, { request, body }) => ({
      body: await completeEscrow(tx, caller(request).agentId, body),
    }));
    writeRoute(app, platform, operations.disputeEscrow, async (tx, { request, body }) => ({
      body: await disputeEscrow(tx, caller(request).agentId, body),
    }));
    writeRoute(app, platform, operations.refundEscrow, async (tx, { request, body }) => ({
      body: await refundEscrow(tx, caller(request).agentId, body),
    }));
    writeRoute(app, platform, operations.resolveEscrow, async (tx, { request, body }) => ({
      body: await resolveEscrow(tx, caller(request).agentId, body),
    }));
    operationRoute(app, operations.getEscrow, async ({ request, params }) => {
      const { row, role } = await store.read((tx) => requireEscrowFor(tx, params.id, caller(request).agentId));
      return toEscrow(row, role);
    });
    operationRoute(app, operations.listEscrows, async ({ request, query }) => {
      const agentId = caller(request).agentId;
      const rows = await store.read((tx) => listEscrowRows(tx, agentId, query, cursorSeq(query.cursor), query.limit + 1));
      const { page, nextCursor } = paginate(rows, query.limit);
      return {
        escrows: page.map((row) => {
          const role = roleOf(row, agentId);
          if (!role) throw new Error(`escrow ${row.id} listed for an outsider`);
          return toEscrow(row, role);
        }),
        next_cursor: nextCursor,
      };
    });
  };
}
