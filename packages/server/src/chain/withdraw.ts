import { operations, PurpleFleaError } from "@purpleflea/protocol";
import type { MoneyAction } from "../policy/money-action.ts";
import type { Chain } from "./chain.ts";

/** Every chain operation answers 422 chain_not_configured while CHAIN_RPC_URL is unset. */
export function requireChain(chain: Chain | null): Chain {
  if (chain) return chain;
  throw new PurpleFleaError("chain_not_configured", "on-chain USDC is off on this server (CHAIN_RPC_URL is unset)");
}

/** A withdrawal as the risk gate sees it: the amount plus the network-fee charge, to the address allowlist rules match. */
export function withdrawAction(chain: Chain | null): MoneyAction<typeof operations.withdraw> {
  return {
    op: operations.withdraw,
    plan: async (tx, agentId, body) => {
      const configured = requireChain(chain);
      // The chain code (and viem) loads only where a withdrawal is asked for.
      const { requestWithdrawal } = await import("./withdrawals.ts");
      return {
        spend: {
          asset: "USDC",
          amountMicro: body.amount + configured.withdrawalFeeMicro,
          withdrawalAddress: body.to_address.toLowerCase(),
        },
        execute: () => requestWithdrawal(tx, configured, agentId, body),
      };
    },
  };
}
