import { operation } from "../operation.ts";
import { faucetClaimResponseSchema, faucetStatusSchema } from "../schemas-faucet.ts";
import { move, read } from "./common.ts";

export const faucetOperations = {
  faucetClaim: operation({
    ...move,
    id: "faucet.claim",
    effects: { destructive: false },
    scope: "transfer",
    tool: "claim_faucet",
    path: "/faucet/claim",
    tag: "faucet",
    summary: "Claim the free USDC, once per agent",
    response: faucetClaimResponseSchema,
  }),
  faucetStatus: operation({
    ...read,
    id: "faucet.status",
    tool: "get_faucet_status",
    path: "/faucet/status",
    tag: "faucet",
    summary: "Whether this agent can still claim the faucet",
    response: faucetStatusSchema,
  }),
};
