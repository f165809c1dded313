import { createHash } from "node:crypto";
import { checkInvariants } from "@purpleflea/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceStr, operatorKey, registerAgent, startTestServer, type TestServer } from "./harness.ts";

const api = "/api/v1";
let server: TestServer;
let operator: string;
const envKey = `pf_op_${"e".repeat(43)}`;

beforeAll(async () => {
  server = await startTestServer({
    HOUSE_BANKROLL: "1000",
    OPERATOR_KEY_SHA256: createHash("sha256").update(envKey).digest("hex"),
  });
  operator = await operatorKey(server);
});
afterAll(() => server.stop());

type Json = Record<string, unknown>;
const deposit = (key: string, body: Json, idempotencyKey?: string) =>
  server.call<Json>(`${api}/operator/deposits`, {
    key,
    body,
    ...(idempotencyKey ? { headers: { "idempotency-key": idempotencyKey } } : {}),
  });

describe("operator: funding agents from the treasury", () => {
  it("credits the agent once per Idempotency-Key, tells it with an event, and audits the deposit", async () => {
    const agent = await registerAgent(server);
    const first = await deposit(operator, { agent: agent.username, amount: "250", memo: "wire 42" }, "dep-1");
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      agent_id: agent.agentId,
      amount_str: "250.000000",
      memo: "wire 42",
      agent_available: 250,
    });
    const replay = await deposit(operator, { agent: agent.username, amount: "250", memo: "wire 42" }, "dep-1");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    expect((await deposit(operator, { agent: agent.username, amount: "1", memo: "x" }, "dep-1")).body).toMatchObject({
      error: { code: "idempotency_key_reused" },
    });
    expect(await balanceStr(server, agent)).toBe("250.000000");

    const events = await server.call<{ events: Json[] }>(`${api}/events`, { key: agent.apiKey });
    expect(events.body.events.map((e) => e.type)).toEqual(["wallet.deposit"]);
    const audit = await server.call<{ entries: Json[] }>(
      `${api}/operator/audit?action=operator.deposit&agent_id=${agent.agentId}`,
      {
        key: operator,
      },
    );
    expect(audit.body.entries).toEqual([
      expect.objectContaining({
        decision: "allowed",
        amount_str: "250.000000",
        ref: first.body.deposit_id,
        key_id: expect.stringMatching(/^opk_/),
      }),
    ]);
    const listed = await server.call<{ deposits: Json[]; treasury_deposited_str: string }>(`${api}/operator/deposits`, {
      key: operator,
    });
    expect(listed.body.deposits[0]).toMatchObject({ deposit_id: first.body.deposit_id, username: agent.username });
    expect(await server.server.platform.store.read(checkInvariants)).toMatchObject({ ok: true });
  });

  it("refuses an unknown agent and bad amounts, moving nothing, and audits the refusal", async () => {
    const unknown = await deposit(operator, { agent: "nobody-here", amount: 5, memo: "m" });
    expect([unknown.status, (unknown.body.error as Json).code]).toEqual([404, "recipient_not_found"]);
    const failed = await server.call<{ entries: Json[] }>(`${api}/operator/audit?decision=failed&agent_id=platform`, {
      key: operator,
    });
    expect(failed.body.entries[0]).toMatchObject({ action: "operator.deposit", rule: "recipient_not_found" });
    const agent = await registerAgent(server);
    for (const [body, code] of [
      [{ agent: agent.agentId, amount: "1.0000001", memo: "m" }, "amount_too_precise"],
      [{ agent: agent.agentId, amount: 0, memo: "m" }, "amount_must_be_positive"],
      [{ agent: agent.agentId, amount: 1 }, "invalid_request"],
      [{ agent: agent.agentId, amount: 1, memo: "  " }, "invalid_request"],
    ] as const) {
      const response = await deposit(operator, body);
      expect([response.status, (response.body.error as Json).code], JSON.stringify(body)).toEqual([400, code]);
    }
    expect(await balanceStr(server, agent)).toBe("0.000000");
  });
});

describe("operator: house bankroll, fees, agents, health", () => {
  it("moves funds into and out of the house, never below zero", async () => {
    const before = await server.call<Json>(`${api}/operator/house`, { key: operator });
    expect(before.body).toMatchObject({ balance_str: "1000.000000", funded_str: "1000.000000", result_str: "0.000000" });
    const added = await server.call<Json>(`${api}/operator/house/deposit`, {
      key: operator,
      body: { amount: 500, memo: "top up" },
    });
    expect(added.body).toMatchObject({ balance_str: "1500.000000", funded_str: "1500.000000" });
    const tooMuch = await server.call<Json>(`${api}/operator/house/withdraw`, {
      key: operator,
      body: { amount: 5000, memo: "all" },
    });
    expect([tooMuch.status, (tooMuch.body.error as Json).code]).toEqual([422, "insufficient_funds"]);
    const taken = await server.call<{ movements: Json[] } & Json>(`${api}/operator/house/withdraw`, {
      key: operator,
      body: { amount: 200, memo: "profit" },
    });
    expect(taken.body).toMatchObject({ balance_str: "1300.000000", funded_str: "1300.000000" });
    expect(taken.body.movements.map((m) => [m.direction, m.amount_str, m.memo])).toEqual([
      ["out", "200.000000", "profit"],
      ["in", "500.000000", "top up"],
    ]);
  });

  it("reports fees and referral payouts per service", async () => {
    const referrer = await registerAgent(server);
    const code = (await server.call<{ referral_code: string }>(`${api}/referrals`, { key: referrer.apiKey })).body.referral_code;
    const trader = await server.call<{ api_key: string }>(`${api}/auth/register`, {
      body: { username: `t-${Date.now()}`, referral_code: code },
    });
    await server.call(`${api}/trade/order`, { key: trader.body.api_key, body: { symbol: "BTC", side: "buy", amount: 0.01 } });
    const fees = await server.call<{ fees: Json[]; referral_payouts: Json[]; balances: Json[] }>(`${api}/operator/fees`, {
      key: operator,
    });
    expect(fees.body.fees).toEqual([expect.objectContaining({ service: "trading", asset: "PAPER_USDC", count: 1 })]);
    expect(fees.body.referral_payouts).toEqual([expect.objectContaining({ service: "trading", asset: "PAPER_USDC", count: 1 })]);
    expect(fees.body.balances.map((b) => b.asset)).toEqual(["USDC", "PAPER_USDC"]);
  });

  it("lists agents with available, held and total, paged and searchable", async () => {
    const named = await registerAgent(server, `findme-${Date.now()}`);
    const found = await server.call<{ agents: Json[] }>(`${api}/operator/agents?q=FINDME`, { key: operator });
    expect(found.body.agents).toEqual([
      expect.objectContaining({
        agent_id: named.agentId,
        available_str: "0.000000",
        held_str: "0.000000",
        total_str: "0.000000",
        keys: 1,
      }),
    ]);
    const first = await server.call<{ agents: Json[]; next_cursor: string }>(`${api}/operator/agents?limit=2`, { key: operator });
    const second = await server.call<{ agents: Json[] }>(`${api}/operator/agents?limit=2&cursor=${first.body.next_cursor}`, {
      key: operator,
    });
    const ids = [...first.body.agents, ...second.body.agents].map((a) => a.agent_id);
    expect(new Set(ids).size).toBe(4);
    expect((await server.call<Json>(`${api}/operator/agents?cursor=bogus`, { key: operator })).status).toBe(400);
  });

  it("reports health", async () => {
    const health = await server.call<Json>(`${api}/operator/health`, { key: operator });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: "ok", database: { engine: "sqlite", ok: true }, streams: { open: 0 } });
  });
});

describe("operator keys", () => {
  it("keep agent keys out of operator routes (audited) and operator keys out of agent routes", async () => {
    const agent = await registerAgent(server);
    const refused = await server.call<Json>(`${api}/operator/health`, { key: agent.apiKey });
    expect([refused.status, (refused.body.error as Json).code]).toEqual([403, "operator_key_required"]);
    const audit = await server.call<{ entries: Json[] }>(`${api}/audit`, { key: agent.apiKey });
    expect(audit.body.entries[0]).toMatchObject({ action: "operator.health", decision: "denied", rule: "operator_key_required" });
    const wrongWay = await server.call<Json>(`${api}/wallet/balance`, { key: operator });
    expect([wrongWay.status, (wrongWay.body.error as Json).code]).toEqual([403, "agent_key_required"]);
    const forged = await server.call<Json>(`${api}/operator/health`, { key: `pf_op_${"x".repeat(43)}` });
    expect([forged.status, (forged.body.error as Json).code]).toEqual([401, "invalid_api_key"]);
    expect((await server.call<Json>(`${api}/operator/health`)).status).toBe(401);
  });

  it("accept the key whose hash OPERATOR_KEY_SHA256 names, audited under opk_env", async () => {
    const agent = await registerAgent(server);
    const response = await deposit(envKey, { agent: agent.agentId, amount: 3, memo: "env" });
    expect(response.status).toBe(201);
    const audit = await server.call<{ entries: Json[] }>(`${api}/operator/audit?key_id=opk_env`, { key: operator });
    expect(audit.body.entries[0]).toMatchObject({ action: "operator.deposit", agent_id: agent.agentId });
  });
});
