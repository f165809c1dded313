import { checkInvariants } from "@purpleflea/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceStr, fundedAgent, registerAgent, startTestServer, type TestServer } from "./harness.ts";
import { api, createKey, type ErrorBody, movingOperations, pathOf, sampledOperations, sampleRequest } from "./policy-harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "100" });
});
afterAll(() => server.stop());

type KeyList = { keys: Array<{ key_id: string; scopes: string[]; revoked_at: string | null }> };

describe("keys", () => {
  it("creates, lists, rotates (same id) and revokes keys; secrets are shown once", async () => {
    const owner = await registerAgent(server);
    const reader = await createKey(server, owner, "reader", ["read"]);
    const list = await server.call<KeyList>(`${api}/keys`, { key: owner.apiKey });
    expect(list.body.keys.map((k) => k.scopes)).toEqual([
      ["read", "bet", "trade", "escrow", "transfer", "withdraw", "approve", "admin"],
      ["read"],
    ]);
    expect(JSON.stringify(list.body)).not.toContain(reader.key);
    expect(JSON.stringify(list.body)).not.toContain(owner.apiKey);
    const rotated = await server.call<{ api_key: string; key_id: string }>(`${api}/keys/${reader.id}/rotate`, {
      method: "POST",
      key: owner.apiKey,
    });
    expect([rotated.status, rotated.body.key_id]).toEqual([200, reader.id]);
    expect((await server.call(`${api}/wallet/balance`, { key: reader.key })).status).toBe(401);
    expect((await server.call(`${api}/wallet/balance`, { key: rotated.body.api_key })).status).toBe(200);
    const revoked = await server.call(`${api}/keys/${reader.id}`, { method: "DELETE", key: owner.apiKey });
    expect(revoked.status).toBe(200);
    expect((await server.call(`${api}/wallet/balance`, { key: rotated.body.api_key })).status).toBe(401);
    const ownerId = list.body.keys[0]?.key_id;
    const self = await server.call<ErrorBody>(`${api}/keys/${ownerId}`, { method: "DELETE", key: owner.apiKey });
    expect(self.body.error?.code).toBe("cannot_revoke_current_key");
  });

  it("refuses unknown keys, scopes a key lacks, and a policy on an admin key", async () => {
    const owner = await registerAgent(server);
    const admin = await createKey(server, owner, "ops", ["admin", "read"]);
    const code = async (key: string, body: unknown, path = `${api}/keys`) =>
      (await server.call<ErrorBody>(path, { method: "POST", key, body })).body.error?.code;
    expect(await code(admin.key, { name: "wider", scopes: ["bet"] })).toBe("insufficient_scope");
    expect(await code(owner.apiKey, { name: "x", scopes: ["admin"], policy: { max_per_day: 1 } })).toBe(
      "admin_key_cannot_have_policy",
    );
    expect(await code(owner.apiKey, { name: "x", scopes: ["root"] })).toBe("invalid_request");
    expect(await code(owner.apiKey, { name: "x", scopes: ["bet"], policy: { max_per_day: "0.0000001" } })).toBe(
      "amount_too_precise",
    );
    expect(await code(owner.apiKey, undefined, `${api}/keys/key_nope/rotate`)).toBe("key_not_found");
    const gone = await server.call<ErrorBody>(`${api}/keys/key_nope`, { method: "DELETE", key: owner.apiKey });
    expect(gone.body.error?.code).toBe("key_not_found");
  });

  it("every key reads; only the scope a route names lets it act", async () => {
    const owner = await fundedAgent(server);
    const better = await createKey(server, owner, "better", ["bet"]);
    expect((await server.call(`${api}/wallet/balance`, { key: better.key })).status).toBe(200);
    const policy = await server.call<ErrorBody>(`${api}/policy`, { key: better.key, body: { policy: null } });
    expect([policy.status, policy.body.error?.details?.required_scope]).toEqual([403, "admin"]);
  });
});

describe("acceptance 1: a read-only key moves no money on any route", () => {
  it("every money-moving operation in the registry answers 403 insufficient_scope, and nothing moves", async () => {
    const owner = await fundedAgent(server);
    const payee = await registerAgent(server);
    const reader = await createKey(server, owner, "reader", ["read"]);
    const risk = await createKey(server, owner, "risk", ["approve"]);
    // proposals.execute needs a real approved proposal: the scope it checks is the proposed operation's.
    const approvedProposal = async (operation: string) => {
      const request = sampleRequest(operation, payee, "1");
      const created = await server.call<{ proposal_id: string }>(`${api}/proposals`, {
        key: reader.key,
        body: { operation, request, rationale: "test" },
      });
      await server.call(`${api}/proposals/${created.body.proposal_id}/approve`, { method: "POST", key: risk.key });
      return created.body.proposal_id;
    };
    const calls: Array<[string, string]> = [];
    for (const op of movingOperations) {
      const targets = op.id === "proposals.execute" ? sampledOperations(server) : [op.id];
      for (const target of targets) {
        const params: Record<string, string> = op.id === "proposals.execute" ? { id: await approvedProposal(target) } : {};
        calls.push([`${op.id} ${target}`, pathOf(op, params)]);
      }
    }
    expect(calls.map(([name]) => name)).toEqual(
      expect.arrayContaining(["wallet.transfer wallet.transfer", "casino.bet casino.bet"]),
    );
    for (const [name, path] of calls) {
      const body = { to: payee.agentId, amount: 1, game: "dice", prediction: "under_50" };
      const response = await server.call<ErrorBody>(path, { method: "POST", key: reader.key, body });
      expect([name, response.status, response.body.error?.code]).toEqual([name, 403, "insufficient_scope"]);
    }
    expect(await balanceStr(server, owner)).toBe("100.000000");
    expect(await balanceStr(server, payee)).toBe("0.000000");
    expect(await server.server.platform.store.read(checkInvariants)).toMatchObject({ ok: true });
    const audit = await server.call<{ entries: Array<{ key_id: string; rule: string | null }> }>(
      `${api}/audit?decision=denied&limit=200`,
      { key: owner.apiKey },
    );
    const denials = audit.body.entries.filter((e) => e.key_id === reader.id && e.rule === "insufficient_scope");
    expect(denials).toHaveLength(calls.length);
  });

  it("nor can it mint itself a wider key or loosen the policy", async () => {
    const owner = await fundedAgent(server);
    const reader = await createKey(server, owner, "reader", ["read"]);
    for (const [path, body] of [
      ["/keys", { name: "escalate", scopes: ["admin"] }],
      ["/policy", { policy: null }],
    ] as const) {
      const response = await server.call<ErrorBody>(`${api}${path}`, { key: reader.key, body });
      expect([path, response.status, response.body.error?.code]).toEqual([path, 403, "insufficient_scope"]);
    }
  });
});
