import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usdcMicro } from "./escrow-harness.ts";
import { fundedAgent, registerAgent, startTestServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "20" });
});
afterAll(() => server.stop());

type Structured = { structuredContent?: Record<string, unknown>; isError?: boolean };

async function mcp(key: string) {
  const client = new Client({ name: "escrow-test", version: "1.0.0" });
  const headers = { authorization: `Bearer ${key}` };
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } }));
  return {
    call: async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as Structured,
    close: () => client.close(),
  };
}

describe("escrow as MCP tools", () => {
  it("two agents escrow, deliver and release through tools; a wrong move is a tool error with our code", async () => {
    const buyer = await fundedAgent(server);
    const seller = await registerAgent(server);
    const [b, s] = [await mcp(buyer.apiKey), await mcp(seller.apiKey)];
    try {
      const created = await b.call("create_escrow", {
        counterparty: seller.username,
        amount: 10,
        condition: "summarise the filing",
        deadline: 7_200,
      });
      expect(created.isError).toBeFalsy();
      const escrowId = created.structuredContent?.escrow_id;
      const wrong = await s.call("release_escrow", { escrow_id: escrowId });
      expect(wrong.isError).toBe(true);
      expect(wrong.structuredContent?.error).toMatchObject({ code: "escrow_role_not_allowed" });
      expect((await s.call("complete_escrow", { escrow_id: escrowId, note: "done" })).structuredContent?.status).toBe(
        "completed",
      );
      const released = await b.call("release_escrow", { escrow_id: escrowId, idempotency_key: "mcp-release" });
      expect(released.structuredContent).toMatchObject({ status: "released", net_amount_str: "9.900000" });
      expect(await usdcMicro(server, seller.agentId)).toBe(9_900_000n);
      const referrals = await s.call("get_referrals", {});
      expect(referrals.structuredContent?.referred_count).toBe(0);
    } finally {
      await b.close();
      await s.close();
    }
  });
});
