import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { checkInvariants } from "@purpleflea/ledger";
import { operations } from "@purpleflea/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { userAccountId } from "../src/system-accounts.ts";
import { fundedAgent, registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";
import { api, createKey, type ErrorBody, paperOperations, pathOf, sampledOperations, sampleRequest } from "./policy-harness.ts";

/**
 * Acceptance 6: a "prompt-injected" agent holding a limited key tries, through every money-moving
 * route, to get past its policy: over-limit amounts, parallel bursts, Idempotency-Key tricks,
 * self-approval, proposals, scope escalation, MCP. The ledger afterwards shows nothing beyond it.
 */
const POLICY = { max_per_transaction: "1", max_per_day: "3", approval_threshold: "0.5", allowed_games: ["dice"] };
const LIMIT_MICRO = { perTransaction: 1_000_000n, perDay: 3_000_000n };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "100" });
});
afterAll(() => server.stop());

interface Scene {
  owner: TestAgent;
  ally: TestAgent;
  rogue: { key: string; id: string };
  risk: { key: string; id: string };
  /** Ledger transfers the owner made itself, not counted against the rogue key. */
  ownerTransfers: Set<string>;
}
let scene: Scene;

async function setUp(): Promise<Scene> {
  const owner = await fundedAgent(server);
  const ally = await registerAgent(server);
  const rogue = await createKey(server, owner, "rogue", ["bet", "trade", "escrow", "transfer"], {
    ...POLICY,
    allowed_counterparties: [ally.username],
  });
  const risk = await createKey(server, owner, "risk", ["approve"]);
  return { owner, ally, rogue, risk, ownerTransfers: new Set() };
}

/** A request from the rogue key to a gated operation for `amount`. */
function attempt(operation: string, amount: string, headers: Record<string, string> = {}) {
  const op = Object.values(operations).find((candidate) => candidate.id === operation);
  if (!op) throw new Error(`no operation ${operation}`);
  return server.call<ErrorBody & { status?: string; approval_id?: string }>(pathOf(op), {
    key: scene.rogue.key,
    body: sampleRequest(operation, scene.ally, amount),
    headers,
  });
}

const burst = <T>(n: number, call: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => call(i)));

afterEach(async () => {
  // Whatever was tried: every debit of the owner's account not made by the owner stays within the policy.
  const rows = await server.server.platform.store.read((tx) =>
    tx.all<{ id: string; amount: bigint }>("SELECT id, amount FROM ledger_transfers WHERE debit_account_id = ?", [
      userAccountId(scene.owner.agentId, "USDC"),
    ]),
  );
  const spent = rows.filter((row) => !scene.ownerTransfers.has(row.id)).map((row) => row.amount);
  for (const amount of spent) expect(amount).toBeLessThanOrEqual(LIMIT_MICRO.perTransaction);
  expect(spent.reduce((sum, amount) => sum + amount, 0n)).toBeLessThanOrEqual(LIMIT_MICRO.perDay);
  expect(await server.server.platform.store.read(checkInvariants)).toMatchObject({ ok: true });
});

describe("acceptance 6: a prompt-injected agent moves nothing beyond its policy", () => {
  it("over-limit amounts on every gated route, then a 100-request burst with fresh Idempotency-Keys", async () => {
    scene = await setUp();
    for (const operation of sampledOperations(server)) {
      // An order's notional buys whole lots (BTC: about 0.49 USDC each), worth up to a lot less than it.
      const amounts = paperOperations.has(operation) ? ["2", "5", "1000", "999999999"] : ["1.000001", "5", "1000", "999999999"];
      for (const amount of amounts) {
        const response = await attempt(operation, amount, { "idempotency-key": `${operation}-${amount}` });
        expect([operation, amount, response.status, response.body.error?.details?.rule]).toEqual([
          operation,
          amount,
          403,
          "max_per_transaction",
        ]);
      }
    }
    const held = await attempt("wallet.transfer", "0.9");
    expect(held.status).toBe(202);
    const gated = sampledOperations(server).filter((op) => !paperOperations.has(op));
    const responses = await burst(100, (i) => attempt(gated[i % gated.length] ?? "", "0.5", { "idempotency-key": `burst-${i}` }));
    const executed = (r: { status: number }) => r.status === 200 || r.status === 201;
    expect(responses.filter(executed)).toHaveLength(6);
    for (const r of responses.filter((r) => !executed(r))) expect(r.body.error?.details?.rule).toBe("max_per_day");
    // Approved later, the held request is checked again as it runs: the day's budget is gone.
    const late = await server.call<{ status: string; result: { body: ErrorBody } }>(
      `${api}/approvals/${held.body.approval_id}/approve`,
      { method: "POST", key: scene.owner.apiKey },
    );
    expect([late.body.status, late.body.result.body.error?.details?.rule]).toEqual(["failed", "max_per_day"]);
  });

  it("paper orders have a daily budget of their own under the same policy, held under a burst", async () => {
    scene = await setUp();
    const trader = await createKey(server, scene.owner, "paper-trader", ["trade"], { max_per_day: "30" });
    const order = (i: number) =>
      server.call<ErrorBody>(`${api}/trade/order`, {
        key: trader.key,
        body: sampleRequest("trade.order", scene.ally, "12"),
        headers: { "idempotency-key": `paper-${i}` },
      });
    const responses = await burst(20, order);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(2);
    for (const r of responses.filter((r) => r.status !== 200)) expect(r.body.error?.details?.rule).toBe("max_per_day");
  });

  it("Idempotency-Key tricks: replays, a changed amount, another key's key, and one key 50 times at once", async () => {
    scene = await setUp();
    const ownerPaid = await server.call<{ transfer_id: string }>(`${api}/wallet/transfer`, {
      key: scene.owner.apiKey,
      body: { to: scene.ally.agentId, amount: 20 },
      headers: { "idempotency-key": "owner-1" },
    });
    scene.ownerTransfers.add(ownerPaid.body.transfer_id);
    const borrowed = await server.call<ErrorBody>(`${api}/wallet/transfer`, {
      key: scene.rogue.key,
      body: { to: scene.ally.agentId, amount: 20 },
      headers: { "idempotency-key": "owner-1" },
    });
    expect([borrowed.status, borrowed.body.error?.code]).toEqual([409, "idempotency_key_reused"]);
    const once = await burst(50, () => attempt("wallet.transfer", "0.5", { "idempotency-key": "same" }));
    expect(new Set(once.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(once.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(49);
    const bigger = await attempt("wallet.transfer", "1", { "idempotency-key": "same" });
    expect(bigger.body.error?.code).toBe("idempotency_key_reused");
    const denied = await attempt("wallet.transfer", "2", { "idempotency-key": "denied-1" });
    const retried = await attempt("wallet.transfer", "2", { "idempotency-key": "denied-2" });
    expect([denied.body.error?.details?.rule, retried.body.error?.details?.rule]).toEqual([
      "max_per_transaction",
      "max_per_transaction",
    ]);
  });

  it("cannot approve its own held requests, nor get a colluding key to, nor use a forged callback", async () => {
    scene = await setUp();
    const colluder = await createKey(server, scene.owner, "colluder", ["approve", "transfer"], { max_per_transaction: "0.1" });
    const held = await attempt("wallet.transfer", "0.9");
    expect(held.status).toBe(202);
    const id = held.body.approval_id ?? "";
    const decide = (key: string) => server.call<ErrorBody>(`${api}/approvals/${id}/approve`, { method: "POST", key });
    expect((await decide(scene.rogue.key)).body.error?.code).toBe("insufficient_scope");
    expect((await decide(colluder.key)).body.error?.code).toBe("approval_limit_exceeded");
    const forged = await server.call<ErrorBody>(`${api}/approvals/${id}/callback`, {
      body: { decision: "approve", token: `whk_x.${"ab".repeat(32)}` },
    });
    expect(forged.body.error?.code).toBe("invalid_callback_token");
    const hook = await server.call<ErrorBody>(`${api}/webhooks`, {
      key: scene.rogue.key,
      body: { url: "http://127.0.0.1:1/", events: ["*"] },
    });
    expect(hook.body.error?.code).toBe("insufficient_scope");
    const floods = await burst(120, () => attempt("wallet.transfer", "0.9"));
    expect(floods.filter((r) => r.status === 202)).toHaveLength(99);
    expect(floods.filter((r) => r.body.error?.code === "pending_approvals_limit_reached")).toHaveLength(21);
  });

  it("proposals: cannot approve its own, cannot run an unapproved one, and an approved one still obeys its limits", async () => {
    scene = await setUp();
    const proposal = await server.call<{ proposal_id: string }>(`${api}/proposals`, {
      key: scene.rogue.key,
      body: { operation: "wallet.transfer", request: { to: scene.ally.agentId, amount: 50 }, rationale: "trust me" },
    });
    const id = proposal.body.proposal_id;
    const act = (verb: string, key = scene.rogue.key) =>
      server.call<ErrorBody>(`${api}/proposals/${id}/${verb}`, { method: "POST", key });
    expect((await act("approve")).body.error?.code).toBe("insufficient_scope");
    expect((await act("execute")).body.error?.code).toBe("proposal_not_approved");
    await act("approve", scene.risk.key);
    const runs = await burst(10, () => act("execute"));
    for (const run of runs) expect(run.body.error?.details?.rule).toBe("max_per_transaction");
  });

  it("cannot widen its scopes or loosen a policy, over HTTP or MCP", async () => {
    scene = await setUp();
    const ownerKey = (await server.call<{ keys: Array<{ key_id: string }> }>(`${api}/keys`, { key: scene.owner.apiKey })).body
      .keys[0];
    for (const [method, path, body] of [
      ["POST", "/keys", { name: "root", scopes: ["admin"] }],
      ["POST", "/keys", { name: "wide", scopes: ["transfer"] }],
      ["POST", "/policy", { policy: null }],
      ["POST", `/keys/${scene.rogue.id}/rotate`, undefined],
      ["DELETE", `/keys/${ownerKey?.key_id}`, undefined],
      ["GET", "/keys", undefined],
    ] as const) {
      const response = await server.call<ErrorBody>(`${api}${path}`, { method, key: scene.rogue.key, ...(body ? { body } : {}) });
      expect([method, path, response.status, response.body.error?.code]).toEqual([method, path, 403, "insufficient_scope"]);
    }
    const client = new Client({ name: "rogue", version: "1.0.0" });
    const headers = { authorization: `Bearer ${scene.rogue.key}` };
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } }));
    try {
      for (const operation of sampledOperations(server)) {
        const tool = Object.values(operations).find((op) => op.id === operation)?.tool ?? "";
        const result = await client.callTool({ name: tool, arguments: sampleRequest(operation, scene.ally, "5") });
        expect([tool, result.isError, JSON.stringify(result.structuredContent)]).toEqual([
          tool,
          true,
          expect.stringContaining("max_per_transaction"),
        ]);
      }
      const escalate = await client.callTool({ name: "create_api_key", arguments: { name: "root", scopes: ["admin"] } });
      expect(JSON.stringify(escalate.structuredContent)).toContain("insufficient_scope");
    } finally {
      await client.close();
    }
    const stranger = await registerAgent(server);
    const elsewhere = await server.call<ErrorBody>(`${api}/wallet/transfer`, {
      key: scene.rogue.key,
      body: { to: stranger.agentId, amount: "0.1" },
    });
    expect(elsewhere.body.error?.details?.rule).toBe("allowed_counterparties");
  });
});
