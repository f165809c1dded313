import { escrowSchema } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ESCROW_ACCOUNT } from "../src/escrow/settlement.ts";
import { systemAccounts } from "../src/system-accounts.ts";
import {
  accountMicro,
  escrowPost,
  expectLedgerBalanced,
  openEscrow,
  registerWith,
  transferCount,
  usdcMicro,
} from "./escrow-harness.ts";
import { fundedAgent, micro, registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "1000" });
});
afterAll(() => server.stop());

/** Exactly what the seed's purpleflea_escrow() sends: every field on every action. */
async function seedEscrow(key: string, action: string, counterparty: string, amount: number, escrowId: string) {
  const response = await fetch(`${server.url}/api/v1/escrow/${action}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ counterparty, amount, condition: "Deliver the market report", escrow_id: escrowId }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("escrow: the seed's purpleflea_escrow calls work unchanged", () => {
  it("create (with an empty escrow_id) then release: escrow_id, status, fee_paid, net_amount", async () => {
    const creator = await fundedAgent(server);
    const worker = await registerAgent(server);
    const created = await seedEscrow(creator.apiKey, "create", worker.agentId, 25.5, "");
    expect(created.status).toBe(201);
    const escrow = escrowSchema.parse(created.body);
    expect(escrow).toMatchObject({ status: "funded", amount: 25.5, fee_paid: 0.255, net_amount: 25.245, role: "creator" });
    expect(escrow.escrow_id).toMatch(/^esc_/);

    const released = await seedEscrow(creator.apiKey, "release", worker.agentId, 25.5, escrow.escrow_id);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ escrow_id: escrow.escrow_id, status: "released", fee_paid: 0.255, net_amount: 25.245 });
    expect(await usdcMicro(server, worker.agentId)).toBe(25_245_000n);
    expect(await usdcMicro(server, creator.agentId)).toBe(974_500_000n);
  });

  it("dispute with the seed's body (no reason) freezes the escrow", async () => {
    const creator = await fundedAgent(server);
    const worker = await registerAgent(server);
    const created = await seedEscrow(creator.apiKey, "create", worker.username, 5, "");
    const disputed = await seedEscrow(worker.apiKey, "dispute", creator.agentId, 5, String(created.body.escrow_id));
    expect(disputed.status).toBe(200);
    expect(disputed.body).toMatchObject({ status: "disputed", disputed_by: worker.agentId, dispute_reason: null });
    const refund = await escrowPost(server, creator, "refund", { escrow_id: created.body.escrow_id });
    expect(refund.status).toBe(409);
    expect(refund.body.error?.code).toBe("invalid_escrow_transition");
  });
});

describe("escrow: the README's worked example, to the micro-unit", () => {
  it("100 USDC: fee 1.00, counterparty 99.00, creator's referrer 0.15, platform 0.85", async () => {
    const referrer = await registerWith(server, "example-referrer");
    const creator = await registerWith(server, "example-creator", referrer.code);
    await server.call("/api/v1/faucet/claim", { method: "POST", key: creator.apiKey });
    const worker = await registerAgent(server);
    const feesBefore = await accountMicro(server, systemAccounts.fees);

    const id = await openEscrow(server, creator, worker, { amount: 100 });
    expect(await usdcMicro(server, creator.agentId)).toBe(1_000_000_000n); // held, not yet gone
    const released = await escrowPost(server, creator, "release", { escrow_id: id });
    expect(released.body).toMatchObject({ fee_paid_str: "1.000000", net_amount_str: "99.000000", refunded_str: "0.000000" });

    expect(await usdcMicro(server, creator.agentId)).toBe(900_000_000n);
    expect(await usdcMicro(server, worker.agentId)).toBe(99_000_000n);
    expect(await usdcMicro(server, referrer.agentId)).toBe(150_000n);
    expect((await accountMicro(server, systemAccounts.fees)) - feesBefore).toBe(850_000n);
    expect(await accountMicro(server, ESCROW_ACCOUNT)).toBe(0n);
    await expectLedgerBalanced(server);
  });
});

describe("escrow: refused requests move nothing", () => {
  let creator: TestAgent;
  let worker: TestAgent;
  beforeAll(async () => {
    creator = await fundedAgent(server);
    worker = await registerAgent(server);
  });

  const rows: Array<[string, Record<string, unknown>, number, string, string | undefined]> = [
    ["to yourself", { counterparty: "$creator" }, 400, "accounts_must_be_different", "counterparty"],
    ["to an unknown agent", { counterparty: "nobody-at-all" }, 404, "recipient_not_found", "counterparty"],
    ["a zero amount", { amount: 0 }, 400, "amount_must_be_positive", "amount"],
    ["more than the balance", { amount: "1000.000001" }, 422, "insufficient_funds", undefined],
    ["too many decimals", { amount: "1.0000001" }, 400, "amount_too_precise", "amount"],
    ["no condition", { condition: undefined }, 400, "invalid_request", "condition"],
    ["a deadline under an hour", { deadline: 60 }, 400, "escrow_deadline_out_of_range", "deadline"],
    ["a deadline over 30 days", { deadline: 31 * 86_400 }, 400, "escrow_deadline_out_of_range", "deadline"],
    ["a deadline in the past", { deadline: "2020-01-01T00:00:00Z" }, 400, "escrow_deadline_out_of_range", "deadline"],
    ["a deadline that is no time", { deadline: "tomorrow" }, 400, "invalid_request", "deadline"],
    ["an unknown on_expiry", { on_expiry: "keep" }, 400, "invalid_request", "on_expiry"],
    ["a party as arbiter", { arbiter: "$worker" }, 400, "arbiter_must_be_independent", "arbiter"],
    ["an unknown arbiter", { arbiter: "nobody-at-all" }, 404, "recipient_not_found", "arbiter"],
  ];

  it.each(rows)("%s -> %i %s", async (_name, change, status, code, field) => {
    const names: Record<string, string> = { $creator: creator.username, $worker: worker.agentId };
    const body: Record<string, unknown> = { counterparty: worker.agentId, amount: 10, condition: "deliver" };
    for (const [key, value] of Object.entries(change)) body[key] = typeof value === "string" ? (names[value] ?? value) : value;
    const before = await transferCount(server);
    const response = await escrowPost(server, creator, "create", body);
    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(code);
    if (field) expect(response.body.error?.details?.field).toBe(field);
    expect(await transferCount(server)).toBe(before);
    expect(await usdcMicro(server, creator.agentId)).toBe(1_000_000_000n);
  });

  it("refuses escrow calls without a key", async () => {
    const response = await server.call<{ error: { code: string } }>("/api/v1/escrow/create", {
      body: { counterparty: worker.agentId, amount: 1, condition: "x" },
    });
    expect(response.status).toBe(401);
  });

  it("caps the open escrows per creator", async () => {
    const capped = await startTestServer({ ESCROW_MAX_OPEN_PER_AGENT: "2" });
    try {
      const [a, b] = [await fundedAgent(capped), await registerAgent(capped)];
      const body = { counterparty: b.agentId, amount: 0.1, condition: "x" };
      for (let i = 0; i < 2; i++) expect((await escrowPost(capped, a, "create", body)).status).toBe(201);
      const third = await escrowPost(capped, a, "create", body);
      expect(third.status).toBe(429);
      expect(third.body.error?.code).toBe("open_escrow_limit_reached");
    } finally {
      await capped.stop();
    }
  });
});

describe("escrow: reading", () => {
  it("lists by role and status, pages, and shows each party its own role", async () => {
    const creator = await fundedAgent(server);
    const worker = await registerAgent(server);
    const arbiter = await registerAgent(server);
    const ids = [
      await openEscrow(server, creator, worker, { arbiter: arbiter.username }),
      await openEscrow(server, creator, worker),
      await openEscrow(server, creator, worker),
    ];
    await escrowPost(server, worker, "complete", { escrow_id: ids[0], note: "done" });
    const list = (agent: TestAgent, query: string) =>
      server.call<{ escrows: Array<{ escrow_id: string; role: string; status: string }>; next_cursor: string | null }>(
        `/api/v1/escrow${query}`,
        { key: agent.apiKey },
      );
    expect((await list(creator, "?role=creator")).body.escrows.map((e) => e.escrow_id)).toEqual([...ids].reverse());
    expect((await list(creator, "?role=counterparty")).body.escrows).toEqual([]);
    expect((await list(worker, "?status=completed")).body.escrows).toMatchObject([{ escrow_id: ids[0], role: "counterparty" }]);
    expect((await list(arbiter, "")).body.escrows).toMatchObject([{ escrow_id: ids[0], role: "arbiter" }]);
    const first = await list(creator, "?limit=2");
    expect(first.body.escrows).toHaveLength(2);
    const rest = await list(creator, `?limit=2&cursor=${first.body.next_cursor}`);
    expect(rest.body.escrows.map((e) => e.escrow_id)).toEqual([ids[0]]);
    expect(rest.body.next_cursor).toBeNull();

    const one = await server.call(`/api/v1/escrow/${ids[0]}`, { key: worker.apiKey });
    expect(one.body).toMatchObject({ status: "completed", completion_note: "done", role: "counterparty" });
  });

  it.each([
    ["?role=boss", 400, "invalid_request"],
    ["?status=open", 400, "invalid_request"],
    ["?cursor=garbage", 400, "invalid_cursor"],
    ["/esc_unknown", 404, "escrow_not_found"],
  ])("GET /escrow%s -> %i %s", async (suffix, status, code) => {
    const agent = await registerAgent(server);
    const response = await server.call<{ error: { code: string } }>(`/api/v1/escrow${suffix}`, { key: agent.apiKey });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
  });
});

describe("escrow: idempotency and notifications", () => {
  it("replays create and refund under Idempotency-Key: one escrow, one refund", async () => {
    const creator = await fundedAgent(server);
    const worker = await registerAgent(server);
    const body = { counterparty: worker.agentId, amount: 3, condition: "once" };
    const headers = { "idempotency-key": "escrow-once" };
    const responses = await Promise.all(Array.from({ length: 10 }, () => escrowPost(server, creator, "create", body, headers)));
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const id = responses[0]?.body.escrow_id;
    const refunds = await Promise.all(
      Array.from({ length: 5 }, () => escrowPost(server, worker, "refund", { escrow_id: id }, { "idempotency-key": "r1" })),
    );
    expect(refunds.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const list = await server.call<{ escrows: unknown[] }>("/api/v1/escrow", { key: creator.apiKey });
    expect(list.body.escrows).toHaveLength(1);
    expect(await usdcMicro(server, creator.agentId)).toBe(1_000_000_000n);
    const again = await escrowPost(server, worker, "refund", { escrow_id: id }, { "idempotency-key": "r1-other" });
    expect(again.status).toBe(409);
  });

  it("notifies the creator when the counterparty marks the work delivered", async () => {
    const creator = await fundedAgent(server);
    const worker = await registerAgent(server);
    const id = await openEscrow(server, creator, worker);
    await escrowPost(server, worker, "complete", { escrow_id: id, note: "report attached" });
    const events = await server.server.platform.store.read((tx) =>
      tx.all<{ type: string; data: string }>("SELECT type, data FROM events WHERE agent_id = ? ORDER BY seq", [creator.agentId]),
    );
    expect(events.map((e) => e.type)).toEqual(["escrow.created", "escrow.completed"]);
    expect(JSON.parse(events[1]?.data ?? "{}")).toMatchObject({
      escrow_id: id,
      completion_note: "report attached",
      role: "creator",
    });
  });

  it("reports the amounts settled: fee_paid and net_amount are what a release would do until then", async () => {
    const creator = await fundedAgent(server);
    const worker = await registerAgent(server);
    const id = await openEscrow(server, creator, worker, { amount: "0.000150" });
    const open = await server.call<{ fee_paid_str: string; net_amount_str: string }>(`/api/v1/escrow/${id}`, {
      key: creator.apiKey,
    });
    // 1 % of 150 micro-units is 1.5, rounded up to 2.
    expect([micro(open.body.fee_paid_str), micro(open.body.net_amount_str)]).toEqual([2n, 148n]);
    const refunded = await escrowPost(server, creator, "refund", { escrow_id: id });
    expect(refunded.body).toMatchObject({
      status: "refunded",
      fee_paid: 0,
      net_amount: 0,
      refunded_str: "0.000150",
      outcome: "refund",
    });
  });
});
