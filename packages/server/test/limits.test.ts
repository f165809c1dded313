import { LIMIT_CHECK_BACK_S } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedAgent, registerAgent, startTestServer, type TestServer } from "./harness.ts";

const rateLimit = (headers: Headers) => ({
  limit: headers.get("ratelimit-limit"),
  remaining: headers.get("ratelimit-remaining"),
  reset: headers.get("ratelimit-reset"),
});

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
    expect(rateLimit(limited.headers)).toEqual({ limit: "5", remaining: "0", reset: limited.headers.get("retry-after") });
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
    const refused = await server.call("/api/v1/faucet/claim", { method: "POST", key: (await registerAgent(server)).apiKey });
    // The first claim of the window leaves it a day after it was made: at most 24 h from now.
    const retryAfterS = Number(refused.headers.get("retry-after"));
    expect(retryAfterS).toBeGreaterThan(86_000);
    expect(retryAfterS).toBeLessThanOrEqual(86_400);
    expect(rateLimit(refused.headers)).toEqual({ limit: "2", remaining: "0", reset: String(retryAfterS) });
  });

  it("counts every request in RateLimit-* headers, the nearer-to-empty budget of key and address", async () => {
    const agent = await registerAgent(server);
    const first = await server.call("/api/v1/wallet/balance", { key: agent.apiKey });
    const second = await server.call("/api/v1/wallet/balance", { key: agent.apiKey });
    expect(rateLimit(first.headers)).toMatchObject({ limit: "5", remaining: "4" });
    expect(rateLimit(second.headers)).toMatchObject({ limit: "5", remaining: "3" });
    expect(Number(second.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
  });

  it("gives a count limit (open escrows) Retry-After and RateLimit-* too", async () => {
    const escrows = await startTestServer({ ESCROW_MAX_OPEN_PER_AGENT: "1" });
    try {
      const owner = await fundedAgent(escrows);
      const body = { counterparty: (await registerAgent(escrows)).username, amount: 0.01, condition: "x" };
      const first = await escrows.call("/api/v1/escrow/create", { key: owner.apiKey, body });
      const second = await escrows.call("/api/v1/escrow/create", { key: owner.apiKey, body });
      expect([first.status, second.status]).toEqual([201, 429]);
      expect(second.headers.get("retry-after")).toBe(String(LIMIT_CHECK_BACK_S));
      expect(rateLimit(second.headers)).toEqual({ limit: "1", remaining: "0", reset: String(LIMIT_CHECK_BACK_S) });
    } finally {
      await escrows.stop();
    }
  });

  it("rate-limits an IP across keys and registration", async () => {
    let last = 0;
    for (let i = 0; i < 45 && last !== 429; i++) {
      last = (await server.call("/api/v1/auth/register", { body: { username: `flood-${i}` } })).status;
    }
    expect(last).toBe(429);
  });
});
