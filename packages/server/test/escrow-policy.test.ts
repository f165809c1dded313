import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escrowPost, openEscrow, transferCount, usdcMicro } from "./escrow-harness.ts";
import { fundedAgent, registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";
import { createKey, type ErrorBody } from "./policy-harness.ts";

let server: TestServer;
let owner: TestAgent;
let worker: TestAgent;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "100" });
  owner = await fundedAgent(server);
  worker = await registerAgent(server);
});
afterAll(() => server.stop());

const as = (key: string): TestAgent => ({ ...owner, apiKey: key });

describe("escrow behind the risk gate", () => {
  it.each([
    [["read"], undefined, 403, "insufficient_scope"],
    [["escrow"], { max_per_transaction: "5" }, 403, "policy_violation"],
    [["escrow"], { allowed_counterparties: ["someone-else"] }, 403, "policy_violation"],
  ])("a key with %j and policy %j cannot create a 10 USDC escrow", async (scopes, policy, status, code) => {
    const key = await createKey(server, owner, `k-${code}-${Math.random()}`, scopes, policy);
    const before = await transferCount(server);
    const response = await escrowPost(server, as(key.key), "create", {
      counterparty: worker.agentId,
      amount: 10,
      condition: "x",
    });
    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(code);
    expect(await transferCount(server)).toBe(before);
  });

  it("above the approval threshold, create and release each wait for a human, then run once", async () => {
    const bot = await createKey(server, owner, "bot", ["escrow", "read"], { approval_threshold: "5" });
    const held = await escrowPost(server, as(bot.key), "create", { counterparty: worker.agentId, amount: 10, condition: "x" });
    expect(held.status).toBe(202);
    expect(await usdcMicro(server, owner.agentId)).toBe(100_000_000n);
    const approve = (id: unknown) =>
      server.call<{ status: string; result: { body: { escrow_id: string; status: string } } } & ErrorBody>(
        `/api/v1/approvals/${id}/approve`,
        { method: "POST", key: owner.apiKey },
      );
    const created = await approve((held.body as unknown as { approval_id: string }).approval_id);
    expect(created.body).toMatchObject({ status: "executed", result: { body: { status: "funded" } } });
    const escrowId = created.body.result.body.escrow_id;

    const release = await escrowPost(server, as(bot.key), "release", { escrow_id: escrowId });
    expect(release.status).toBe(202);
    expect(await usdcMicro(server, worker.agentId)).toBe(0n);
    const released = await approve((release.body as unknown as { approval_id: string }).approval_id);
    expect(released.body).toMatchObject({ status: "executed", result: { body: { status: "released" } } });
    expect(await usdcMicro(server, worker.agentId)).toBe(9_900_000n);
  });

  it("the daily limit counts an escrow once, when it is created, not again when it is released", async () => {
    const bot = await createKey(server, owner, "daily", ["escrow", "read"], { max_per_day: "10" });
    const create = (amount: string) =>
      escrowPost(server, as(bot.key), "create", { counterparty: worker.agentId, amount, condition: "x" });
    const first = await create("8");
    expect(first.status).toBe(201);
    const release = await escrowPost(server, as(bot.key), "release", { escrow_id: first.body.escrow_id });
    expect(release.status).toBe(200);
    expect((await create("2.000001")).body.error?.details?.rule).toBe("max_per_day");
    expect((await create("2")).status).toBe(201);
  });

  it("an outsider's release is not evaluated against the escrow's amount, and answers 404", async () => {
    const escrowId = await openEscrow(server, owner, worker, { amount: 1 });
    const outsider = await fundedAgent(server);
    const strict = await createKey(server, outsider, "strict", ["escrow"], { max_per_transaction: "0.5" });
    const response = await escrowPost(server, { ...outsider, apiKey: strict.key }, "release", { escrow_id: escrowId });
    expect(response.status).toBe(404);
    expect(response.body.error?.code).toBe("escrow_not_found");
  });
});
