import { operations, PurpleFleaError } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { operationRoute } from "../http/operation-route.ts";
import { cursorSeq, paginate } from "../paging.ts";
import type { Platform } from "../platform.ts";
import { type DecisionContext, decideApproval } from "../policy/approvals.ts";
import { findApproval, listApprovals, toApproval } from "../policy/approvals-store.ts";
import { listAudit, toAuditEntry } from "../policy/audit.ts";
import { createProposal, decideProposal, executeProposal, findProposal, listProposals } from "../policy/proposals.ts";
import { caller } from "./auth.ts";
import { writeRoute } from "./write-route.ts";

export function policyRoutes(platform: Platform) {
  const { store } = platform;
  const context: DecisionContext = { actions: platform.actions, approvalTtlMs: platform.config.APPROVAL_TTL_MS };
  return async (app: FastifyInstance) => {
    operationRoute(app, operations.approvals, async ({ request, query }) => {
      const rows = await store.read((tx) =>
        listApprovals(tx, caller(request).agentId, cursorSeq(query.cursor), query.limit + 1, query.status),
      );
      const { page, nextCursor } = paginate(rows, query.limit);
      // A pending row past its deadline shows as expired before the sweeper gets to it; keep the filter true.
      const approvals = page.map((row) => toApproval(row)).filter((a) => query.status === undefined || a.status === query.status);
      return { approvals, next_cursor: nextCursor };
    });
    operationRoute(app, operations.approval, async ({ request, params }) => {
      const row = await store.read((tx) => findApproval(tx, caller(request).agentId, params.id));
      if (!row) throw new PurpleFleaError("approval_not_found", `no approval ${params.id}`);
      return toApproval(row);
    });
    for (const [op, verdict] of [
      [operations.approve, "approve"],
      [operations.reject, "reject"],
    ] as const) {
      writeRoute(app, platform, op, async (tx, { request, params, body }) => ({
        body: await decideApproval(tx, context, caller(request), params.id, verdict, body.note),
      }));
    }
    operationRoute(app, operations.propose, ({ request, body }) =>
      store.write((tx) => createProposal(tx, context, caller(request), body)),
    );
    operationRoute(app, operations.proposals, async ({ request, query }) => {
      const rows = await store.read((tx) =>
        listProposals(tx, caller(request).agentId, cursorSeq(query.cursor), query.limit + 1, query.status),
      );
      const { page, nextCursor } = paginate(rows, query.limit);
      return { proposals: page.map(({ seq: _, ...proposal }) => proposal), next_cursor: nextCursor };
    });
    operationRoute(app, operations.proposal, ({ request, params }) =>
      store.read((tx) => findProposal(tx, caller(request).agentId, params.id)),
    );
    for (const [op, verdict] of [
      [operations.approveProposal, "approve"],
      [operations.rejectProposal, "reject"],
    ] as const) {
      operationRoute(app, op, ({ request, params, body }) =>
        store.write((tx) => decideProposal(tx, caller(request), params.id, verdict, body.note)),
      );
    }
    writeRoute(app, platform, operations.executeProposal, (tx, { request, params }) =>
      executeProposal(tx, context, caller(request), params.id),
    );
    operationRoute(app, operations.audit, async ({ request, query }) => {
      const rows = await store.read((tx) =>
        listAudit(tx, caller(request).agentId, cursorSeq(query.cursor), query.limit + 1, query.decision),
      );
      const { page, nextCursor } = paginate(rows, query.limit);
      return { entries: page.map(toAuditEntry), next_cursor: nextCursor };
    });
  };
}
