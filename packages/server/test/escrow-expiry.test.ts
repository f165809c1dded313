import { checkInvariants } from "@purpleflea/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expireEscrows } from "../src/escrow/sweeper.ts";
import { createTestDatabase } from "../src/testing.ts";
import { type ChildServer, CLI, spawnServer } from "./child-server.ts";
import { escrowPost, expectLedgerBalanced, openEscrow, transferCount, usdcMicro } from "./escrow-harness.ts";
import { call, fundedAgent, registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";

/** Deadlines below an hour are for tests only: ESCROW_MIN_DEADLINE_MS lets a deadline be 1 second. */
const ONE_SECOND = { ESCROW_MIN_DEADLINE_MS: "1000", FAUCET_AMOUNT: "100" };
const POLL_LIMIT_MS = 30_000;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - start > POLL_LIMIT_MS) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const waitPast = async (deadline: string) => {
  const ms = Date.parse(deadline) - Date.now() + 20;
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
};

describe("escrow expiry by the running server's sweeper", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ...ONE_SECOND, ESCROW_SWEEP_INTERVAL_MS: "100" });
  });
  afterAll(() => server.stop());

  it.each([
    ["funded, on_expiry refund (the default)", {}, null, "refund", 0n],
    ["funded, on_expiry release", { on_expiry: "release" }, null, "release", 9_900_000n],
    ["delivered: released to the counterparty", {}, "complete", "release", 9_900_000n],
    ["disputed: refunded to the creator", { on_expiry: "release" }, "dispute", "refund", 0n],
  ] as const)("%s, exactly once", async (_name, extra, action, outcome, paid) => {
    const creator = await fundedAgent(server);
    const worker = await registerAgent(server);
    // One second, or two when an action must land first on a busy machine.
    const id = await openEscrow(server, creator, worker, { deadline: action ? 2 : 1, ...extra });
    if (action) expect((await escrowPost(server, worker, action, { escrow_id: id })).status).toBe(200);
    const escrow = await until(
      () => server.call<{ status: string; outcome: string }>(`/api/v1/escrow/${id}`, { key: creator.apiKey }),
      (r) => r.body.status === "expired",
    );
    expect(escrow.body).toMatchObject({ status: "expired", outcome });
    expect(await usdcMicro(server, worker.agentId)).toBe(paid);
    expect(await usdcMicro(server, creator.agentId)).toBe(outcome === "refund" ? 100_000_000n : 90_000_000n);
    // Sweeping again, even far in the future, finds nothing left to do for it.
    await server.server.platform.store.write((tx) => expireEscrows(tx, Date.now() + 86_400_000));
    const events = await server.server.platform.store.read((tx) =>
      tx.all("SELECT agent_id FROM events WHERE type = 'escrow.expired' AND data LIKE ?", [`%${id}%`]),
    );
    expect(events).toHaveLength(2);
    const again = await escrowPost(server, creator, "release", { escrow_id: id });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("invalid_escrow_transition");
    await expectLedgerBalanced(server);
  });
});

describe("escrow expiry when the sweeper has not run yet", () => {
  let server: TestServer;
  let creator: TestAgent;
  let worker: TestAgent;
  beforeAll(async () => {
    server = await startTestServer({ ...ONE_SECOND, ESCROW_SWEEP_INTERVAL_MS: "3600000" });
    creator = await fundedAgent(server);
    worker = await registerAgent(server);
  });
  afterAll(() => server.stop());

  it("refuses actions after the deadline; racing sweeps settle it once", async () => {
    const created = await escrowPost(server, creator, "create", {
      counterparty: worker.agentId,
      amount: 10,
      condition: "in time",
      deadline: 1,
      on_expiry: "release",
    });
    await waitPast(created.body.deadline);
    const before = await transferCount(server);
    for (const [agent, action] of [
      [creator, "release"],
      [worker, "complete"],
      [worker, "refund"],
    ] as const) {
      const late = await escrowPost(server, agent, action, { escrow_id: created.body.escrow_id });
      expect(late.status).toBe(409);
      expect(late.body.error?.code).toBe("escrow_deadline_passed");
    }
    expect(await transferCount(server)).toBe(before);

    const sweeps = await Promise.all(
      Array.from({ length: 5 }, () => server.server.platform.store.write((tx) => expireEscrows(tx))),
    );
    expect(sweeps.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await usdcMicro(server, worker.agentId)).toBe(9_900_000n);
    await expectLedgerBalanced(server);
  });
});

describe("escrow expiry across a kill -9 and restart", () => {
  const database = createTestDatabase();
  const children: ChildServer[] = [];
  const start = async (sweepMs: string) => {
    const env = { ...ONE_SECOND, ...(await database).settings, LOG_LEVEL: "warn", ESCROW_SWEEP_INTERVAL_MS: sweepMs };
    const child = await spawnServer("node", [...CLI, "serve", "--port", "0"], env);
    children.push(child);
    return child;
  };
  afterAll(async () => {
    for (const child of children) {
      if (child.child.exitCode === null && child.child.signalCode === null) child.kill("SIGKILL");
      await child.exited;
    }
    await (await database).drop();
  });

  it("the restarted server's sweeper settles the escrow the dead one held, exactly once", async () => {
    // The first server never sweeps, so only the restarted one can settle the escrow.
    const first = await start("3600000");
    const register = async (username: string) => {
      const r = await call<{ agent_id: string; api_key: string }>(first.url, "/api/v1/auth/register", { body: { username } });
      await call(first.url, "/api/v1/faucet/claim", { method: "POST", key: r.body.api_key });
      return { id: r.body.agent_id, key: r.body.api_key };
    };
    const [creator, worker] = [await register("restart-creator"), await register("restart-worker")];
    const created = await call<{ escrow_id: string; deadline: string }>(first.url, "/api/v1/escrow/create", {
      key: creator.key,
      body: { counterparty: worker.id, amount: 50, condition: "survive a crash", deadline: 1, on_expiry: "release" },
    });
    expect(created.status).toBe(201);
    first.kill("SIGKILL");
    await first.exited;
    await waitPast(created.body.deadline);

    const second = await start("100");
    const escrow = await until(
      () => call<{ status: string }>(second.url, `/api/v1/escrow/${created.body.escrow_id}`, { key: worker.key }),
      (r) => r.body.status === "expired",
    );
    expect(escrow.body).toMatchObject({ status: "expired", outcome: "release", net_amount_str: "49.500000" });
    const store = await (await database).openStore();
    try {
      const moves = await store.read((tx) =>
        tx.all<{ kind: string; status: string }>("SELECT kind, status FROM ledger_transfers WHERE ref = ? ORDER BY seq", [
          created.body.escrow_id,
        ]),
      );
      expect(moves).toEqual([
        { kind: "escrow_hold", status: "posted" },
        { kind: "escrow_release", status: "posted" },
        { kind: "escrow_fee", status: "posted" },
      ]);
      const expired = await store.read((tx) =>
        tx.all("SELECT 1 FROM events WHERE type = 'escrow.expired' AND agent_id = ?", [worker.id]),
      );
      expect(expired).toHaveLength(1);
      expect((await store.read(checkInvariants)).violations).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
