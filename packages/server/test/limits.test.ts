import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAgent, startTestServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    RATE_LIMIT_PER_KEY_PER_MINUTE: "5",
    RATE_LIMIT_PER_IP_PER_MINUTE: "40",
    FAUCET_MAX_CLAIMS_PER_IP_PER_DAY: "2",
  });
});
afterAll(() => server.stop());

describe("limits", () => {
  it("rate-limits a key with 429 rate_limited and Retry-After", async () => {
    const agent = await registerAgent(server);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await server.call("/api/v1/wallet/balance", { key: agent.apiKey })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await server.call<{ error: { code: string } }>("/api/v1/wallet/balance", { key: agent.apiKey });
    expect(limited.body.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const other = await registerAgent(server);
    expect((await server.call("/api/v1/wallet/balance", { key: other.apiKey })).status).toBe(200);
  });

  it("limits faucet claims per IP per day", async () => {
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const agent = await registerAgent(server);
      const claim = await server.call<{ error?: { code: string } }>("/api/v1/faucet/claim", {
        method: "POST",
        key: agent.apiKey,
      });
      codes.push(claim.body.error?.code ?? String(claim.status));
    }
    expect(codes).toEqual(["200", "200", "faucet_ip_limit_reached"]);
  });

  it("rate-limits an IP across keys and registration", async () => {
    let last = 0;
    for (let i = 0; i < 45 && last !== 429; i++) {
      last = (await server.call("/api/v1/auth/register", { body: { username: `flood-${i}` } })).status;
    }
    expect(last).toBe(429);
  });
});
