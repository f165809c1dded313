import { checkInvariants } from "@purpleflea/ledger";
import { type Operation, operations, SCOPES } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedAgent, registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";
import { api, createKey, type ErrorBody } from "./policy-harness.ts";

/**
 * Issue 14's authorization matrix, walked from the operation registry so a new route is covered the
 * day it lands: every route aimed at another agent's resources answers 404 or 403 and changes nothing
 * of theirs, no list shows them, and every route x every key scope is allowed or refused by the scope
 * the registry names.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "100", OUTBOUND_ALLOW_PRIVATE_NETWORKS: "true" });
});
afterAll(() => server.stop());

/**
 * Every operation an agent key calls with one JSON answer: operator routes refuse agent keys before
 * any scope is looked at (their own test, below), and a stream never ends (events.test.ts covers it).
 */
const all = (Object.values(operations) as Operation[]).filter((op) => !op.stream && op.principal !== "operator");
const operatorOnly = (Object.values(operations) as Operation[]).filter((op) => op.principal === "operator");
type Ids = Record<"bet" | "escrow" | "order" | "approval" | "proposal" | "key" | "webhook" | "withdrawal", string>;

async function post<T>(agentKey: string, path: string, body: unknown): Promise<T> {
  const response = await server.call<T & ErrorBody>(`${api}${path}`, { key: agentKey, body });
  if (response.status >= 300) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** One of each resource an agent can own. */
async function victimResources(victim: TestAgent, counterparty: TestAgent): Promise<Ids> {
  const key = victim.apiKey;
  const bet = await post<{ bet_id: string }>(key, "/casino/bet", { game: "coinflip", amount: "1", prediction: "heads" });
  const escrow = await post<{ escrow_id: string }>(key, "/escrow/create", {
    counterparty: counterparty.agentId,
    amount: "2",
    condition: "deliver",
  });
  const order = await post<{ order_id: string }>(key, "/trade/order", {
    symbol: "BTC",
    side: "buy",
    amount: "0.01",
    type: "limit",
    limit_price: "1000",
  });
  const held = await createKey(server, victim, "held", ["transfer"], { approval_threshold: "0.5" });
  const approval = await post<{ approval_id: string }>(held.key, "/wallet/transfer", { to: counterparty.agentId, amount: "1" });
  const proposal = await post<{ proposal_id: string }>(key, "/proposals", {
    operation: "wallet.transfer",
    request: { to: counterparty.agentId, amount: "1" },
    rationale: "pay",
  });
  const webhook = await post<{ webhook_id: string }>(key, "/webhooks", {
    url: "http://127.0.0.1:9/hook",
    events: ["bet.settled"],
  });
  return {
    withdrawal: await storedWithdrawal(victim),
    bet: bet.bet_id,
    escrow: escrow.escrow_id,
    order: order.order_id,
    approval: approval.approval_id,
    proposal: proposal.proposal_id,
    key: held.id,
    webhook: webhook.webhook_id,
  };
}

/**
 * This server has no chain, so the victim's withdrawal is written as the withdraw route stores one
 * (test/chain-withdrawals.test.ts makes real ones): what is checked here is who may read it.
 */
async function storedWithdrawal(victim: TestAgent): Promise<string> {
  const id = `wd_matrix_${victim.agentId}`;
  await server.server.platform.store.write((tx) =>
    tx.run(
      `INSERT INTO chain_withdrawals (id, agent_id, chain_id, to_address, amount, fee, status, created_at, updated_at)
       VALUES (?, ?, 31337, '0x00000000000000000000000000000000000b0b01', 1000000, 0, 'failed', 0, 0)`,
      [id, victim.agentId],
    ),
  );
  return id;
}

/** Which of the victim's resources an operation names, by its path; market symbols are nobody's. */
function resourceOf(op: Operation): keyof Ids | "market" | null {
  const root = op.path.split("/")[1];
  if (op.path.includes(":symbol")) return "market";
  if (op.id === "casino.verify") return "bet";
  if (root === "escrow" && op.method === "POST" && op.id !== "escrow.create") return "escrow";
  if (!op.path.includes(":id")) return null;
  const byRoot: Record<string, keyof Ids> = {
    casino: "bet",
    escrow: "escrow",
    trade: "order",
    approvals: "approval",
    proposals: "proposal",
    keys: "key",
    webhooks: "webhook",
    wallet: "withdrawal",
  };
  const resource = root === undefined ? undefined : byRoot[root];
  if (!resource) throw new Error(`${op.id} names a resource this test does not know: add it to victimResources`);
  return resource;
}

/** Everything the victim can see of its own state, through its own key. */
async function snapshot(victim: TestAgent, ids: Ids): Promise<string> {
  const reads = [
    "/wallet/balance",
    "/wallet/transactions?limit=200",
    "/casino/bets",
    `/escrow/${ids.escrow}`,
    `/trade/orders/${ids.order}`,
    "/trade/positions",
    `/approvals/${ids.approval}`,
    `/proposals/${ids.proposal}`,
    `/wallet/withdrawals/${ids.withdrawal}`,
    "/keys",
    "/webhooks",
    `/webhooks/${ids.webhook}/deliveries`,
    "/policy",
    "/referrals",
  ];
  const bodies = await Promise.all(reads.map((path) => server.call(`${api}${path}`, { key: victim.apiKey })));
  return JSON.stringify(bodies.map((r) => [r.status, r.body]));
}

describe("authorization matrix", () => {
  it("every route x another agent's resources: 404 or 403, and nothing of theirs changes or shows", async () => {
    const victim = await fundedAgent(server);
    const counterparty = await registerAgent(server);
    const ids = await victimResources(victim, counterparty);
    const attacker = await fundedAgent(server);
    const before = await snapshot(victim, ids);
    const rows: Array<[string, number, string | undefined]> = [];
    for (const op of all) {
      const resource = resourceOf(op);
      if (resource === "market") continue;
      if (resource === null) {
        if (op.method !== "GET" || !op.auth) continue;
        const list = await server.call(`${api}${op.path}`, { key: attacker.apiKey });
        for (const id of Object.values(ids)) expect(JSON.stringify(list.body), `${op.id} shows ${id}`).not.toContain(id);
        continue;
      }
      const id = ids[resource];
      const path = `${api}${op.path.replace(":id", id)}`;
      const body =
        op.id === "casino.verify"
          ? { bet_id: id }
          : resource === "escrow" && !op.path.includes(":id")
            ? { escrow_id: id, outcome: "release" }
            : op.id === "approvals.callback"
              ? { decision: "approve", token: `${ids.webhook}.${"0".repeat(64)}` }
              : undefined;
      const response = await server.call<ErrorBody>(path, {
        method: op.method,
        ...(op.auth ? { key: attacker.apiKey } : {}),
        ...(body ? { body } : op.method === "POST" ? { body: {} } : {}),
      });
      rows.push([op.id, response.status, response.body.error?.code]);
    }
    expect(rows.length).toBeGreaterThanOrEqual(20);
    for (const [id, status, code] of rows) expect([id, [403, 404].includes(status), code]).toEqual([id, true, code]);
    expect(await snapshot(victim, ids)).toBe(before);
    expect(await server.server.platform.store.read(checkInvariants)).toMatchObject({ ok: true });
  });

  it("every route x every key scope: refused with insufficient_scope exactly when the key lacks the route's scope", async () => {
    const owner = await fundedAgent(server);
    const transfers = () =>
      server.server.platform.store.read((tx) => tx.get<{ n: bigint }>("SELECT COUNT(*) AS n FROM ledger_transfers"));
    const mismatches: string[] = [];
    let refused = 0;
    for (const scope of SCOPES) {
      const key = await createKey(server, owner, `only-${scope}`, [scope]);
      for (const op of all.filter((candidate) => candidate.auth)) {
        const path = `${api}${op.path.replace(/:([a-z_]+)/g, (_, name: string) => (name === "symbol" ? "BTC" : "nope"))}`;
        const before = await transfers();
        const response = await server.call<ErrorBody>(path, {
          method: op.method,
          key: key.key,
          ...(op.method === "POST" ? { body: {} } : {}),
        });
        const wanted = op.scope === "read" || op.scope === scope;
        const got = response.body.error?.code !== "insufficient_scope";
        if (wanted !== got) mismatches.push(`${scope} ${op.id}: ${response.status} ${response.body.error?.code}`);
        if (!got) {
          refused++;
          expect(response.status).toBe(403);
          expect(await transfers(), `${scope} ${op.id} moved money`).toEqual(before);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(refused).toBeGreaterThan(100);
    const admin = await createKey(server, owner, "all-scopes", [...SCOPES]);
    for (const op of operatorOnly) {
      const path = `${api}${op.path.replace(/:([a-z_]+)/g, "nope")}`;
      const response = await server.call<ErrorBody>(path, {
        method: op.method,
        key: admin.key,
        ...(op.method === "POST" ? { body: {} } : {}),
      });
      expect([op.id, response.status, response.body.error?.code]).toEqual([op.id, 403, "operator_key_required"]);
    }
  });
});
