import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { balanceResponseSchema, betResponseSchema, createdEscrowSchema, faucetClaimResponseSchema } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escrowPost } from "./escrow-harness.ts";
import { registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "1" });
});
afterAll(() => server.stop());

const SPENDABLE_HALF = { balance: 0.5, balance_str: "0.500000", available: 0.5, held: 0.5, total: 1, total_str: "1.000000" };

async function walletBalance(agent: TestAgent) {
  return balanceResponseSchema.parse((await server.call("/api/v1/wallet/balance", { key: agent.apiKey })).body);
}

async function mcpBalance(agent: TestAgent): Promise<Record<string, unknown> | undefined> {
  const client = new Client({ name: "balance-test", version: "1.0.0" });
  const headers = { authorization: `Bearer ${agent.apiKey}` };
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } }));
  try {
    const result = await client.callTool({ name: "get_balance", arguments: {} });
    return result.structuredContent as Record<string, unknown> | undefined;
  } finally {
    await client.close();
  }
}

describe("balance is what the agent can spend (issue 17)", () => {
  it("after an escrow of 0.5 from 1 USDC: balance 0.5, available 0.5, held 0.5, total 1, on REST and MCP", async () => {
    const creator = await registerAgent(server);
    const worker = await registerAgent(server);
    const claim = await server.call("/api/v1/faucet/claim", { method: "POST", key: creator.apiKey });
    expect(faucetClaimResponseSchema.parse(claim.body)).toMatchObject({ new_balance: 1, held: 0, total: 1 });

    const created = await escrowPost(server, creator, "create", {
      counterparty: worker.agentId,
      amount: 0.5,
      condition: "report",
    });
    expect(created.status).toBe(201);
    expect(createdEscrowSchema.parse(created.body)).toMatchObject({ amount: 0.5, new_balance: 0.5, held: 0.5, total: 1 });

    const wallet = await walletBalance(creator);
    expect(wallet).toMatchObject(SPENDABLE_HALF);
    expect(wallet.balances.find((b) => b.asset === "USDC")).toMatchObject(SPENDABLE_HALF);
    expect(await mcpBalance(creator)).toMatchObject(SPENDABLE_HALF);

    // Sized against balance, a stake is money the agent has: more than balance is refused.
    const tooMuch = await server.call<{ error?: { code: string } }>("/api/v1/casino/bet", {
      key: creator.apiKey,
      body: { game: "coinflip", amount: "0.500001", prediction: "heads" },
    });
    expect([tooMuch.status, tooMuch.body.error?.code]).toEqual([422, "insufficient_funds"]);
    const bet = betResponseSchema.parse(
      (
        await server.call("/api/v1/casino/bet", {
          key: creator.apiKey,
          body: { game: "coinflip", amount: "0.1", prediction: "heads" },
        })
      ).body,
    );
    expect(bet.held_str).toBe("0.500000");
    expect(bet.total).toBe(bet.new_balance + 0.5);
    expect((await walletBalance(creator)).balance_str).toBe(bet.new_balance_str);
  });

  it("a refund returns the amount to the balance, and nothing stays held", async () => {
    const creator = await registerAgent(server);
    const worker = await registerAgent(server);
    await server.call("/api/v1/faucet/claim", { method: "POST", key: creator.apiKey });
    const created = await escrowPost(server, creator, "create", {
      counterparty: worker.agentId,
      amount: 0.5,
      condition: "report",
    });
    const refunded = await escrowPost(server, worker, "refund", { escrow_id: created.body.escrow_id });
    expect(refunded.status).toBe(200);
    expect(await walletBalance(creator)).toMatchObject({ balance: 1, available: 1, held: 0, total: 1 });
  });
});
