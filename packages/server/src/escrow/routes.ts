import type { SqlTx } from "@purpleflea/ledger";
import { type Escrow, type Operation, operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { caller } from "../http/auth.ts";
import { moneyRoute, sendWrite } from "../http/money-route.ts";
import { type OperationContext, operationRoute } from "../http/operation-route.ts";
import { cursorSeq, paginate } from "../paging.ts";
import type { Platform } from "../platform.ts";
import { completeEscrow, disputeEscrow, refundEscrow, resolveEscrow } from "./actions.ts";
import { listEscrowRows, requireEscrowFor } from "./records.ts";
import { roleOf } from "./state-machine.ts";
import { toEscrow } from "./view.ts";

export function escrowRoutes(platform: Platform) {
  const { store } = platform;
  return async (app: FastifyInstance) => {
    // Create and release commit money to another agent: both pass the risk gate (money-actions.ts).
    moneyRoute(app, platform, operations.createEscrow);
    moneyRoute(app, platform, operations.releaseEscrow);
    // The rest only return money or change state; they honour Idempotency-Key all the same.
    writeRoute(app, platform, operations.completeEscrow, completeEscrow);
    writeRoute(app, platform, operations.disputeEscrow, disputeEscrow);
    writeRoute(app, platform, operations.refundEscrow, refundEscrow);
    writeRoute(app, platform, operations.resolveEscrow, resolveEscrow);
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

/** An escrow POST outside the risk gate: one idempotent write transaction that answers the escrow. */
function writeRoute<O extends Operation>(
  app: FastifyInstance,
  platform: Platform,
  op: O,
  run: (tx: SqlTx, agentId: string, body: OperationContext<O>["body"]) => Promise<Escrow>,
): void {
  operationRoute(app, op, ({ request, reply, body }) =>
    sendWrite(platform, request, reply, async (tx) => ({
      status: op.status,
      body: await run(tx, caller(request).agentId, body),
    })),
  );
}
