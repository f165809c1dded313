import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceStr, fundedAgent, registerAgent, startTestServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe("Idempotency-Key", () => {
  it("50 parallel faucet claims with one key move money once and answer identically", async () => {
    const agent = await registerAgent(server);
    const headers = { "idempotency-key": "claim-once" };
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => server.call("/api/v1/faucet/claim", { method: "POST", key: agent.apiKey, headers })),
    );
    const first = JSON.stringify(responses[0]?.body);
    for (const r of responses) {
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).toBe(first);
    }
    expect(responses.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(49);
    expect(await balanceStr(server, agent)).toBe("1.000000");
  });

  it("50 parallel transfers with one key move money once and answer identically", async () => {
    const payer = await fundedAgent(server);
    const payee = await registerAgent(server);
    const body = { to: payee.username, amount: 0.25, memo: "once" };
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        server.call("/api/v1/wallet/transfer", { key: payer.apiKey, body, headers: { "idempotency-key": "pay-1" } }),
      ),
    );
    const bodies = new Set(responses.map((r) => `${r.status} ${JSON.stringify(r.body)}`));
    expect(bodies.size).toBe(1);
    expect(responses[0]?.status).toBe(200);
    expect(await balanceStr(server, payer)).toBe("0.750000");
    expect(await balanceStr(server, payee)).toBe("0.250000");
  });

  it("replays a stored failure instead of retrying it, and rejects the key with another body", async () => {
    const payer = await fundedAgent(server);
    const payee = await registerAgent(server);
    const headers = { "idempotency-key": "too-much" };
    const first = await server.call("/api/v1/wallet/transfer", {
      key: payer.apiKey,
      body: { to: payee.agentId, amount: 5 },
      headers,
    });
    expect(first.status).toBe(422);
    const again = await server.call("/api/v1/wallet/transfer", {
      key: payer.apiKey,
      body: { to: payee.agentId, amount: 5 },
      headers,
    });
    expect(again.status).toBe(422);
    expect(again.body).toEqual(first.body);
    // The replay is the stored body, naming the request that ran; its own id is in its header.
    const firstId = first.headers.get("request-id");
    expect((first.body.error as { request_id: string }).request_id).toBe(firstId);
    expect(again.headers.get("request-id")).toMatch(/^req_/);
    expect(again.headers.get("request-id")).not.toBe(firstId);
    const other = await server.call("/api/v1/wallet/transfer", {
      key: payer.apiKey,
      body: { to: payee.agentId, amount: 0.5 },
      headers,
    });
    expect(other.status).toBe(409);
    expect((other.body.error as { code: string }).code).toBe("idempotency_key_reused");
    expect(await balanceStr(server, payer)).toBe("1.000000");
  });

  it("scopes keys per agent and rejects malformed keys", async () => {
    const a = await registerAgent(server);
    const b = await registerAgent(server);
    const headers = { "idempotency-key": "shared-name" };
    expect((await server.call("/api/v1/faucet/claim", { method: "POST", key: a.apiKey, headers })).status).toBe(200);
    expect((await server.call("/api/v1/faucet/claim", { method: "POST", key: b.apiKey, headers })).status).toBe(200);
    expect(await balanceStr(server, b)).toBe("1.000000");
    const bad = await server.call("/api/v1/faucet/claim", {
      method: "POST",
      key: a.apiKey,
      headers: { "idempotency-key": "x".repeat(256) },
    });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { code: string }).code).toBe("idempotency_key_invalid");
  });
});
