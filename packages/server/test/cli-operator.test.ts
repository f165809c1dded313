import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, REPO_ROOT } from "./child-server.ts";
import { balanceStr, operatorKey, registerAgent, startTestServer, type TestServer } from "./harness.ts";

const exec = promisify(execFile);
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

async function purpleflea(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await exec("node", [...CLI, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...server.database?.settings },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe("operator keys from the command line, and operator tools over MCP", () => {
  it("create-key prints a key once, into the database the running server uses; revoke-key ends it", async () => {
    const created = await purpleflea("operator", "create-key", "--name", "ops", "--quiet");
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^pf_op_[0-9A-Za-z]{43}$/);
    const agent = await registerAgent(server);
    const funded = await purpleflea(
      "operator",
      "deposit",
      "--agent",
      agent.username,
      "--amount",
      "12",
      "--memo",
      "cli",
      "--api-key",
      key,
      "--base-url",
      server.url,
      "--json",
    );
    expect(JSON.parse(funded.stdout)).toMatchObject({ amount_str: "12.000000", memo: "cli" });
    expect(await balanceStr(server, agent)).toBe("12.000000");

    const listed = await purpleflea("operator", "list-keys", "--json");
    const { keys } = JSON.parse(listed.stdout) as { keys: Array<{ key_id: string; name: string; revoked_at: string | null }> };
    const ops = keys.find((k) => k.name === "ops");
    expect(ops?.revoked_at).toBeNull();
    expect(listed.stdout).not.toContain(key);
    expect((await purpleflea("operator", "revoke-key", ops?.key_id ?? "")).code).toBe(0);
    const refused = await server.call<{ error: { code: string } }>("/api/v1/operator/health", { key });
    expect(refused.body.error.code).toBe("invalid_api_key");
  });

  it("env-key prints a key and the hash the server checks it against, storing nothing", async () => {
    const { stdout } = await purpleflea("operator", "env-key");
    const key = /(pf_op_\w+)/.exec(stdout)?.[1] ?? "";
    const hash = /OPERATOR_KEY_SHA256=([0-9a-f]{64})/.exec(stdout)?.[1];
    expect(hash).toBe(createHash("sha256").update(key).digest("hex"));
  });

  it("an operator key over MCP lists and runs the operator tools; an agent key never sees them", async () => {
    const key = await operatorKey(server);
    const client = new Client({ name: "ops", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${key}` } },
    });
    await client.connect(transport);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["operator_fund_agent", "operator_get_health", "list_events"]));
    expect(names).not.toContain("place_bet");
    const agent = await registerAgent(server);
    const result = (await client.callTool({
      name: "operator_fund_agent",
      arguments: { agent: agent.agentId, amount: "3", memo: "mcp", idempotency_key: "mcp-fund-1" },
    })) as { structuredContent?: { amount_str?: string }; isError?: boolean };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.amount_str).toBe("3.000000");
    const refused = (await client.callTool({ name: "place_bet", arguments: {} })) as { isError?: boolean };
    expect(refused.isError).toBe(true);
    await client.close();
  });
});
