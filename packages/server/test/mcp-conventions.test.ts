import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { type Operation, operationEffects, operations, VERSION } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, REPO_ROOT } from "./child-server.ts";
import { fundedAgent, operatorKey, registerAgent, startTestServer, type TestServer } from "./harness.ts";

// The official MCP TypeScript client checks every tool result's structuredContent against the tool's
// outputSchema (error results too) and throws on a mismatch, so each call here is also that check.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

type Result = { structuredContent?: Record<string, unknown>; isError?: boolean };
type Tool = Awaited<ReturnType<Client["listTools"]>>["tools"][number];

async function connect(key: string): Promise<Client> {
  const client = new Client({ name: "conventions-test", version: "1.0.0" });
  const headers = { authorization: `Bearer ${key}` };
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } }));
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Result> {
  return (await client.callTool({ name, arguments: args })) as Result;
}

const byTool = new Map((Object.values(operations) as Operation[]).map((op) => [op.tool, op]));

function expectConventions(tool: Tool): void {
  const op = byTool.get(tool.name);
  if (!op) throw new Error(`${tool.name} is no operation's tool`);
  const effects = operationEffects(op);
  expect(tool.title, tool.name).toMatch(/^[A-Z]/);
  expect(tool.annotations, tool.name).toEqual({
    title: tool.title,
    readOnlyHint: effects.readOnly,
    destructiveHint: effects.destructive,
    idempotentHint: effects.idempotent,
    openWorldHint: effects.openWorld,
  });
  expect(tool.outputSchema?.type, tool.name).toBe("object");
}

/** Every tool once with no arguments: reads answer, the rest refuse; either way the result is checked. */
async function callEach(client: Client, tools: readonly Tool[]): Promise<Result[]> {
  const results: Result[] = [];
  for (const tool of tools) {
    const result = await call(client, tool.name);
    expect(result.structuredContent, tool.name).toBeDefined();
    if (result.isError)
      expect(result.structuredContent?.error, tool.name).toMatchObject({ request_id: expect.stringMatching(/^req_/) });
    results.push(result);
  }
  return results;
}

describe("MCP tool conventions, through the official MCP client", () => {
  it("every agent and operator tool has a title, the four hints from its operation, and an output schema", async () => {
    for (const key of [(await registerAgent(server)).apiKey, await operatorKey(server)]) {
      const client = await connect(key);
      const { tools } = await client.listTools();
      await client.close();
      expect(tools.length).toBeGreaterThan(5);
      for (const tool of tools) expectConventions(tool);
    }
  });

  it("the hints say what the tools do", async () => {
    const client = await connect((await registerAgent(server)).apiKey);
    const hints = new Map((await client.listTools()).tools.map((tool) => [tool.name, tool.annotations]));
    expect(hints.get("get_balance")).toMatchObject({ readOnlyHint: true, idempotentHint: true, openWorldHint: false });
    // A POST that only recomputes.
    expect(hints.get("verify_bet")).toMatchObject({ readOnlyHint: true });
    expect(hints.get("place_bet")).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
    expect(hints.get("cancel_order")).toMatchObject({ destructiveHint: true, idempotentHint: true });
    expect(hints.get("claim_faucet")).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    expect(hints.get("release_escrow")).toMatchObject({ destructiveHint: true, idempotentHint: true });
    expect(hints.get("create_webhook")).toMatchObject({ openWorldHint: true });
    await client.close();
  });

  it("every tool's result, success or error, matches its output schema", async () => {
    const agent = await registerAgent(server);
    const client = await connect(agent.apiKey);
    const { tools } = await client.listTools();
    const results = await callEach(client, tools);
    // Both shapes were exercised: reads answered, calls missing their arguments were refused.
    expect(results.filter((r) => !r.isError).length).toBeGreaterThan(10);
    expect(results.filter((r) => r.isError).length).toBeGreaterThan(10);
    await client.close();
    const operator = await connect(await operatorKey(server));
    await callEach(operator, (await operator.listTools()).tools);
    await operator.close();
  });

  it("money tools' successes and an approval hold match their output schemas", async () => {
    const seller = await registerAgent(server);
    const buyer = await fundedAgent(server);
    const client = await connect(buyer.apiKey);
    await client.listTools();
    const bet = await call(client, "place_bet", { game: "coinflip", amount: 0.1, prediction: "heads" });
    expect(bet.structuredContent).toMatchObject({ outcome: expect.stringMatching(/^(win|loss)$/) });
    const order = await call(client, "place_order", { symbol: "BTC", side: "buy", amount: 0.001, mode: "paper" });
    expect(order.structuredContent).toMatchObject({ status: "filled" });
    const escrow = await call(client, "create_escrow", { counterparty: seller.username, amount: 0.1, condition: "a poem" });
    expect(escrow.structuredContent).toMatchObject({ status: "funded" });
    const transfer = await call(client, "transfer_usdc", { to: seller.username, amount: 0.01 });
    expect(transfer.structuredContent).toMatchObject({ transfer_id: expect.any(String) });
    await call(client, "set_policy", { policy: { approval_threshold: 0.05 } });
    const held = await call(client, "place_bet", { game: "coinflip", amount: 0.1, prediction: "heads" });
    expect(held.structuredContent).toMatchObject({ status: "approval_required", approval_id: expect.any(String) });
    await client.close();
  });

  it("an output schema refuses what the tool does not answer (the client check can fail)", async () => {
    const client = await connect((await registerAgent(server)).apiKey);
    const balance = (await client.listTools()).tools.find((tool) => tool.name === "get_balance");
    if (!balance?.outputSchema) throw new Error("get_balance has no output schema");
    const validate = new AjvJsonSchemaValidator().getValidator(balance.outputSchema);
    expect(validate({ balance: "lots" }).valid).toBe(false);
    expect(validate({ error: { code: "no_such_code", message: "x" } }).valid).toBe(false);
    expect(validate({ error: { code: "internal", message: "x", request_id: "req_1" } }).valid).toBe(true);
    await client.close();
  });

  it("says the release in its server info", async () => {
    const client = await connect((await registerAgent(server)).apiKey);
    expect(client.getServerVersion()).toMatchObject({ name: "purpleflea", version: VERSION });
    await client.close();
  });
});

interface McpServerEntry {
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  type?: string;
  url?: string;
  headers?: Record<string, string>;
}

/** The `mcpServers` blocks of the README's "MCP clients" section, stdio first, then HTTP. */
function readmeMcpServers(): McpServerEntry[] {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## MCP clients"), readme.indexOf("## Risk gate"));
  const blocks = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map(
    (m) =>
      JSON.parse(m[1] ?? "") as {
        mcpServers: Record<string, McpServerEntry>;
      },
  );
  return blocks.map((block) => {
    const entry = block.mcpServers.purpleflea;
    if (!entry) throw new Error("a README mcpServers block without purpleflea");
    return entry;
  });
}

describe("the README's mcpServers configurations", () => {
  it("connect over stdio and over HTTP as written, with a real key and this server's address", async () => {
    const { apiKey } = await registerAgent(server);
    const [stdio, http] = readmeMcpServers();
    if (!stdio?.args || !http?.url) throw new Error("README lacks the stdio or the HTTP configuration");
    const [bin, ...rest] = stdio.args;
    expect([stdio.command, bin]).toEqual([
      "node",
      expect.stringMatching(/\/node_modules\/@purpleflea\/server\/bin\/purpleflea\.js$/),
    ]);
    expect(Object.keys(stdio.env ?? {})).toEqual(["PURPLE_FLEA_API_KEY"]);
    // The README's CLI path is an installed package; here the same bin runs from the sources.
    const args = [...CLI, ...rest.map((arg) => arg.replace("http://127.0.0.1:8080", server.url))];
    const transports = [
      new StdioClientTransport({
        command: "node",
        args,
        cwd: REPO_ROOT,
        env: { ...process.env, PURPLE_FLEA_API_KEY: apiKey } as Record<string, string>,
        stderr: "pipe",
      }),
      new StreamableHTTPClientTransport(new URL(http.url.replace("http://127.0.0.1:8080", server.url)), {
        requestInit: { headers: { Authorization: (http.headers?.Authorization ?? "").replace("pf_live_...", apiKey) } },
      }),
    ];
    expect(http.type).toBe("http");
    for (const transport of transports) {
      const client = new Client({ name: "readme-config", version: "1.0.0" });
      await client.connect(transport);
      await client.listTools();
      const balance = await call(client, "get_balance");
      await client.close();
      expect(balance.structuredContent).toMatchObject({ currency: "USDC" });
    }
  });
});

// After the MCP sessions on purpose: a plain request after one used to leave a spare connection that
// held the server's close until its headers timeout (see unused-connections.ts).
describe("MCP authentication", () => {
  it("answers 401 with a Bearer challenge, naming a wrong key invalid_token", async () => {
    const post = async (headers: Record<string, string>) => {
      const init = { method: "POST", body: "{}", headers: { "content-type": "application/json", ...headers } };
      const response = await fetch(`${server.url}/mcp`, init);
      await response.text();
      return response;
    };
    const missing = await post({});
    expect([missing.status, missing.headers.get("www-authenticate")]).toEqual([401, 'Bearer realm="purpleflea"']);
    const wrong = await post({ authorization: "Bearer pf_live_not-a-key" });
    expect([wrong.status, wrong.headers.get("www-authenticate")]).toEqual([
      401,
      'Bearer realm="purpleflea", error="invalid_token"',
    ]);
  });
});
