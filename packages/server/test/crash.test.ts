import { checkInvariants } from "@purpleflea/ledger";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, LIMITS_OFF } from "../src/testing.ts";
import { type ChildServer, CLI, spawnServer } from "./child-server.ts";
import { call } from "./harness.ts";

const database = await createTestDatabase();
const env = {
  ...database.settings,
  LOG_LEVEL: "warn",
  FAUCET_AMOUNT: "1000",
  ...LIMITS_OFF,
};
const start = () => spawnServer("node", [...CLI, "serve", "--port", "0"], env);
const AGENTS = 8;
const WORKERS = 16;
const KILL_AFTER_ACKS = 300;
const MAX_REQUESTS_PER_WORKER = 2_000;

afterAll(() => database.drop());

async function registerFunded(url: string, i: number) {
  const agent = await call<{ agent_id: string; api_key: string }>(url, "/api/v1/auth/register", {
    body: { username: `crash-${i}` },
  });
  await call(url, "/api/v1/faucet/claim", { method: "POST", key: agent.body.api_key });
  return { id: agent.body.agent_id, key: agent.body.api_key };
}

/** Fires transfers until the server dies; returns the ids of every transfer acknowledged with 2xx. */
async function loadUntilKilled(server: ChildServer, agents: Array<{ id: string; key: string }>): Promise<string[]> {
  const acked: string[] = [];
  let killed = false;
  const worker = async (w: number) => {
    for (let n = 0; n < MAX_REQUESTS_PER_WORKER && !killed; n++) {
      const from = agents[(w + n) % AGENTS];
      const to = agents[(w + n + 1) % AGENTS];
      if (!from || !to) throw new Error("agent index out of range");
      try {
        const r = await call<{ transfer_id: string }>(server.url, "/api/v1/wallet/transfer", {
          key: from.key,
          body: { to: to.id, amount: "0.000001" },
        });
        if (r.status === 200) acked.push(r.body.transfer_id);
      } catch {
        return; // connection refused or reset: the server is gone
      }
      if (acked.length >= KILL_AFTER_ACKS && !killed) {
        killed = true;
        server.kill("SIGKILL");
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  return acked;
}

describe("kill -9 under load", () => {
  it("loses no acknowledged transfer and leaves the ledger balanced", async () => {
    const first = await start();
    const agents = await Promise.all(Array.from({ length: AGENTS }, (_, i) => registerFunded(first.url, i)));
    const acked = await loadUntilKilled(first, agents);
    expect(await first.exited).toBe("SIGKILL");
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    const second = await start();
    const store = await database.openStore();
    try {
      const report = await store.read(checkInvariants);
      expect(report.violations).toEqual([]);
      const missing: string[] = [];
      for (const id of acked) {
        const row = await store.read((tx) => tx.get("SELECT 1 FROM ledger_transfers WHERE id = ? AND status = 'posted'", [id]));
        if (!row) missing.push(id);
      }
      expect(missing).toEqual([]);
    } finally {
      await store.close();
    }
    let total = 0n;
    for (const agent of agents) {
      const balance = await call<{ balance_str: string }>(second.url, "/api/v1/wallet/balance", { key: agent.key });
      total += BigInt(balance.body.balance_str.replace(".", ""));
    }
    expect(total).toBe(BigInt(AGENTS) * 1_000_000_000n);

    second.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});
