import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ESCROW_ACCOUNT } from "../src/escrow/settlement.ts";
import { accountMicro, escrowPost, expectLedgerBalanced, openEscrow, usdcMicro } from "./escrow-harness.ts";
import { fundedAgent, registerAgent, startTestServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "100" });
});
afterAll(() => server.stop());

describe("escrow under concurrency", () => {
  it("release and refund racing on one escrow: exactly one wins, every other call gets 409", async () => {
    const creator = await fundedAgent(server);
    const worker = await registerAgent(server);
    const ids = await Promise.all(Array.from({ length: 8 }, () => openEscrow(server, creator, worker)));
    const calls = ids.flatMap((id) =>
      Array.from({ length: 5 }, () => [
        escrowPost(server, creator, "release", { escrow_id: id }),
        escrowPost(server, worker, "refund", { escrow_id: id }),
      ]).flat(),
    );
    const responses = await Promise.all(calls);
    let released = 0;
    for (const id of ids) {
      const mine = responses.filter((r) => r.body.escrow_id === id || r.body.error?.details?.escrow_id === id);
      expect(mine).toHaveLength(10);
      const winners = mine.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      for (const loser of mine.filter((r) => r.status !== 200)) {
        expect(loser.status).toBe(409);
        expect(loser.body.error?.code).toBe("invalid_escrow_transition");
      }
      if (winners[0]?.body.status === "released") released++;
    }
    expect(responses).toHaveLength(ids.length * 10);
    expect(await usdcMicro(server, worker.agentId)).toBe(BigInt(released) * 9_900_000n);
    expect(await usdcMicro(server, creator.agentId)).toBe(100_000_000n - BigInt(released) * 10_000_000n);
    expect(await accountMicro(server, ESCROW_ACCOUNT)).toBe(0n);
    await expectLedgerBalanced(server);
  });

  it("parallel creates can never lock more than the balance", async () => {
    const creator = await fundedAgent(server);
    const worker = await registerAgent(server);
    const body = { counterparty: worker.agentId, amount: "7", condition: "race" };
    const responses = await Promise.all(Array.from({ length: 40 }, () => escrowPost(server, creator, "create", body)));
    // 7 fits 14 times into 100 with 2 left over.
    expect(responses.filter((r) => r.status === 201)).toHaveLength(14);
    for (const r of responses.filter((r) => r.status !== 201)) expect(r.body.error?.code).toBe("insufficient_funds");
    const balance = await server.call<{ available_str: string; held_str: string }>("/api/v1/wallet/balance", {
      key: creator.apiKey,
    });
    expect(balance.body).toMatchObject({ available_str: "2.000000", held_str: "98.000000" });
    await expectLedgerBalanced(server);
  });
});
