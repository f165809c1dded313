import { checkInvariants } from "@purpleflea/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { type RunningServer, startServer } from "../src/server.ts";
import { createTestDatabase, LIMITS_OFF, type TestDatabase } from "../src/testing.ts";
import { call, registerAgent, type TestServer } from "./harness.ts";
import { createWebhook, LOCAL_RECEIVERS, startReceiver, waitFor } from "./webhook-harness.ts";

/**
 * Three API nodes on one PostgreSQL database, each a server of its own (own pool, own caches, own
 * background jobs), as a load balancer would spread them. SQLite has one writer process, so these
 * run on PostgreSQL only.
 */
const KEY_TTL_MS = 300;
const settings = {
  ...LIMITS_OFF,
  LOG_LEVEL: "silent",
  PORT: "0",
  FAUCET_AMOUNT: "100",
  KEY_CACHE_TTL_MS: String(KEY_TTL_MS),
  WEBHOOK_POLL_INTERVAL_MS: "20",
  ESCROW_MIN_DEADLINE_MS: "1000",
  ESCROW_SWEEP_INTERVAL_MS: "50",
  ...LOCAL_RECEIVERS,
};

let database: TestDatabase;
const nodes: TestServer[] = [];

describe.runIf(process.env.PF_TEST_ENGINE === "postgres")("three API nodes on one PostgreSQL", () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 3; i++) nodes.push(asTestServer(await startServer(loadConfig({ ...settings, ...database.settings }))));
  });
  afterAll(async () => {
    for (const node of nodes) await node.stop();
    await database.drop();
  });

  const node = (i: number) => nodes[i % nodes.length] as TestServer;

  it("registers on node 1, bets on node 2, reads the balance on node 3, with the seed's answers", async () => {
    const agent = await registerAgent(node(0), "seed-flow");
    const claim = await node(1).call<{ amount: number; new_balance: number }>("/api/v1/faucet/claim", {
      method: "POST",
      key: agent.apiKey,
    });
    expect(claim.body).toMatchObject({ amount: 100, new_balance: 100 });
    const bet = await node(1).call<Record<string, unknown>>("/api/v1/casino/bet", {
      key: agent.apiKey,
      body: { game: "coinflip", amount: 1, prediction: "heads" },
    });
    expect(bet.status).toBe(200);
    expect(Object.keys(bet.body)).toEqual(expect.arrayContaining(["outcome", "payout", "new_balance", "bet_id", "proof"]));
    const balance = await node(2).call<{ balance: number }>("/api/v1/wallet/balance", { key: agent.apiKey });
    expect(balance.body.balance).toBe(bet.body.new_balance);
    await node(0).call("/api/v1/casino/seeds/rotate", { method: "POST", key: agent.apiKey });
    const verified = await node(2).call<{ matches: boolean }>("/api/v1/casino/verify", {
      key: agent.apiKey,
      body: { bet_id: bet.body.bet_id },
    });
    expect(verified.body.matches).toBe(true);
  });

  it("a key revoked on one node stops working on every node within KEY_CACHE_TTL_MS", async () => {
    const owner = await registerAgent(node(0), "revoker");
    const made = await node(0).call<{ key_id: string; api_key: string }>("/api/v1/keys", {
      key: owner.apiKey,
      body: { name: "short-lived", scopes: ["read"] },
    });
    expect(made.status).toBe(201);
    // Node 2 has looked the key up, so it is in node 2's cache when node 1 revokes it.
    expect((await node(1).call("/api/v1/wallet/balance", { key: made.body.api_key })).status).toBe(200);
    expect((await node(0).call(`/api/v1/keys/${made.body.key_id}`, { method: "DELETE", key: owner.apiKey })).status).toBe(200);
    expect((await node(0).call("/api/v1/wallet/balance", { key: made.body.api_key })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, KEY_TTL_MS + 50));
    for (const n of nodes) expect((await n.call("/api/v1/wallet/balance", { key: made.body.api_key })).status).toBe(401);
  });

  it("events raised on all three nodes reach a webhook once each: none skipped, none twice", async () => {
    const receiver = await startReceiver();
    try {
      const agent = await registerAgent(node(0), "hooked");
      await node(0).call("/api/v1/faucet/claim", { method: "POST", key: agent.apiKey });
      await createWebhook(node(0), agent, receiver.url, ["bet.settled"]);
      const bets = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          node(i).call<{ bet_id: string }>("/api/v1/casino/bet", {
            key: agent.apiKey,
            body: { game: "dice", amount: "0.01", prediction: "over_50" },
          }),
        ),
      );
      const ids = bets.map((b) => b.body.bet_id).sort();
      await waitFor(() => receiver.events("bet.settled").length >= ids.length, "every bet.settled delivery");
      await new Promise((resolve) => setTimeout(resolve, 200));
      const delivered = receiver.events("bet.settled").map((e) => String(e.data.bet_id));
      expect(delivered.sort()).toEqual(ids);
    } finally {
      await receiver.close();
    }
  });

  it("an escrow past its deadline is settled once, though every node runs the sweeper", async () => {
    const creator = await registerAgent(node(0), "sweep-creator");
    const worker = await registerAgent(node(1), "sweep-worker");
    await node(0).call("/api/v1/faucet/claim", { method: "POST", key: creator.apiKey });
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        node(i).call<{ escrow_id: string }>("/api/v1/escrow/create", {
          key: creator.apiKey,
          body: { counterparty: worker.agentId, amount: 1, condition: "expire", deadline: 1, on_expiry: "release" },
        }),
      ),
    );
    const ids = created.map((c) => c.body.escrow_id);
    for (const id of ids) {
      await waitFor(async () => {
        const e = await node(2).call<{ status: string }>(`/api/v1/escrow/${id}`, { key: worker.apiKey });
        return e.body.status === "expired";
      }, `escrow ${id} expiring`);
    }
    const store = node(0).server.platform.store;
    const releases = await store.read((tx) =>
      tx.all<{ ref: string }>(
        "SELECT ref FROM ledger_transfers WHERE kind = 'escrow_release' AND debit_account_id LIKE 'sys:escrow%'",
      ),
    );
    expect(releases.filter((r) => ids.includes(r.ref))).toHaveLength(ids.length);
    const worker_ = await node(1).call<{ balance: number }>("/api/v1/wallet/balance", { key: worker.apiKey });
    expect(worker_.body.balance).toBe(9.9);
    expect((await store.read(checkInvariants)).violations).toEqual([]);
  });
});

function asTestServer(server: RunningServer): TestServer {
  return { url: server.url, server, call: (path, options) => call(server.url, path, options), stop: () => server.stop() };
}
