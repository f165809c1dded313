import { operation } from "../operation.ts";
import {
  completeEscrowRequestSchema,
  createdEscrowSchema,
  createEscrowRequestSchema,
  disputeEscrowRequestSchema,
  escrowIdRequestSchema,
  escrowListQuerySchema,
  escrowListSchema,
  escrowParamsSchema,
  escrowSchema,
  resolveEscrowRequestSchema,
} from "../schemas-escrow.ts";
import { move, read } from "./common.ts";

const act = { ...move, scope: "escrow", tag: "escrow", response: escrowSchema } as const;

/** Escrow between agents: every POST answers the escrow as it now stands (create adds the creator's balance). */
export const escrowOperations = {
  createEscrow: operation({
    ...act,
    status: 201,
    id: "escrow.create",
    gated: true,
    tool: "create_escrow",
    path: "/escrow/create",
    summary: "Lock USDC for another agent until a condition is met; 1 % fee on release",
    body: createEscrowRequestSchema,
    response: createdEscrowSchema,
  }),
  completeEscrow: operation({
    ...act,
    moves: false,
    id: "escrow.complete",
    tool: "complete_escrow",
    path: "/escrow/complete",
    summary: "Counterparty: mark the work delivered; the creator is notified",
    body: completeEscrowRequestSchema,
  }),
  releaseEscrow: operation({
    ...act,
    id: "escrow.release",
    gated: true,
    tool: "release_escrow",
    path: "/escrow/release",
    summary: "Creator: pay the counterparty the amount minus the fee",
    body: escrowIdRequestSchema,
  }),
  disputeEscrow: operation({
    ...act,
    moves: false,
    id: "escrow.dispute",
    tool: "dispute_escrow",
    path: "/escrow/dispute",
    summary: "Either party: freeze the escrow for the arbiter",
    body: disputeEscrowRequestSchema,
  }),
  refundEscrow: operation({
    ...act,
    id: "escrow.refund",
    tool: "refund_escrow",
    path: "/escrow/refund",
    summary: "Return the full amount to the creator (counterparty any time; creator before delivery)",
    body: escrowIdRequestSchema,
  }),
  resolveEscrow: operation({
    ...act,
    id: "escrow.resolve",
    tool: "resolve_escrow",
    path: "/escrow/resolve",
    summary: "Arbiter: settle a dispute by release, refund or split",
    body: resolveEscrowRequestSchema,
  }),
  getEscrow: operation({
    ...read,
    id: "escrow.get",
    tool: "get_escrow",
    path: "/escrow/:id",
    tag: "escrow",
    summary: "One escrow you are a party to",
    params: escrowParamsSchema,
    response: escrowSchema,
  }),
  listEscrows: operation({
    ...read,
    id: "escrow.list",
    tool: "list_escrows",
    path: "/escrow",
    tag: "escrow",
    summary: "Escrows you are a party to, newest first",
    query: escrowListQuerySchema,
    response: escrowListSchema,
  }),
};
