import { checkInvariants } from "@purpleflea/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceStr, fundedAgent, registerAgent, startTestServer, type TestServer } from "./harness.ts";
import { createKey, type ErrorBody } from "./policy-harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "100" });
});
afterAll(() => server.stop());

const api = "/api/v1";

describe("keys and scopes", () => {
  it("creates, lists, rotates and revokes keys; secrets are shown once", async () => {
    const owner = await registerAgent(server);
    const reader = await createKey(server, owner, "reader", ["read"]);
    const list = await server.call<{ keys: Array<{ key_id: string; scopes: string[]; revoked_at: string | null }> }>(
      `${api}/keys`,
      { key: owner.apiKey },
    );
    expect(list.body.keys.map((k) => k.scopes)).toEqual([
      ["read", "bet", "trade", "escrow", "transfer", "approve", "admin"],
      ["read"],
    ]);
    expect(JSON.stringify(list.body)).not.toContain(reader.key);
    expect(JSON.stringify(list.body)).not.toContain(owner.apiKey);
    expect((await server.call(`${api}/wallet/balance`, { key: reader.key })).status).toBe(200);
    const rotated = await server.call<{ api_key: string }>(`${api}/keys/${reader.id}/rotate`, {
      method: "POST",
      key: owner.apiKey,
    });
    expect(rotated.status).toBe(200);
    expect((await server.call(`${api}/wallet/balance`, { key: reader.key })).status).toBe(401);
    expect((await server.call(`${api}/wallet/balance`, { key: rotated.body.api_key })).status).toBe(200);
    const keys = await server.call<{ keys: Array<{ key_id: string; revoked_at: string | null }> }>(`${api}/keys`, {
      key: owner.apiKey,
    });
    const live = keys.body.keys.filter((k) => k.revoked_at === null && k.key_id !== keys.body.keys[0]?.key_id);
    const revoked = await server.call(`${api}/keys/${live[0]?.key_id}`, { method: "DELETE", key: owner.apiKey });
    expect(revoked.status).toBe(200);
    expect((await server.call(`${api}/wallet/balance`, { key: rotated.body.api_key })).status).toBe(401);
    const self = await server.call<ErrorBody>(`${api}/keys/${keys.body.keys[0]?.key_id}`, {
      method: "DELETE",
      key: owner.apiKey,
    });
    expect(self.body.error?.code).toBe("cannot_revoke_current_key");
  });

  it("a read-only key moves no money on any money-moving route", async () => {
    const owner = await fundedAgent(server);
    const other = await registerAgent(server);
    const reader = await createKey(server, owner, "reader", ["read"]);
    const riskKey = await createKey(server, owner, "risk", ["read", "approve"]);
    const proposal = await server.call<{ proposal_id: string }>(`${api}/proposals`, {
      key: reader.key,
      body: { operation: "wallet.transfer", request: { to: other.agentId, amount: 1 }, rationale: "test" },
    });
    await server.call(`${api}/proposals/${proposal.body.proposal_id}/approve`, { method: "POST", key: riskKey.key });
    const table: Array<[string, string, unknown]> = [
      ["POST", "/wallet/transfer", { to: other.agentId, amount: 1 }],
      ["POST", "/faucet/claim", undefined],
      ["POST", "/casino/bet", { game: "coinflip", amount: 1, prediction: "heads" }],
      ["POST", "/approvals/apr_x/approve", {}],
      ["POST", `/proposals/${proposal.body.proposal_id}/execute`, undefined],
      ["POST", "/keys", { name: "escalate", scopes: ["admin"] }],
      ["POST", "/policy", { policy: null }],
    ];
    for (const [method, path, body] of table) {
      const response = await server.call<ErrorBody>(`${api}${path}`, {
        method,
        key: reader.key,
        ...(body === undefined ? {} : { body }),
      });
      expect([path, response.status, response.body.error?.code]).toEqual([path, 403, "insufficient_scope"]);
    }
    expect(await balanceStr(server, owner)).toBe("100.000000");
    const audit = await server.call<{ entries: Array<{ decision: string; rule: string | null }> }>(
      `${api}/audit?decision=denied`,
      { key: owner.apiKey },
    );
    expect(audit.body.entries.filter((e) => e.rule === "insufficient_scope").length).toBeGreaterThanOrEqual(table.length);
  });
});

describe("spend limits hold under concurrency", () => {
  it("100 concurrent transfers against a 1.00 daily limit: exactly 33 of 0.03 pass", async () => {
    const owner = await fundedAgent(server);
    const payee = await registerAgent(server);
    const spender = await createKey(server, owner, "spender", ["transfer"], { max_per_day: "1.00" });
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        server.call<ErrorBody>(`${api}/wallet/transfer`, { key: spender.key, body: { to: payee.agentId, amount: "0.03" } }),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(33);
    for (const r of responses.filter((r) => r.status !== 200)) expect(r.body.error?.details?.rule).toBe("max_per_day");
    expect(await balanceStr(server, payee)).toBe("0.990000");
  });

  it("100 concurrent bets of mixed size: nothing above the per-transaction limit, agent-wide daily limit across keys", async () => {
    const owner = await fundedAgent(server);
    await server.call(`${api}/policy`, { key: owner.apiKey, body: { policy: { max_per_day: "5" } } });
    const a = await createKey(server, owner, "a", ["bet"], { max_per_transaction: "0.50" });
    const b = await createKey(server, owner, "b", ["bet"], { max_per_transaction: "0.50" });
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        server.call<ErrorBody & { amount_str?: string }>(`${api}/casino/bet`, {
          key: i % 2 ? a.key : b.key,
          body: { game: "dice", amount: i % 3 === 0 ? "0.51" : "0.25", prediction: "under_50" },
        }),
      ),
    );
    const accepted = responses.filter((r) => r.status === 200);
    expect(accepted.every((r) => r.body.amount_str === "0.250000")).toBe(true);
    expect(accepted).toHaveLength(20);
    const rules = new Set(responses.filter((r) => r.status !== 200).map((r) => r.body.error?.details?.rule));
    expect(rules).toEqual(new Set(["max_per_transaction", "max_per_day"]));
  });

  it("allowed games, symbols and counterparties, and a share of balance", async () => {
    const owner = await fundedAgent(server);
    const friend = await registerAgent(server);
    const stranger = await registerAgent(server);
    const key = await createKey(server, owner, "narrow", ["bet", "transfer"], {
      allowed_games: ["dice"],
      allowed_counterparties: [friend.username],
      max_share_of_balance_bps: 500,
    });
    const codes = async (path: string, body: unknown) =>
      (await server.call<ErrorBody>(`${api}${path}`, { key: key.key, body })).body.error?.details?.rule ?? "ok";
    expect(await codes("/casino/bet", { game: "coinflip", amount: 1, prediction: "heads" })).toBe("allowed_games");
    expect(await codes("/casino/bet", { game: "dice", amount: "5.01", prediction: "over_50" })).toBe("max_share_of_balance_bps");
    expect(await codes("/wallet/transfer", { to: stranger.agentId, amount: 1 })).toBe("allowed_counterparties");
    expect(await codes("/wallet/transfer", { to: friend.agentId, amount: 1 })).toBe("ok");
  });
});

describe("approvals", () => {
  it("above the threshold: 202, then approve executes exactly once even when sent 10 times at once", async () => {
    const owner = await fundedAgent(server);
    const payee = await registerAgent(server);
    const agentKey = await createKey(server, owner, "trader", ["transfer", "read"], { approval_threshold: "10" });
    const small = await server.call(`${api}/wallet/transfer`, { key: agentKey.key, body: { to: payee.agentId, amount: 5 } });
    expect(small.status).toBe(200);
    const big = await server.call<{ status: string; approval_id: string; expires_at: string; summary: string }>(
      `${api}/wallet/transfer`,
      {
        key: agentKey.key,
        body: { to: payee.agentId, amount: 40 },
      },
    );
    expect(big.status).toBe(202);
    expect(big.body).toMatchObject({ status: "approval_required" });
    expect(big.body.summary).toContain("40.000000");
    expect(await balanceStr(server, payee)).toBe("5.000000");
    const inbox = await server.call<{ approvals: Array<{ approval_id: string }> }>(`${api}/approvals?status=pending`, {
      key: owner.apiKey,
    });
    expect(inbox.body.approvals.map((a) => a.approval_id)).toEqual([big.body.approval_id]);
    const own = await server.call<ErrorBody>(`${api}/approvals/${big.body.approval_id}/approve`, {
      method: "POST",
      key: agentKey.key,
    });
    expect(own.status).toBe(403);
    const decisions = await Promise.all(
      Array.from({ length: 10 }, () =>
        server.call<ErrorBody & { status?: string }>(`${api}/approvals/${big.body.approval_id}/approve`, {
          method: "POST",
          key: owner.apiKey,
          body: {},
        }),
      ),
    );
    expect(decisions.filter((d) => d.status === 200)).toHaveLength(1);
    for (const d of decisions.filter((d) => d.status !== 200)) expect(d.body.error?.code).toBe("approval_already_decided");
    expect(await balanceStr(server, payee)).toBe("45.000000");
    const done = await server.call<{ status: string; result: { status: number; body: { transfer_id: string } } }>(
      `${api}/approvals/${big.body.approval_id}`,
      { key: owner.apiKey },
    );
    expect(done.body.status).toBe("executed");
    expect(done.body.result.status).toBe(200);
    expect(done.body.result.body.transfer_id).toMatch(/^tr_/);
  });

  it("reject and expiry move nothing; a limited approver cannot release a large request", async () => {
    const owner = await fundedAgent(server);
    const payee = await registerAgent(server);
    const agentKey = await createKey(server, owner, "trader", ["transfer"], { approval_threshold: "1" });
    const junior = await createKey(server, owner, "junior", ["read", "approve"], { max_per_transaction: "10" });
    const held = async (amount: number) =>
      (
        await server.call<{ approval_id: string }>(`${api}/wallet/transfer`, {
          key: agentKey.key,
          body: { to: payee.agentId, amount },
        })
      ).body.approval_id;
    const first = await held(20);
    const limited = await server.call<ErrorBody>(`${api}/approvals/${first}/approve`, { method: "POST", key: junior.key });
    expect(limited.body.error?.code).toBe("approval_limit_exceeded");
    const rejected = await server.call<{ status: string }>(`${api}/approvals/${first}/reject`, {
      method: "POST",
      key: junior.key,
      body: { note: "no" },
    });
    expect(rejected.body.status).toBe("rejected");
    expect(
      (await server.call<ErrorBody>(`${api}/approvals/${first}/approve`, { method: "POST", key: owner.apiKey })).body.error?.code,
    ).toBe("approval_already_decided");
    expect(await balanceStr(server, payee)).toBe("0.000000");
    expect(await server.server.platform.store.read(checkInvariants)).toMatchObject({ ok: true });
  });

  it("an expired approval executes nothing", async () => {
    const quick = await startTestServer({ FAUCET_AMOUNT: "100", APPROVAL_TTL_MS: "1000" });
    try {
      const owner = await fundedAgent(quick);
      const payee = await registerAgent(quick);
      const agentKey = await createKey(quick, owner, "trader", ["transfer"], { approval_threshold: "1" });
      const held = await quick.call<{ approval_id: string }>(`${api}/wallet/transfer`, {
        key: agentKey.key,
        body: { to: payee.agentId, amount: 2 },
      });
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const late = await quick.call<ErrorBody>(`${api}/approvals/${held.body.approval_id}/approve`, {
        method: "POST",
        key: owner.apiKey,
      });
      expect(late.body.error?.code).toBe("approval_expired");
      expect(await balanceStr(quick, payee)).toBe("0.000000");
    } finally {
      await quick.stop();
    }
  });
});

describe("proposals: analyst -> risk manager -> executor, enforced by the server", () => {
  it("executes only after approval, exactly once", async () => {
    const owner = await fundedAgent(server);
    const payee = await registerAgent(server);
    const analyst = await createKey(server, owner, "analyst", ["read"]);
    const risk = await createKey(server, owner, "risk", ["read", "approve"]);
    const executor = await createKey(server, owner, "executor", ["read", "bet", "transfer"], { require_approved_proposal: true });
    const direct = await server.call<ErrorBody>(`${api}/wallet/transfer`, {
      key: executor.key,
      body: { to: payee.agentId, amount: 3 },
    });
    expect([direct.status, direct.body.error?.code]).toEqual([403, "proposal_required"]);
    const proposal = await server.call<{ proposal_id: string; status: string }>(`${api}/proposals`, {
      key: analyst.key,
      body: { operation: "wallet.transfer", request: { to: payee.agentId, amount: "3" }, rationale: "pay for the data feed" },
    });
    expect(proposal.status).toBe(201);
    const id = proposal.body.proposal_id;
    const early = await server.call<ErrorBody>(`${api}/proposals/${id}/execute`, { method: "POST", key: executor.key });
    expect([early.status, early.body.error?.code]).toEqual([409, "proposal_not_approved"]);
    expect((await server.call<ErrorBody>(`${api}/proposals/${id}/approve`, { method: "POST", key: analyst.key })).status).toBe(
      403,
    );
    expect(
      (await server.call(`${api}/proposals/${id}/approve`, { method: "POST", key: risk.key, body: { note: "ok" } })).status,
    ).toBe(200);
    const runs = await Promise.all(
      Array.from({ length: 5 }, () =>
        server.call<ErrorBody & { status?: string }>(`${api}/proposals/${id}/execute`, { method: "POST", key: executor.key }),
      ),
    );
    expect(runs.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of runs.filter((r) => r.status !== 200)) expect(r.body.error?.code).toBe("proposal_already_executed");
    expect(await balanceStr(server, payee)).toBe("3.000000");
    const bad = await server.call<ErrorBody>(`${api}/proposals`, {
      key: analyst.key,
      body: { operation: "wallet.balance", request: {}, rationale: "x" },
    });
    expect(bad.body.error?.code).toBe("unknown_operation");
    const invalid = await server.call<ErrorBody>(`${api}/proposals`, {
      key: analyst.key,
      body: { operation: "casino.bet", request: { game: "dice" }, rationale: "x" },
    });
    expect(invalid.body.error?.details?.field).toBe("request.amount");
  });
});
