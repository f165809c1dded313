import { operation } from "../operation.ts";
import {
  depositAddressSchema,
  reconciliationSchema,
  withdrawalIdParamsSchema,
  withdrawalSchema,
  withdrawRequestSchema,
} from "../schemas-chain.ts";
import { move, read } from "./common.ts";

/** Real USDC on an EVM chain: deposit addresses, withdrawals, and the operator's reconciliation. */
export const chainOperations = {
  depositAddress: operation({
    ...read,
    id: "wallet.depositAddress",
    tool: "get_deposit_address",
    path: "/wallet/deposit-address",
    tag: "wallet",
    summary: "This agent's own USDC deposit address on the configured chain (422 chain_not_configured when off)",
    response: depositAddressSchema,
  }),
  withdraw: operation({
    ...move,
    id: "wallet.withdraw",
    gated: true,
    scope: "withdraw",
    tool: "withdraw_usdc",
    path: "/wallet/withdraw",
    tag: "wallet",
    summary: "Send USDC on chain from the hot wallet; amount plus the network fee is held until confirmed",
    body: withdrawRequestSchema,
    response: withdrawalSchema,
  }),
  withdrawal: operation({
    ...read,
    id: "wallet.withdrawal",
    tool: "get_withdrawal",
    path: "/wallet/withdrawals/:id",
    tag: "wallet",
    summary: "A withdrawal's state and transaction hash",
    params: withdrawalIdParamsSchema,
    response: withdrawalSchema,
  }),
  reconciliation: operation({
    ...read,
    principal: "operator",
    tag: "operator",
    id: "operator.reconciliation",
    tool: "operator_chain_reconciliation",
    path: "/operator/chain/reconciliation",
    summary: "On-chain USDC (hot wallet and deposit addresses) against the ledger, and the difference",
    response: reconciliationSchema,
  }),
};
