import { operations } from "@purpleflea/protocol";
import { type EphemeralServer, startEphemeralServer } from "@purpleflea/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PurpleFlea, PurpleFleaError, paginate, verifyBet } from "../src/index.ts";

let server: EphemeralServer;
beforeAll(async () => {
  server = await startEphemeralServer({ FAUCET_AMOUNT: "10" });
});
afterAll(() => server.dispose());

async function newAgent(username: string) {
  const anonymous = new PurpleFlea({ baseUrl: server.url });
  const agent = await anonymous.auth.register({ username });
  return { agent, pf: new PurpleFlea({ baseUrl: server.url, apiKey: agent.api_key }) };
}

describe("typed SDK over a real server", () => {
  it("registers, claims, bets and reads with typed methods", async () => {
    const { agent, pf } = await newAgent("sdk-agent");
    expect(agent.api_key).toMatch(/^pf_live_/);
    const claim = await pf.faucet.claim();
    expect(claim.new_balance_str).toBe("10.000000");
    const bet = await pf.casino.bet({ game: "coinflip", amount: "1", prediction: "heads" });
    expect(["win", "loss"]).toContain(bet.outcome);
    const balance = await pf.wallet.balance();
    expect(balance.balance_str).toBe(bet.new_balance_str);
  });

  it("throws PurpleFleaError with the server's code and status", async () => {
    const { pf } = await newAgent("sdk-errors");
    const error = await pf.casino.bet({ game: "dice", amount: 1, prediction: "over_50" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PurpleFleaError);
    expect(error).toMatchObject({ code: "insufficient_funds", status: 422 });
    const unauthenticated = new PurpleFlea({ baseUrl: server.url, apiKey: "pf_live_nope" });
    await expect(unauthenticated.wallet.balance()).rejects.toMatchObject({ code: "invalid_api_key", status: 401 });
  });

  it("walks every page with paginate", async () => {
    const { pf } = await newAgent("sdk-pages");
    await pf.faucet.claim();
    for (let i = 0; i < 7; i++) await pf.casino.bet({ game: "dice", amount: 0.01, prediction: "under_50" });
    const bets = [];
    for await (const bet of paginate(pf, operations.bets, { limit: 3 })) bets.push(bet);
    expect(bets).toHaveLength(7);
    expect(new Set(bets.map((b) => b.bet_id)).size).toBe(7);
  });

  it("verifies bets offline once the seed is revealed, and catches a forged one", async () => {
    const { pf } = await newAgent("sdk-verify");
    await pf.faucet.claim();
    const bet = await pf.casino.bet({ game: "roulette", amount: 0.5, prediction: "odd" });
    const { previous, current } = await pf.casino.rotateSeed({ client_seed: "sdk-chosen" });
    expect(current.client_seed).toBe("sdk-chosen");
    expect(verifyBet(bet, previous.server_seed)).toMatchObject({ matches: true, mismatch: null });
    const forged = { ...bet, outcome: bet.outcome === "win" ? ("loss" as const) : ("win" as const) };
    expect(verifyBet(forged, previous.server_seed).matches).toBe(false);
    expect(verifyBet(bet, "00".repeat(32)).mismatch).toContain("commitment");
  });
});
