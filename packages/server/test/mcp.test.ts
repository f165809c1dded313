import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, REPO_ROOT } from "./child-server.ts";
import { balanceStr, registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";

let server: TestServer;
let agent: TestAgent;
beforeAll(async () => {
  server = await startTestServer();
  agent = await registerAgent(server);
});
afterAll(() => server.stop());

async function httpClient(key: string | undefined): Promise<Client> {
  const client = new Client({ name: "test", version: "1.0.0" });
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } }));
  return client;
}

type Structured = { structuredContent?: Record<string, unknown>; isError?: boolean };

async function exercise(client: Client): Promise<void> {
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  expect(names).toEqual(expect.arrayContaining(["get_balance", "claim_faucet", "place_bet", "verify_bet", "list_transactions"]));
  for (const tool of tools) expect(tool.inputSchema.type).toBe("object");

  const before = (await client.callTool({ name: "get_balance", arguments: {} })) as Structured;
  expect(before.isError).toBeFalsy();
  expect(before.structuredContent?.currency).toBe("USDC");
}

describe("MCP over Streamable HTTP", () => {
  it("lists the tools and moves money end to end with the caller's key", async () => {
    const client = await httpClient(agent.apiKey);
    await exercise(client);
    const claim = (await client.callTool({ name: "claim_faucet", arguments: { idempotency_key: "mcp-claim" } })) as Structured;
    expect(claim.structuredContent?.amount_str).toBe("1.000000");
    const bet = (await client.callTool({
      name: "place_bet",
      arguments: { game: "dice", amount: "0.5", prediction: "over_50" },
    })) as Structured;
    expect(bet.isError).toBeFalsy();
    expect(["win", "loss"]).toContain(bet.structuredContent?.outcome);
    const balance = await balanceStr(server, agent);
    expect(balance).toBe(bet.structuredContent?.new_balance_str);
    const order = (await client.callTool({
      name: "place_order",
      arguments: { symbol: "BTC", side: "buy", amount: 0.01, mode: "paper" },
    })) as Structured;
    expect(order.structuredContent).toMatchObject({ status: "filled", filled_amount_str: "0.01000000" });
    const positions = (await client.callTool({ name: "get_positions", arguments: {} })) as Structured;
    expect(positions.structuredContent?.positions).toEqual([expect.objectContaining({ symbol: "BTC-USD", amount: 0.01 })]);
    await client.close();
  });

  it("returns a bad argument as a tool error carrying our code, and moves nothing", async () => {
    const client = await httpClient(agent.apiKey);
    const before = await balanceStr(server, agent);
    const bad = (await client.callTool({
      name: "place_bet",
      arguments: { game: "dice", amount: 1, prediction: "sideways" },
    })) as Structured;
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent?.error).toMatchObject({ code: "invalid_prediction" });
    const precise = (await client.callTool({ name: "transfer_usdc", arguments: { to: "x", amount: "0.0000001" } })) as Structured;
    expect(precise.structuredContent?.error).toMatchObject({ code: "amount_too_precise" });
    expect(await balanceStr(server, agent)).toBe(before);
    await client.close();
  });

  it("refuses a client without a key with 401", async () => {
    await expect(httpClient(undefined)).rejects.toThrow(/401|missing_api_key/);
    const response = await fetch(`${server.url}/mcp`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(401);
  });
});

describe("MCP over stdio", () => {
  it("bridges the same tools to a running server", async () => {
    const transport = new StdioClientTransport({
      command: "node",
      args: [...CLI, "mcp", "--api-key", agent.apiKey, "--base-url", server.url],
      cwd: REPO_ROOT,
      stderr: "pipe",
    });
    const client = new Client({ name: "stdio-test", version: "1.0.0" });
    await client.connect(transport);
    await exercise(client);
    const bet = (await client.callTool({
      name: "place_bet",
      arguments: { game: "coinflip", amount: 0.1, prediction: "tails" },
    })) as Structured;
    expect(bet.isError).toBeFalsy();
    const seller = await registerAgent(server);
    const created = (await client.callTool({
      name: "create_escrow",
      // The agent holds at least 0.4 USDC here whatever its earlier bets did.
      arguments: { counterparty: seller.username, amount: 0.2, condition: "a haiku" },
    })) as Structured;
    expect(created.structuredContent).toMatchObject({ status: "funded", fee_paid_str: "0.002000" });
    const released = (await client.callTool({
      name: "release_escrow",
      arguments: { escrow_id: created.structuredContent?.escrow_id },
    })) as Structured;
    expect(released.structuredContent?.status).toBe("released");
    expect(await balanceStr(server, seller)).toBe("0.198000");
    await client.close();
  });
});
