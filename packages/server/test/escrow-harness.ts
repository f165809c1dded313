import { checkInvariants, getBalance, type SqlTx, shardedBalance } from "@purpleflea/ledger";
import type { Escrow } from "@purpleflea/protocol";
import { expect } from "vitest";
import { userAccountId } from "../src/system-accounts.ts";
import type { ApiResponse, TestAgent, TestServer } from "./harness.ts";
import type { ErrorBody } from "./policy-harness.ts";

export type EscrowResponse = ApiResponse<Escrow & ErrorBody>;

/** POST /escrow/{action} as `agent`. */
export function escrowPost(
  server: TestServer,
  agent: TestAgent,
  action: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<EscrowResponse> {
  return server.call(`/api/v1/escrow/${action}`, { key: agent.apiKey, body, headers });
}

/** Creates an escrow that must succeed; returns its id. */
export async function openEscrow(
  server: TestServer,
  creator: TestAgent,
  counterparty: TestAgent,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const response = await escrowPost(server, creator, "create", {
    counterparty: counterparty.agentId,
    amount: "10",
    condition: "deliver the report",
    ...extra,
  });
  if (response.status !== 201) throw new Error(`escrow create failed: ${JSON.stringify(response.body)}`);
  return response.body.escrow_id;
}

/** Registers an agent through the API, optionally with a referral code. */
export async function registerWith(server: TestServer, username: string, referralCode?: string) {
  const response = await server.call<{ agent_id: string; api_key: string; referral_code: string }>("/api/v1/auth/register", {
    body: { username, ...(referralCode ? { referral_code: referralCode } : {}) },
  });
  if (response.status !== 201) throw new Error(`register failed: ${JSON.stringify(response.body)}`);
  return { agentId: response.body.agent_id, apiKey: response.body.api_key, username, code: response.body.referral_code };
}

/** An agent's USDC balance in micro-units, read from the ledger. */
export function usdcMicro(server: TestServer, agentId: string): Promise<bigint> {
  return server.server.platform.store.read(async (tx) => (await getBalance(tx, userAccountId(agentId, "USDC"))).balance);
}

/** A balance; a platform account's summed over its shards. */
export function accountMicro(server: TestServer, accountId: string): Promise<bigint> {
  const balance = (tx: SqlTx) => (accountId.startsWith("sys:") ? shardedBalance(tx, accountId) : getBalance(tx, accountId));
  return server.server.platform.store.read(async (tx) => (await balance(tx)).balance);
}

export async function expectLedgerBalanced(server: TestServer): Promise<void> {
  const report = await server.server.platform.store.read(checkInvariants);
  expect(report.violations).toEqual([]);
}

export async function transferCount(server: TestServer): Promise<bigint> {
  const row = await server.server.platform.store.read((tx) =>
    tx.get<{ n: bigint }>("SELECT COUNT(*) AS n FROM ledger_transfers"),
  );
  return row?.n ?? 0n;
}
