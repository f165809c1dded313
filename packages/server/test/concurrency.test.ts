import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceStr, fundedAgent, registerAgent, startTestServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe("racing spends", () => {
  it("200 parallel transfers that would overspend: exactly the affordable number succeed", async () => {
    const payer = await fundedAgent(server); // 1.000000 USDC
    const payee = await registerAgent(server);
    // 0.07 fits 14 times into 1.00 with 0.02 left over.
    const responses = await Promise.all(
      Array.from({ length: 200 }, () =>
        server.call("/api/v1/wallet/transfer", { key: payer.apiKey, body: { to: payee.agentId, amount: "0.07" } }),
      ),
    );
    const ok = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status !== 200);
    expect(ok).toHaveLength(14);
    for (const r of refused) {
      expect(r.status).toBe(422);
      expect((r.body.error as { code: string }).code).toBe("insufficient_funds");
    }
    expect(await balanceStr(server, payer)).toBe("0.020000");
    expect(await balanceStr(server, payee)).toBe("0.980000");
    const ids = new Set(ok.map((r) => r.body.transfer_id));
    expect(ids.size).toBe(14);
  });
});
