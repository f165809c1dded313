import { operations } from "@purpleflea/protocol";
import { resolveAgent } from "../agents/agents.ts";
import type { MoneyAction } from "../policy/money-action.ts";
import { walletTransfer } from "./wallet.ts";

/** A payment to another agent: the amount is the spend, the recipient is what counterparty rules match. */
export const transferAction: MoneyAction<typeof operations.transfer> = {
  op: operations.transfer,
  plan: async (tx, agentId, body) => {
    const counterparty = await resolveAgent(tx, body.to);
    return {
      spend: { asset: "USDC", amountMicro: body.amount, ...(counterparty ? { counterparty } : {}) },
      execute: () => walletTransfer(tx, agentId, body),
    };
  },
};
