import type { SqlTx } from "@purpleflea/ledger";
import { type Escrow, type Operation, operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { completeEscrow, disputeEscrow, refundEscrow, resolveEscrow } from "../escrow/actions.ts";
import { listEscrowRows, requireEscrowFor } from "../escrow/records.ts";
import { roleOf } from "../escrow/state-machine.ts";
import { toEscrow } from "../escrow/view.ts";
import { type OperationContext, operationRoute } from "../http/operation-route.ts";
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
    escrowStep(app, platform, operations.completeEscrow, completeEscrow);
    escrowStep(app, platform, operations.disputeEscrow, disputeEscrow);
    escrowStep(app, platform, operations.refundEscrow, refundEscrow);
    escrowStep(app, platform, operations.resolveEscrow, resolveEscrow);
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

/** An escrow step outside the risk gate: an idempotent write that answers the escrow as it now stands. */
function escrowStep<O extends Operation>(
  app: FastifyInstance,
  platform: Platform,
  op: O,
  step: (tx: SqlTx, agentId: string, body: OperationContext<O>["body"]) => Promise<Escrow>,
): void {
  writeRoute(app, platform, op, async (tx, { request, body }) => ({ body: await step(tx, caller(request).agentId, body) }));
}
