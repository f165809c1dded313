import { checkInvariants } from "@purpleflea/ledger";
import { type BetResponse, betResponseSchema, toNumber } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceStr, fundedAgent, micro, registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "100", HOUSE_BANKROLL: "100000" });
});
afterAll(() => server.stop());

const bet = (agent: TestAgent, body: unknown, headers: Record<string, string> = {}) =>
  server.call<BetResponse & { error?: { code: string; details?: { field?: string } } }>("/api/v1/casino/bet", {
    key: agent.apiKey,
    body,
    headers,
  });

describe("casino: the seed's purpleflea_bet bodies", () => {
  it.each([
    ["coinflip", "heads"],
    ["dice", "over_50"],
    ["roulette", "red"],
  ])("%s %s works unchanged", async (game, prediction) => {
    const agent = await fundedAgent(server);
    const response = await bet(agent, { game, amount: 1.5, prediction });
    expect(response.status).toBe(200);
    const body = betResponseSchema.parse(response.body);
    expect(["win", "loss"]).toContain(body.outcome);
    expect(body.game).toBe(game);
    expect(body.proof.nonce).toBe(0);
    expect(body.proof.server_seed).toBeNull();
    const expected = 100_000_000n - 1_500_000n + micro(body.payout_str);
    expect(body.new_balance_str).toBe((Number(expected) / 1e6).toFixed(6));
    expect(body.new_balance).toBe(toNumber(expected));
  });
});

describe("casino: money", () => {
  it("a win pays floor(stake * multiplier), a loss keeps the stake, and house + players conserve the total", async () => {
    const agent = await fundedAgent(server);
    const before = await server.call<{ house_bankroll_str: string }>("/api/v1/casino/games", { key: agent.apiKey });
    let expected = 100_000_000n;
    for (let i = 0; i < 40; i++) {
      const response = await bet(agent, { game: "roulette", amount: "0.333333", prediction: "dozen_2" });
      expect(response.status).toBe(200);
      const stake = 333_333n;
      const payout = micro(response.body.payout_str);
      if (response.body.outcome === "win") {
        // 0.995 * 37 / 12 = 3.067916..: floor(333333 * 9950 * 37 / (10000 * 12)) micro-units.
        expect(payout).toBe((stake * 9_950n * 37n) / (10_000n * 12n));
      } else {
        expect(payout).toBe(0n);
      }
      expected += payout - stake;
      expect(micro(response.body.new_balance_str)).toBe(expected);
    }
    const after = await server.call<{ house_bankroll_str: string }>("/api/v1/casino/games", { key: agent.apiKey });
    expect(micro(after.body.house_bankroll_str) - micro(before.body.house_bankroll_str)).toBe(100_000_000n - expected);
    const report = await server.server.platform.store.read(checkInvariants);
    expect(report.violations).toEqual([]);
  });

  it.each([
    [{ game: "poker", amount: 1, prediction: "x" }, 400, "invalid_request", "game"],
    [{ game: "dice", amount: 1, prediction: "sideways" }, 400, "invalid_prediction", "prediction"],
    [{ game: "dice", amount: 1, prediction: "over_99.5" }, 400, "prediction_out_of_range", "prediction"],
    [{ game: "roulette", amount: 1, prediction: "number_40" }, 400, "prediction_out_of_range", "prediction"],
    [{ game: "crash", amount: 1, prediction: "0.5x" }, 400, "prediction_out_of_range", "prediction"],
    [{ game: "coinflip", amount: 0.009, prediction: "heads" }, 400, "bet_below_minimum", "amount"],
    [{ game: "coinflip", amount: 1001, prediction: "heads" }, 400, "bet_above_maximum", "amount"],
    [{ game: "coinflip", amount: "0.0100001", prediction: "heads" }, 400, "amount_too_precise", "amount"],
    [{ game: "coinflip", prediction: "heads" }, 400, "invalid_request", "amount"],
    [{ game: "coinflip", amount: 1 }, 400, "invalid_request", "prediction"],
    [{ game: "coinflip", amount: 100.01, prediction: "heads" }, 422, "insufficient_funds", undefined],
    [{ game: "crash", amount: 2, prediction: "1000x" }, 422, "bet_exceeds_house_limit", "amount"],
  ])("%j -> %i %s, nothing moves", async (body, status, code, field) => {
    const agent = await fundedAgent(server);
    const response = await bet(agent, body);
    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(code);
    if (field) expect(response.body.error?.details?.field).toBe(field);
    expect(await balanceStr(server, agent)).toBe("100.000000");
    const seeds = await server.call<{ nonce: number }>("/api/v1/casino/seeds", { key: agent.apiKey });
    expect(seeds.body.nonce).toBe(0);
  });

  it("refuses bets without a key", async () => {
    const response = await server.call<{ error: { code: string } }>("/api/v1/casino/bet", {
      body: { game: "dice", amount: 1, prediction: "over_50" },
    });
    expect(response.status).toBe(401);
  });
});

describe("casino: concurrency and idempotency", () => {
  it("100 parallel bets with a balance for 10: only affordable bets run, nonces unique and gap-free", async () => {
    const agent = await registerAgent(server);
    await server.call("/api/v1/wallet/transfer", {
      key: (await fundedAgent(server)).apiKey,
      body: { to: agent.agentId, amount: 1 },
    });
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => bet(agent, { game: "coinflip", amount: 0.1, prediction: "heads" })),
    );
    const accepted = responses.filter((r) => r.status === 200).map((r) => r.body);
    for (const r of responses.filter((r) => r.status !== 200)) expect(r.body.error?.code).toBe("insufficient_funds");
    const nonces = accepted.map((b) => b.proof.nonce).sort((a, b) => a - b);
    expect(nonces).toEqual(accepted.map((_, i) => i));
    // Replaying in nonce order: every accepted bet was affordable when it ran.
    let balance = 1_000_000n;
    for (const b of [...accepted].sort((x, y) => x.proof.nonce - y.proof.nonce)) {
      expect(balance).toBeGreaterThanOrEqual(100_000n);
      balance += micro(b.payout_str) - 100_000n;
    }
    expect(micro(await balanceStr(server, agent))).toBe(balance);
    if (accepted.length < 100) expect(balance).toBeLessThan(100_000n);
    if (accepted.every((b) => b.outcome === "loss")) expect(accepted).toHaveLength(10);
  });

  it("replays an Idempotency-Key: the same bet, never a second roll", async () => {
    const agent = await fundedAgent(server);
    const headers = { "idempotency-key": "bet-once" };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => bet(agent, { game: "dice", amount: 1, prediction: "under_50" }, headers)),
    );
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const list = await server.call<{ bets: unknown[] }>("/api/v1/casino/bets", { key: agent.apiKey });
    expect(list.body.bets).toHaveLength(1);
    const seeds = await server.call<{ nonce: number }>("/api/v1/casino/seeds", { key: agent.apiKey });
    expect(seeds.body.nonce).toBe(1);
  });
});
