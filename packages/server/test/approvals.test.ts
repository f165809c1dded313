import { checkInvariants } from "@purpleflea/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expireApprovals } from "../src/policy/approvals-store.ts";
import { balanceStr, fundedAgent, registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";
import { api, createKey, type ErrorBody } from "./policy-harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "100" });
});
afterAll(() => server.stop());

type Held = { status: string; approval_id: string; expires_at: string; summary: string };
type ApprovalBody = ErrorBody & {
  status?: string;
  decided_by?: string;
  result?: { status: number; body: Record<string, unknown> };
};

async function trader(threshold = "10") {
  const owner = await fundedAgent(server);
  const payee = await registerAgent(server);
  const key = await createKey(server, owner, "trader", ["transfer"], { approval_threshold: threshold });
  const request = (amount: number, headers: Record<string, string> = {}) =>
    server.call<Held & ErrorBody>(`${api}/wallet/transfer`, { key: key.key, body: { to: payee.agentId, amount }, headers });
  return { owner, payee, key, request };
}

const decide = (id: string, verdict: string, key: string, body: unknown = {}) =>
  server.call<ApprovalBody>(`${api}/approvals/${id}/${verdict}`, { method: "POST", key, body });

async function events(agent: TestAgent, type: string): Promise<Array<Record<string, unknown>>> {
  const rows = await server.server.platform.store.read((tx) =>
    tx.all<{ data: string }>("SELECT data FROM events WHERE agent_id = ? AND type = ? ORDER BY seq", [agent.agentId, type]),
  );
  return rows.map((row) => JSON.parse(row.data));
}

describe("acceptance 3: approvals", () => {
  it("above the threshold: 202 and nothing moves; approve sent 10 times at once executes exactly once", async () => {
    const { owner, payee, key, request } = await trader();
    expect((await request(5)).status).toBe(200);
    const big = await request(40, { "idempotency-key": "big-1" });
    expect(big.status).toBe(202);
    expect(big.body).toMatchObject({ status: "approval_required" });
    expect(big.body.summary).toContain("40.000000");
    expect(Date.parse(big.body.expires_at)).toBeGreaterThan(Date.now());
    const replay = await request(40, { "idempotency-key": "big-1" });
    expect([replay.status, replay.body.approval_id]).toEqual([202, big.body.approval_id]);
    expect(await balanceStr(server, payee)).toBe("5.000000");
    const inbox = await server.call<{ approvals: Array<{ approval_id: string }> }>(`${api}/approvals?status=pending`, {
      key: owner.apiKey,
    });
    expect(inbox.body.approvals.map((a) => a.approval_id)).toEqual([big.body.approval_id]);
    const own = await decide(big.body.approval_id, "approve", key.key);
    expect([own.status, own.body.error?.code]).toEqual([403, "insufficient_scope"]);
    const decisions = await Promise.all(Array.from({ length: 10 }, () => decide(big.body.approval_id, "approve", owner.apiKey)));
    expect(decisions.filter((d) => d.status === 200)).toHaveLength(1);
    for (const d of decisions.filter((d) => d.status !== 200)) expect(d.body.error?.code).toBe("approval_already_decided");
    expect(await balanceStr(server, payee)).toBe("45.000000");
    const done = await server.call<ApprovalBody>(`${api}/approvals/${big.body.approval_id}`, { key: key.key });
    expect(done.body.status).toBe("executed");
    expect(done.body.result?.status).toBe(200);
    expect(done.body.result?.body.transfer_id).toMatch(/^tr_/);
    const requested = await events(owner, "approval.requested");
    expect(requested[0]).toMatchObject({
      approval_id: big.body.approval_id,
      operation: "wallet.transfer",
      amount_str: "40.000000",
    });
    expect(requested[0]?.callback_url).toBe(`${api}/approvals/${big.body.approval_id}/callback`);
    expect((await events(owner, "approval.decided")).map((e) => e.status)).toEqual(["executed"]);
  });

  it("an approver cannot approve its own request, nor above its own per-transaction limit; anyone entitled may reject", async () => {
    const { owner, payee } = await trader();
    const both = await createKey(server, owner, "both", ["transfer", "approve"], { approval_threshold: "1" });
    const junior = await createKey(server, owner, "junior", ["approve"], { max_per_transaction: "10" });
    const held = await server.call<Held>(`${api}/wallet/transfer`, { key: both.key, body: { to: payee.agentId, amount: 20 } });
    expect((await decide(held.body.approval_id, "approve", both.key)).body.error?.code).toBe("cannot_decide_own_request");
    expect((await decide(held.body.approval_id, "approve", junior.key)).body.error?.code).toBe("approval_limit_exceeded");
    const rejected = await decide(held.body.approval_id, "reject", junior.key, { note: "too big" });
    expect([rejected.status, rejected.body.status, rejected.body.decided_by]).toEqual([200, "rejected", junior.id]);
    expect((await decide(held.body.approval_id, "approve", owner.apiKey)).body.error?.code).toBe("approval_already_decided");
    expect((await decide("apr_nope", "approve", owner.apiKey)).body.error?.code).toBe("approval_not_found");
    const missing = await server.call<ErrorBody>(`${api}/approvals/apr_nope`, { key: owner.apiKey });
    expect([missing.status, missing.body.error?.code]).toEqual([404, "approval_not_found"]);
    expect(await balanceStr(server, payee)).toBe("0.000000");
  });

  it("expiry moves nothing, is audited and announced, and a late approve says approval_expired", async () => {
    const { owner, payee, request } = await trader("1");
    const held = await request(2);
    // The deadline passes before the sweeper runs: the approval already reads as expired.
    await server.server.platform.store.write((tx) =>
      tx.run("UPDATE approvals SET expires_at = ? WHERE id = ?", [Date.now() - 1, held.body.approval_id]),
    );
    const early = await decide(held.body.approval_id, "approve", owner.apiKey);
    expect([early.status, early.body.error?.code]).toEqual([409, "approval_expired"]);
    const inbox = await server.call<{ approvals: unknown[] }>(`${api}/approvals?status=pending`, { key: owner.apiKey });
    expect(inbox.body.approvals).toEqual([]);
    // The sweeper (run here rather than waited for) marks it; it may have done so already by itself.
    await server.server.platform.store.write((tx) => expireApprovals(tx));
    expect((await decide(held.body.approval_id, "approve", owner.apiKey)).body.error?.code).toBe("approval_expired");
    expect((await decide(held.body.approval_id, "reject", owner.apiKey)).body.error?.code).toBe("approval_expired");
    expect(await balanceStr(server, payee)).toBe("0.000000");
    const audit = await server.call<{ entries: Array<{ ref: string }> }>(`${api}/audit?decision=expired`, { key: owner.apiKey });
    expect(audit.body.entries.map((e) => e.ref)).toEqual([held.body.approval_id]);
    expect((await events(owner, "approval.decided")).map((e) => e.status)).toEqual(["expired"]);
  });

  it("an approved request is re-checked when it runs: a failure settles it as failed and moves nothing", async () => {
    const { owner, payee, request } = await trader("1");
    const held = await request(90);
    await server.call(`${api}/wallet/transfer`, { key: owner.apiKey, body: { to: payee.agentId, amount: 50 } });
    const approved = await decide(held.body.approval_id, "approve", owner.apiKey);
    expect([approved.status, approved.body.status, approved.body.result?.status]).toEqual([200, "failed", 422]);
    expect(await balanceStr(server, payee)).toBe("50.000000");
    expect(await server.server.platform.store.read(checkInvariants)).toMatchObject({ ok: true });
  });

  it("another agent's keys can neither see nor decide an agent's approvals and proposals", async () => {
    const { owner, payee, request } = await trader("1");
    const held = await request(2);
    const proposal = await server.call<{ proposal_id: string }>(`${api}/proposals`, {
      key: owner.apiKey,
      body: { operation: "wallet.transfer", request: { to: payee.agentId, amount: 1 }, rationale: "x" },
    });
    const stranger = await registerAgent(server);
    const as = (path: string, method = "POST") => server.call<ErrorBody>(`${api}${path}`, { method, key: stranger.apiKey });
    for (const [path, method, code] of [
      [`/approvals/${held.body.approval_id}`, "GET", "approval_not_found"],
      [`/approvals/${held.body.approval_id}/approve`, "POST", "approval_not_found"],
      [`/proposals/${proposal.body.proposal_id}`, "GET", "proposal_not_found"],
      [`/proposals/${proposal.body.proposal_id}/approve`, "POST", "proposal_not_found"],
      [`/proposals/${proposal.body.proposal_id}/execute`, "POST", "proposal_not_found"],
    ] as const) {
      const response = await as(path, method);
      expect([path, response.status, response.body.error?.code]).toEqual([path, 404, code]);
    }
    const inbox = await server.call<{ approvals: unknown[] }>(`${api}/approvals`, { key: stranger.apiKey });
    expect(inbox.body.approvals).toEqual([]);
    expect(await balanceStr(server, payee)).toBe("0.000000");
  });

  it("a key can have at most 100 requests waiting", async () => {
    const { request } = await trader("0.000001");
    const responses = await Promise.all(Array.from({ length: 101 }, () => request(1)));
    expect(responses.filter((r) => r.status === 202)).toHaveLength(100);
    const refused = responses.find((r) => r.status !== 202);
    expect([refused?.status, refused?.body.error?.code]).toEqual([429, "pending_approvals_limit_reached"]);
  });
});
