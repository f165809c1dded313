import { checkInvariants } from "@purpleflea/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usdcMicro } from "./escrow-harness.ts";
import { balanceStr, fundedAgent, registerAgent, startTestServer, type TestServer } from "./harness.ts";
import { api, createKey, type ErrorBody } from "./policy-harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "100" });
});
afterAll(() => server.stop());

const burst = <T>(n: number, call: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => call(i)));

describe("acceptance 2: limits hold under 100 concurrent requests, to the micro-unit", () => {
  it("daily limit: 99 of 100 concurrent 0.010001 transfers fit under 1.000000; the exact rest still fits, one micro more does not", async () => {
    const owner = await fundedAgent(server);
    const payee = await registerAgent(server);
    const spender = await createKey(server, owner, "spender", ["transfer"], { max_per_day: "1" });
    const send = (amount: string) =>
      server.call<ErrorBody>(`${api}/wallet/transfer`, { key: spender.key, body: { to: payee.agentId, amount } });
    const responses = await burst(100, () => send("0.010001"));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(99);
    for (const r of responses.filter((r) => r.status !== 200)) {
      expect([r.status, r.body.error?.code, r.body.error?.details?.rule]).toEqual([403, "policy_violation", "max_per_day"]);
    }
    expect(await usdcMicro(server, payee.agentId)).toBe(990_099n);
    const [rest, oneMore] = await Promise.all([send("0.009901"), send("0.000001")]);
    expect([rest?.status, oneMore?.status].sort()).toEqual([200, 403]);
    expect(await usdcMicro(server, payee.agentId)).toBeLessThanOrEqual(1_000_000n);
    expect(await usdcMicro(server, owner.agentId)).toBe(100_000_000n - (await usdcMicro(server, payee.agentId)));
  });

  it("per-transaction limit: every request at the limit passes, every one a micro-unit above is refused", async () => {
    const owner = await fundedAgent(server);
    const payee = await registerAgent(server);
    const spender = await createKey(server, owner, "spender", ["transfer"], { max_per_transaction: "0.5" });
    const responses = await burst(100, (i) =>
      server.call<ErrorBody>(`${api}/wallet/transfer`, {
        key: spender.key,
        body: { to: payee.agentId, amount: i % 2 ? "0.5" : "0.500001" },
      }),
    );
    expect(
      responses.filter((r, i) => (i % 2 ? r.status === 200 : r.body.error?.details?.rule === "max_per_transaction")),
    ).toHaveLength(100);
    expect(await balanceStr(server, payee)).toBe("25.000000");
  });

  it("an agent-wide daily limit holds across keys, on top of each key's own per-transaction limit", async () => {
    const owner = await fundedAgent(server);
    await server.call(`${api}/policy`, { key: owner.apiKey, body: { policy: { max_per_day: "5" } } });
    const a = await createKey(server, owner, "a", ["bet"], { max_per_transaction: "0.50" });
    const b = await createKey(server, owner, "b", ["bet"], { max_per_transaction: "0.50" });
    const responses = await burst(100, (i) =>
      server.call<ErrorBody & { amount_str?: string }>(`${api}/casino/bet`, {
        key: i % 2 ? a.key : b.key,
        body: { game: "dice", amount: i % 3 === 0 ? "0.51" : "0.25", prediction: "under_50" },
      }),
    );
    const accepted = responses.filter((r) => r.status === 200);
    expect(accepted.every((r) => r.body.amount_str === "0.250000")).toBe(true);
    expect(accepted).toHaveLength(20);
    const rules = new Set(responses.filter((r) => r.status !== 200).map((r) => r.body.error?.details?.rule));
    expect(rules).toEqual(new Set(["max_per_transaction", "max_per_day"]));
    const policy = await server.call<{ policy: { max_per_day_str: string } }>(`${api}/policy`, { key: a.key });
    expect(policy.body.policy.max_per_day_str).toBe("5.000000");
    await server.call(`${api}/policy`, { key: owner.apiKey, body: { policy: null } });
    expect((await server.call<{ policy: null }>(`${api}/policy`, { key: a.key })).body.policy).toBeNull();
  });

  it("allowed games and counterparties, and a share of the balance", async () => {
    const owner = await fundedAgent(server);
    const friend = await registerAgent(server);
    const stranger = await registerAgent(server);
    const key = await createKey(server, owner, "narrow", ["bet", "transfer"], {
      allowed_games: ["dice"],
      allowed_counterparties: [friend.username],
      max_share_of_balance_bps: 500,
    });
    const rule = async (path: string, body: unknown) =>
      (await server.call<ErrorBody>(`${api}${path}`, { key: key.key, body })).body.error?.details?.rule ?? "ok";
    expect(await rule("/casino/bet", { game: "coinflip", amount: 1, prediction: "heads" })).toBe("allowed_games");
    expect(await rule("/casino/bet", { game: "dice", amount: "5.000001", prediction: "over_50" })).toBe(
      "max_share_of_balance_bps",
    );
    expect(await rule("/wallet/transfer", { to: stranger.agentId, amount: 1 })).toBe("allowed_counterparties");
    expect(await rule("/wallet/transfer", { to: friend.agentId, amount: 1 })).toBe("ok");
    expect(await rule("/wallet/transfer", { to: friend.agentId, amount: "4.95" })).toBe("ok");
    expect(await balanceStr(server, stranger)).toBe("0.000000");
    expect(await server.server.platform.store.read(checkInvariants)).toMatchObject({ ok: true });
  });
  it("a username cannot be another agent's id, so allowed_counterparties by id cannot be impersonated", async () => {
    const owner = await fundedAgent(server);
    const friend = await registerAgent(server);
    const key = await createKey(server, owner, "by-id", ["transfer"], { allowed_counterparties: [friend.agentId] });
    // An impostor named after the friend's id would pass the rule (it matches ids or usernames) and
    // make the id ambiguous wherever an agent is named by id or username.
    for (const username of [friend.agentId, friend.agentId.toUpperCase()]) {
      const impostor = await server.call<ErrorBody & { agent_id?: string }>(`${api}/auth/register`, { body: { username } });
      expect([impostor.status, impostor.body.error?.details?.field]).toEqual([400, "username"]);
      const paid = await server.call<ErrorBody>(`${api}/wallet/transfer`, {
        key: key.key,
        body: { to: impostor.body.agent_id ?? "nobody", amount: 1 },
      });
      expect(paid.status).not.toBe(200);
    }
    const paid = await server.call<{ to: string }>(`${api}/wallet/transfer`, {
      key: key.key,
      body: { to: friend.agentId, amount: 1 },
    });
    expect(paid.body.to).toBe(friend.agentId);
    expect(await balanceStr(server, friend)).toBe("1.000000");
  });
});
