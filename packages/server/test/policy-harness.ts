import { type Operation, operations } from "@purpleflea/protocol";
import type { TestAgent, TestServer } from "./harness.ts";

export const api = "/api/v1";

/** Creates a further key for an agent through the API, as an owner would for a team role. */
export async function createKey(
  server: TestServer,
  owner: TestAgent,
  name: string,
  scopes: string[],
  policy?: Record<string, unknown>,
) {
  const response = await server.call<{ api_key: string; key_id: string }>(`${api}/keys`, {
    key: owner.apiKey,
    body: { name, scopes, ...(policy ? { policy } : {}) },
  });
  if (response.status !== 201) throw new Error(`key creation failed: ${JSON.stringify(response.body)}`);
  return { key: response.body.api_key, id: response.body.key_id };
}

export type ErrorBody = { error?: { code: string; message?: string; details?: Record<string, unknown> } };

/** Every operation the registry marks as moving money: tests walk this list, so new routes are covered. */
/** Agents' money-moving operations; the operator's (which no agent key reaches) are tested in operator.test.ts. */
export const movingOperations = (Object.values(operations) as Operation[]).filter(
  (op) => op.moves && op.principal !== "operator",
);

/**
 * A valid body per money-moving operation behind the risk gate (`moneyRoute`), for tests that must
 * execute each one with any amount. A route whose body needs a fixture (an escrow id) maps to null:
 * its direct route is still covered by the registry walk, and its own tests cover the rest. A route
 * that joins the gate with no entry here fails `sampledOperations`, so it cannot be forgotten.
 */
export const sampleRequests: Record<string, ((payee: TestAgent, amount: string) => Record<string, unknown>) | null> = {
  "wallet.transfer": (payee, amount) => ({ to: payee.agentId, amount }),
  "casino.bet": (_payee, amount) => ({ game: "dice", amount, prediction: "under_50" }),
  "escrow.create": (payee, amount) => ({ counterparty: payee.agentId, amount, condition: "deliver the report" }),
  "escrow.release": null,
  // Needs a chain (test/chain-withdrawals.test.ts); without one the route answers 422 chain_not_configured.
  "wallet.withdraw": null,
  "trade.order": (_payee, amount) => ({ symbol: "BTC", side: "buy", notional: amount, mode: "paper" }),
};

/** Gated operations that spend paper USDC: their daily budget is counted apart from real USDC. */
export const paperOperations = new Set(["trade.order"]);

/** The SDK names of the gated operations that have a sample request, after checking none lacks an entry. */
export function sampledOperations(server: TestServer): string[] {
  const gated = [...server.server.platform.actions.keys()].sort();
  const missing = gated.filter((id) => !(id in sampleRequests));
  if (missing.length > 0) throw new Error(`add an entry to sampleRequests in test/policy-harness.ts for ${missing.join(", ")}`);
  return gated.filter((id) => sampleRequests[id]);
}

export function sampleRequest(operation: string, payee: TestAgent, amount: string): Record<string, unknown> {
  const sample = sampleRequests[operation];
  if (!sample) throw new Error(`no sample request for ${operation}`);
  return sample(payee, amount);
}

/** The path of an operation with every `:param` filled in. */
export function pathOf(op: Operation, params: Record<string, string> = {}): string {
  return `${api}${op.path.replace(/:([a-z_]+)/g, (_, name: string) => params[name] ?? "x")}`;
}
