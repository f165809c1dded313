import type { PurpleFlea } from "@purpleflea/sdk";

export interface TeamKeys {
  /** Reads and proposes: a read key (every key may read), and proposing needs nothing more. */
  analyst: string;
  /** Approves proposals up to its own limit, and holds no money scope: it cannot trade, bet or pay. */
  risk: string;
  /** Trades only by executing approved proposals, each at most its per-trade limit. */
  executor: string;
  /** Revokes the three keys (the examples clean up after themselves). */
  revoke(): Promise<void>;
}

export interface TeamLimits {
  /** Paper USDC: the most one executed trade may cost (the executor's `max_per_transaction`). */
  perTrade: string;
  /** Paper USDC: the largest proposal the risk key may approve (its own `max_per_transaction`). */
  approvalLimit: string;
}

/**
 * The seed's "architectural check", made by the server: one key per role, so no prompt can give
 * the executor a trade the risk manager did not approve. `require_approved_proposal` refuses every
 * direct order from the executor's key (`proposal_required`), and the proposal's request is what
 * runs, so the amount approved is the amount traded.
 */
export async function teamKeys(owner: PurpleFlea, limits: TeamLimits): Promise<TeamKeys> {
  const analyst = await owner.keys.create({ name: "analyst", scopes: ["read"] });
  const risk = await owner.keys.create({
    name: "risk-manager",
    scopes: ["approve"],
    policy: { max_per_transaction: limits.approvalLimit },
  });
  const executor = await owner.keys.create({
    name: "executor",
    scopes: ["trade"],
    policy: { require_approved_proposal: true, max_per_transaction: limits.perTrade },
  });
  return {
    analyst: analyst.api_key,
    risk: risk.api_key,
    executor: executor.api_key,
    revoke: async () => {
      for (const key of [analyst, risk, executor]) await owner.keys.revoke({ id: key.key_id });
    },
  };
}
