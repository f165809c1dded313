import { balanceResponseSchema, faucetClaimResponseSchema, registerResponseSchema } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe("the seed's requests work unchanged", () => {
  it("register -> faucet -> purpleflea_get_balance (GET /wallet/balance with only the Bearer header)", async () => {
    const register = await fetch(`${server.url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "seed-agent" }),
    });
    expect(register.status).toBe(201);
    const agent = registerResponseSchema.parse(await register.json());
    expect(agent.api_key).toMatch(/^pf_live_[0-9A-Za-z]{43}$/);
    expect(agent.agent_id).toBeTruthy();
    expect(agent.referral_code).toBeTruthy();

    // httpx posts without a body or content type, exactly as the seed's faucet call would.
    const claim = await fetch(`${server.url}/api/v1/faucet/claim`, {
      method: "POST",
      headers: { Authorization: `Bearer ${agent.api_key}` },
    });
    expect(claim.status).toBe(200);
    const claimed = faucetClaimResponseSchema.parse(await claim.json());
    expect(claimed.amount).toBe(1);
    expect(claimed.new_balance_str).toBe("1.000000");

    const balance = await fetch(`${server.url}/api/v1/wallet/balance`, {
      headers: { Authorization: `Bearer ${agent.api_key}` },
    });
    expect(balance.status).toBe(200);
    const body = balanceResponseSchema.parse(await balance.json());
    expect(body.balance).toBe(1);
    expect(body.balance_str).toBe("1.000000");
    expect(body.currency).toBe("USDC");
    expect(body.paper_balance).toBe(10_000);
  });

  it("accepts a JSON content type with an empty body on the faucet", async () => {
    const register = await server.call<{ api_key: string }>("/api/v1/auth/register", { body: { username: "empty-json" } });
    const claim = await fetch(`${server.url}/api/v1/faucet/claim`, {
      method: "POST",
      headers: { authorization: `Bearer ${register.body.api_key}`, "content-type": "application/json" },
    });
    expect(claim.status).toBe(200);
  });
});
