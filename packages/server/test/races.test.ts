import { checkInvariants } from "@purpleflea/ledger";
import { formatAmount } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelOrder } from "../src/trading/cancel-order.ts";
import { matchNow } from "../src/trading/matching-task.ts";
import { fundedAgent, registerAgent, startTestServer, type TestServer } from "./harness.ts";
import { bookAt, findStep, paperBalance, placeOrder, TEST_STEP } from "./trading-harness.ts";

/**
 * Read-then-write sites raced through the real server. SQLite runs one write unit at a time, so
 * these pass there by construction; on PostgreSQL each request is its own transaction, and each
 * of these failed before its site was made claim-first.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "100" });
});
afterAll(() => server.stop());

const api = "/api/v1";
const statuses = (responses: Array<{ status: number }>) => responses.map((r) => r.status).sort();

async function expectBalanced(): Promise<void> {
  expect((await server.server.platform.store.read(checkInvariants)).violations).toEqual([]);
}

describe("races on one row that does not exist yet", () => {
  it("one username registered ten times at once, in any case: one agent, nine username_taken", async () => {
    const name = `race-${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        server.call<{ error?: { code: string } }>(`${api}/auth/register`, {
          body: { username: i % 2 ? name.toUpperCase() : name },
        }),
      ),
    );
    expect(statuses(responses)).toEqual([201, ...Array(9).fill(409)]);
    for (const r of responses.filter((r) => r.status === 409)) expect(r.body.error?.code).toBe("username_taken");
  });

  it("faucet claims from one address at once stop exactly at the daily limit of 3", async () => {
    const limited = await startTestServer({ FAUCET_MAX_CLAIMS_PER_IP_PER_DAY: "3" });
    try {
      const agents = await Promise.all(Array.from({ length: 8 }, () => registerAgent(limited)));
      const claims = await Promise.all(agents.map((a) => limited.call(`${api}/faucet/claim`, { method: "POST", key: a.apiKey })));
      expect(statuses(claims)).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
      expect((await limited.server.platform.store.read(checkInvariants)).violations).toEqual([]);
    } finally {
      await limited.stop();
    }
  });
});

describe("races between a seed rotation and the bets on it", () => {
  it("no bet rolls on a revealed seed: every bet verifies against the seed it names", async () => {
    const agent = await fundedAgent(server);
    const bet = () =>
      server.call<{ bet_id: string; proof: { nonce: number; server_seed_hash: string } }>(`${api}/casino/bet`, {
        key: agent.apiKey,
        body: { game: "coinflip", amount: "0.01", prediction: "heads" },
      });
    const rotate = () =>
      server.call<{ previous: { server_seed_hash: string; bets: number } }>(`${api}/casino/seeds/rotate`, {
        method: "POST",
        key: agent.apiKey,
      });
    const [rotation, ...bets] = await Promise.all([rotate(), ...Array.from({ length: 20 }, bet)]);
    expect([rotation?.status, ...statuses(bets)]).toEqual([200, ...Array(20).fill(200)]);
    const previous = rotation?.body.previous;
    const onPrevious = bets.filter((b) => b.body.proof.server_seed_hash === previous?.server_seed_hash);
    // The rotation counted exactly the bets that took a nonce before it, and none came after.
    expect(onPrevious.map((b) => b.body.proof.nonce).sort((a, b) => a - b)).toEqual(
      Array.from({ length: previous?.bets ?? 0 }, (_, i) => i),
    );
    for (const b of onPrevious) {
      const check = await server.call<{ matches: boolean }>(`${api}/casino/verify`, {
        key: agent.apiKey,
        body: { bet_id: b.body.bet_id },
      });
      expect(check.body.matches).toBe(true);
    }
  });
});

describe("races on one agent's position", () => {
  it("ten sells of half a position at once: exactly two fill, and the position never goes below zero", async () => {
    server.server.platform.market.pin(TEST_STEP);
    const agent = await registerAgent(server);
    const bought = await placeOrder(server, agent, { symbol: "ETH", side: "buy", amount: "0.1" });
    expect(bought.body.error ?? bought.status).toBe(200);
    const sells = await Promise.all(
      Array.from({ length: 10 }, () => placeOrder(server, agent, { symbol: "ETH", side: "sell", amount: "0.05" })),
    );
    expect(statuses(sells)).toEqual([200, 200, ...Array(8).fill(422)]);
    for (const s of sells.filter((s) => s.status === 422)) expect(s.body.error?.code).toBe("insufficient_position");
    const positions = await server.call<{ positions: Array<{ symbol: string; amount: number }> }>(`${api}/trade/positions`, {
      key: agent.apiKey,
    });
    expect(positions.body.positions.find((p) => p.symbol === "ETH")?.amount ?? 0).toBe(0);
    await expectBalanced();
  });

  it("a cancel racing the matcher ends the order once: filled or cancelled, its hold settled once", async () => {
    server.server.platform.market.pin(TEST_STEP);
    const agent = await registerAgent(server);
    const ask = bookAt(server, "BTC").asks[0]?.priceMicro ?? 0n;
    const limit = ((ask * 9_950n) / 10_000n / 10_000n) * 10_000n;
    const placed = await placeOrder(server, agent, {
      symbol: "BTC",
      side: "buy",
      amount: "0.01",
      type: "limit",
      limit_price: formatAmount(limit),
    });
    expect(placed.body.status).toBe("open");
    const { platform } = server.server;
    platform.market.pin(findStep(server, "BTC", TEST_STEP, (book) => (book.asks[0]?.priceMicro ?? limit) <= limit));
    const cancel = platform.store
      .write((tx) => cancelOrder(tx, agent.agentId, placed.body.order_id))
      .then(
        () => "cancelled",
        (error: { code?: string }) => error.code,
      );
    const [cancelled, filled] = await Promise.all([cancel, matchNow(platform)]);
    expect(cancelled === "cancelled" ? filled : 1).toBe(cancelled === "cancelled" ? 0 : 1);
    if (cancelled !== "cancelled") expect(cancelled).toBe("order_not_cancellable");
    const paper = await paperBalance(server, agent);
    expect(paper.held).toBe(0n);
    await expectBalanced();
  });
});
