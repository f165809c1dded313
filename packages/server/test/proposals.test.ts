import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceStr, fundedAgent, registerAgent, startTestServer, type TestServer } from "./harness.ts";
import { api, createKey, type ErrorBody } from "./policy-harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "100" });
});
afterAll(() => server.stop());

type ProposalBody = ErrorBody & {
  proposal_id: string;
  status: string;
  executed_by: string | null;
  result: { status: number } | null;
};

async function team() {
  const owner = await fundedAgent(server);
  const payee = await registerAgent(server);
  const analyst = await createKey(server, owner, "analyst", ["read"]);
  const risk = await createKey(server, owner, "risk", ["approve"]);
  // Only the money scope: reading is implied, so an executor needs nothing else.
  const executor = await createKey(server, owner, "executor", ["transfer"], { require_approved_proposal: true });
  const propose = (request: unknown, operation = "wallet.transfer") =>
    server.call<ProposalBody>(`${api}/proposals`, {
      key: analyst.key,
      body: { operation, request, rationale: "pay the data feed" },
    });
  const act = (id: string, verb: string, key: string, body?: unknown) =>
    server.call<ProposalBody>(`${api}/proposals/${id}/${verb}`, { method: "POST", key, ...(body ? { body } : {}) });
  return { owner, payee, analyst, risk, executor, propose, act };
}

describe("acceptance 4: analyst proposes, risk approves, executor executes once", () => {
  it("the whole flow, with every refusal on the way", async () => {
    const { payee, analyst, risk, executor, propose, act } = await team();
    const direct = await server.call<ErrorBody>(`${api}/wallet/transfer`, {
      key: executor.key,
      body: { to: payee.agentId, amount: 3 },
    });
    expect([direct.status, direct.body.error?.code]).toEqual([403, "proposal_required"]);
    const proposal = await propose({ to: payee.agentId, amount: "3" });
    expect([proposal.status, proposal.body.status]).toEqual([201, "proposed"]);
    const id = proposal.body.proposal_id;
    const early = await act(id, "execute", executor.key);
    expect([early.status, early.body.error?.code]).toEqual([409, "proposal_not_approved"]);
    expect((await act(id, "approve", analyst.key)).body.error?.code).toBe("insufficient_scope");
    expect((await act(id, "approve", risk.key, { note: "ok" })).body.status).toBe("approved");
    expect((await act(id, "approve", risk.key)).body.error?.code).toBe("proposal_already_decided");
    const runs = await Promise.all(Array.from({ length: 5 }, () => act(id, "execute", executor.key)));
    expect(runs.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of runs.filter((r) => r.status !== 200)) {
      expect([r.status, r.body.error?.code]).toEqual([409, "proposal_already_executed"]);
    }
    const again = await act(id, "execute", executor.key);
    expect([again.status, again.body.error?.code]).toEqual([409, "proposal_already_executed"]);
    const done = await server.call<ProposalBody>(`${api}/proposals/${id}`, { key: analyst.key });
    expect([done.body.status, done.body.executed_by, done.body.result?.status]).toEqual(["executed", executor.id, 200]);
    expect(await balanceStr(server, payee)).toBe("3.000000");
  });

  it("a key cannot approve its own proposal; a rejected one never runs", async () => {
    const { owner, payee, executor, act } = await team();
    const both = await createKey(server, owner, "both", ["approve"]);
    const mine = await server.call<ProposalBody>(`${api}/proposals`, {
      key: both.key,
      body: { operation: "wallet.transfer", request: { to: payee.agentId, amount: 1 }, rationale: "x" },
    });
    expect((await act(mine.body.proposal_id, "approve", both.key)).body.error?.code).toBe("cannot_decide_own_request");
    expect((await act(mine.body.proposal_id, "reject", owner.apiKey)).body.status).toBe("rejected");
    expect((await act(mine.body.proposal_id, "execute", executor.key)).body.error?.code).toBe("proposal_not_approved");
    expect(await balanceStr(server, payee)).toBe("0.000000");
  });

  it("an executor refused by its own scope or limit leaves the proposal approved for one that may run it", async () => {
    const { owner, payee, risk, executor, propose, act } = await team();
    const better = await createKey(server, owner, "better", ["bet"]);
    const small = await createKey(server, owner, "small", ["transfer"], { max_per_transaction: "1" });
    const proposal = await propose({ to: payee.agentId, amount: 2 });
    const id = proposal.body.proposal_id;
    await act(id, "approve", risk.key);
    expect((await act(id, "execute", better.key)).body.error).toMatchObject({ code: "insufficient_scope" });
    expect((await act(id, "execute", small.key)).body.error).toMatchObject({ details: { rule: "max_per_transaction" } });
    expect(await balanceStr(server, payee)).toBe("0.000000");
    expect((await act(id, "execute", executor.key)).body.status).toBe("executed");
    expect(await balanceStr(server, payee)).toBe("2.000000");
  });

  it("an Idempotency-Key used on one proposal is not replayed for another: the path is part of the request", async () => {
    const { payee, risk, executor, propose, act } = await team();
    const ids: string[] = [];
    for (const amount of [1, 2]) {
      const proposal = await propose({ to: payee.agentId, amount });
      await act(proposal.body.proposal_id, "approve", risk.key);
      ids.push(proposal.body.proposal_id);
    }
    const run = (id: string | undefined) =>
      server.call<ProposalBody>(`${api}/proposals/${id}/execute`, {
        method: "POST",
        key: executor.key,
        headers: { "idempotency-key": "run-it" },
      });
    expect((await run(ids[0])).body).toMatchObject({ proposal_id: ids[0], status: "executed" });
    const other = await run(ids[1]);
    expect([other.status, other.body.error?.code]).toEqual([409, "idempotency_key_reused"]);
    const replay = await run(ids[0]);
    expect([replay.status, replay.headers.get("idempotent-replayed"), replay.body.proposal_id]).toEqual([200, "true", ids[0]]);
    const second = await server.call<ProposalBody>(`${api}/proposals/${ids[1]}`, { key: executor.key });
    expect(second.body.status).toBe("approved");
    expect(await balanceStr(server, payee)).toBe("1.000000");
  });

  it("refuses proposals for unknown operations or with invalid requests, and unknown ids", async () => {
    const { owner, payee, propose, act } = await team();
    expect((await propose({}, "wallet.balance")).body.error?.code).toBe("unknown_operation");
    expect((await propose({ game: "dice" }, "casino.bet")).body.error?.details?.field).toBe("request.amount");
    expect((await propose({ to: payee.agentId, amount: "0.0000001" })).body.error?.code).toBe("invalid_request");
    for (const verb of ["approve", "reject", "execute"]) {
      expect((await act("prp_nope", verb, owner.apiKey)).body.error?.code).toBe("proposal_not_found");
    }
    const missing = await server.call<ErrorBody>(`${api}/proposals/prp_nope`, { key: owner.apiKey });
    expect([missing.status, missing.body.error?.code]).toEqual([404, "proposal_not_found"]);
    const list = await server.call<{ proposals: unknown[] }>(`${api}/proposals?status=proposed`, { key: owner.apiKey });
    expect(list.status).toBe(200);
  });
});
