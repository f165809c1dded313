import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedAgent, registerAgent, startTestServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_MAX_CLAIMS_PER_IP_PER_DAY: "1" });
});
afterAll(() => server.stop());

/** One MCP call over HTTP from a chosen loopback address, so two clients of one machine look like two. */
function mcpCallFrom(
  localAddress: string,
  key: string,
  name: string,
): Promise<{ isError?: boolean; structuredContent?: unknown }> {
  const url = new URL(`${server.url}/mcp`);
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: {} } });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress,
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve(JSON.parse(text).result));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("MCP tools run as the client's own address", () => {
  it("a faucet claim over MCP counts toward its caller's address, not the server's own", async () => {
    // 127.0.0.1 has used its one claim today; a client at 127.0.0.2 has not.
    await fundedAgent(server);
    const agent = await registerAgent(server);
    const claim = await mcpCallFrom("127.0.0.2", agent.apiKey, "claim_faucet");
    expect(claim.isError).toBeFalsy();
    expect(claim.structuredContent).toMatchObject({ amount_str: "1.000000" });
    const stored = await server.server.platform.store.read((tx) =>
      tx.get<{ ip: string }>("SELECT ip FROM faucet_claims WHERE agent_id = ?", [agent.agentId]),
    );
    expect(stored?.ip).toBe("127.0.0.2");
  });
});
