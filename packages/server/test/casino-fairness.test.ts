import { type BetResponse, settleFairBet } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";

let server: TestServer;
let agent: TestAgent;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "1000" });
  agent = await fundedAgent(server);
});
afterAll(() => server.stop());

const GAMES: Array<[string, string]> = [
  ["coinflip", "tails"],
  ["dice", "under_33.33"],
  ["roulette", "column_2"],
  ["crash", "1.5x"],
];

describe("provable fairness over 1,000 bets", () => {
  const bets: BetResponse[] = [];
  let commitment = "";

  it("places 1,000 bets under one committed seed", async () => {
    const seeds = await server.call<{ server_seed_hash: string; nonce: number }>("/api/v1/casino/seeds", { key: agent.apiKey });
    commitment = seeds.body.server_seed_hash;
    for (let i = 0; i < 1_000; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, j) => {
          const [game, prediction] = GAMES[(i + j) % GAMES.length] ?? ["coinflip", "heads"];
          return server.call<BetResponse>("/api/v1/casino/bet", {
            key: agent.apiKey,
            body: { game, amount: 0.01, prediction, ...(i === 500 && j === 0 ? { client_seed: "switched-midway" } : {}) },
          });
        }),
      );
      for (const r of batch) expect(r.status).toBe(200);
      bets.push(...batch.map((r) => r.body));
    }
    expect(new Set(bets.map((b) => b.proof.server_seed_hash))).toEqual(new Set([commitment]));
    expect(bets.map((b) => b.proof.nonce).sort((a, b) => a - b)).toEqual(bets.map((_, i) => i));
  });

  it("refuses to verify a bet while its seed is secret", async () => {
    const response = await server.call<{ error: { code: string } }>("/api/v1/casino/verify", {
      key: agent.apiKey,
      body: { bet_id: bets[0]?.bet_id },
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("seed_not_revealed");
  });

  it("after rotation the revealed seed matches the commitment and every bet recomputes offline", async () => {
    const rotated = await server.call<{
      previous: { server_seed: string; server_seed_hash: string; bets: number };
      current: { server_seed_hash: string };
    }>("/api/v1/casino/seeds/rotate", { method: "POST", key: agent.apiKey });
    expect(rotated.status).toBe(200);
    const { server_seed, server_seed_hash, bets: count } = rotated.body.previous;
    expect(server_seed_hash).toBe(commitment);
    expect(count).toBe(1_000);
    expect(rotated.body.current.server_seed_hash).not.toBe(commitment);
    for (const b of bets) {
      const again = settleFairBet({
        serverSeed: server_seed,
        clientSeed: b.proof.client_seed,
        nonce: b.proof.nonce,
        game: b.game,
        prediction: b.prediction,
        stakeMicro: 10_000n,
        edgeBps: 50,
      });
      expect(again.serverSeedHash).toBe(commitment);
      expect([again.result, again.outcome, again.payoutMicro]).toEqual([
        b.result,
        b.outcome,
        BigInt(b.payout_str.replace(".", "")),
      ]);
    }
  });

  it("the server's verify agrees for stored bets and shows the revealed seed", async () => {
    for (const b of bets.slice(0, 20)) {
      const response = await server.call<{ matches: boolean }>("/api/v1/casino/verify", {
        key: agent.apiKey,
        body: { bet_id: b.bet_id },
      });
      expect(response.body.matches).toBe(true);
    }
    const stored = await server.call<BetResponse>(`/api/v1/casino/bets/${bets[0]?.bet_id}`, { key: agent.apiKey });
    expect(stored.body.proof.server_seed).toMatch(/^[0-9a-f]{64}$/);
  });

  it("a tampered seed or nonce does not reproduce the bets", async () => {
    const stored = await server.call<BetResponse>(`/api/v1/casino/bets/${bets[0]?.bet_id}`, { key: agent.apiKey });
    const seed = stored.body.proof.server_seed ?? "";
    const tampered = `${seed.slice(0, 63)}${seed.endsWith("0") ? "1" : "0"}`;
    const byTamperedSeed = await server.call<{ server_seed_hash: string }>("/api/v1/casino/verify", {
      key: agent.apiKey,
      body: {
        server_seed: tampered,
        client_seed: stored.body.proof.client_seed,
        nonce: 0,
        game: stored.body.game,
        prediction: stored.body.prediction,
      },
    });
    expect(byTamperedSeed.body.server_seed_hash).not.toBe(commitment);
    // Over many bets a wrong nonce reproduces far fewer results than the right one (which reproduces all).
    const floatsRight = bets.filter(
      (b) => settleFairBet({ ...offline(b, seed), nonce: b.proof.nonce }).result === b.result,
    ).length;
    const floatsWrong = bets.filter(
      (b) => settleFairBet({ ...offline(b, seed), nonce: b.proof.nonce + 1 }).result === b.result,
    ).length;
    expect(floatsRight).toBe(1_000);
    expect(floatsWrong).toBeLessThan(300);
  });
});

function offline(b: BetResponse, serverSeed: string) {
  return {
    serverSeed,
    clientSeed: b.proof.client_seed,
    game: b.game,
    prediction: b.prediction,
    stakeMicro: 10_000n,
    edgeBps: 50,
  };
}
