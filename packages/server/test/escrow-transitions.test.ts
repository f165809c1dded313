import type { EscrowStatus } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expireEscrows } from "../src/escrow/sweeper.ts";
import { escrowPost, expectLedgerBalanced, openEscrow, transferCount, usdcMicro } from "./escrow-harness.ts";
import { fundedAgent, registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "100" });
});
afterAll(() => server.stop());

type Actor = "creator" | "counterparty" | "arbiter" | "outsider";
type Action = "complete" | "release" | "dispute" | "refund" | "resolve";
interface Cast {
  creator: TestAgent;
  counterparty: TestAgent;
  arbiter: TestAgent;
  outsider: TestAgent;
}

const STATES: EscrowStatus[] = ["funded", "completed", "disputed", "released", "refunded", "resolved", "expired"];
const ACTORS: Actor[] = ["creator", "counterparty", "arbiter", "outsider"];
const ACTIONS: Action[] = ["complete", "release", "dispute", "refund", "resolve"];

/** Written out independently of the server's table: who may ever take each action... */
const MAY_EVER: Record<Action, Actor[]> = {
  complete: ["counterparty"],
  release: ["creator"],
  dispute: ["creator", "counterparty"],
  refund: ["creator", "counterparty"],
  resolve: ["arbiter"],
};
/** ...and what each state allows, with the state it leads to. */
const ALLOWED: Partial<Record<EscrowStatus, Record<string, EscrowStatus>>> = {
  funded: {
    "counterparty complete": "completed",
    "creator release": "released",
    "creator dispute": "disputed",
    "counterparty dispute": "disputed",
    "creator refund": "refunded",
    "counterparty refund": "refunded",
  },
  completed: {
    "creator release": "released",
    "creator dispute": "disputed",
    "counterparty dispute": "disputed",
    "counterparty refund": "refunded",
  },
  disputed: { "creator release": "released", "counterparty refund": "refunded", "arbiter resolve": "resolved" },
};

/** What each successful action does to the creator's and counterparty's balances (amount 10, split 4). */
const MONEY: Record<EscrowStatus, [bigint, bigint]> = {
  funded: [0n, 0n],
  completed: [0n, 0n],
  disputed: [0n, 0n],
  released: [-10_000_000n, 9_900_000n],
  refunded: [0n, 0n],
  resolved: [-4_000_000n, 3_960_000n],
  expired: [0n, 0n],
};

interface Row {
  state: EscrowStatus;
  actor: Actor;
  action: Action;
  status: number;
  code: string | null;
  to: EscrowStatus | null;
}

const rows: Row[] = STATES.flatMap((state) =>
  ACTORS.flatMap((actor) =>
    ACTIONS.map((action): Row => {
      if (actor === "outsider") return { state, actor, action, status: 404, code: "escrow_not_found", to: null };
      if (!MAY_EVER[action].includes(actor))
        return { state, actor, action, status: 403, code: "escrow_role_not_allowed", to: null };
      const to = ALLOWED[state]?.[`${actor} ${action}`];
      return to
        ? { state, actor, action, status: 200, code: null, to }
        : { state, actor, action, status: 409, code: "invalid_escrow_transition", to: null };
    }),
  ),
);

async function cast(): Promise<Cast> {
  return {
    creator: await fundedAgent(server),
    counterparty: await registerAgent(server),
    arbiter: await registerAgent(server),
    outsider: await fundedAgent(server),
  };
}

const bodies: Record<Action, Record<string, unknown>> = {
  complete: { note: "delivered" },
  release: {},
  dispute: { reason: "not what we agreed" },
  refund: {},
  resolve: { outcome: "split", split: 4 },
};

async function must(agent: TestAgent, action: Action, id: string) {
  const response = await escrowPost(server, agent, action, { escrow_id: id, ...bodies[action] });
  if (response.status !== 200) throw new Error(`${action} failed: ${JSON.stringify(response.body)}`);
}

/** A fresh escrow of 10 USDC brought into `state` through the API (the sweeper for `expired`). */
async function escrowIn(state: EscrowStatus, c: Cast): Promise<string> {
  const id = await openEscrow(server, c.creator, c.counterparty, { arbiter: c.arbiter.agentId });
  if (state === "completed") await must(c.counterparty, "complete", id);
  if (state === "disputed" || state === "resolved") await must(c.creator, "dispute", id);
  if (state === "resolved") await must(c.arbiter, "resolve", id);
  if (state === "released") await must(c.creator, "release", id);
  if (state === "refunded") await must(c.counterparty, "refund", id);
  if (state === "expired") {
    await server.server.platform.store.write(async (tx) => {
      await tx.run("UPDATE escrows SET deadline_at = ? WHERE id = ?", [Date.now() - 1, id]);
      return expireEscrows(tx);
    });
  }
  return id;
}

async function statusOf(c: Cast, id: string): Promise<string> {
  const response = await server.call<{ status: string }>(`/api/v1/escrow/${id}`, { key: c.creator.apiKey });
  return response.body.status;
}

describe("escrow: every action by every role from every state", () => {
  it.each(rows)("$state: $actor $action -> $status $code", async (row) => {
    const c = await cast();
    const id = await escrowIn(row.state, c);
    const before = {
      transfers: await transferCount(server),
      creator: await usdcMicro(server, c.creator.agentId),
      counterparty: await usdcMicro(server, c.counterparty.agentId),
    };
    const response = await escrowPost(server, c[row.actor], row.action, { escrow_id: id, ...bodies[row.action] });
    expect(response.status).toBe(row.status);
    if (row.code) {
      expect(response.body.error?.code).toBe(row.code);
      expect(await statusOf(c, id)).toBe(row.state);
      expect(await transferCount(server)).toBe(before.transfers);
      return;
    }
    expect(response.body).toMatchObject({ escrow_id: id, status: row.to, role: row.actor });
    const [creatorDelta, counterpartyDelta] = MONEY[row.to ?? "funded"];
    expect((await usdcMicro(server, c.creator.agentId)) - before.creator).toBe(creatorDelta);
    expect((await usdcMicro(server, c.counterparty.agentId)) - before.counterparty).toBe(counterpartyDelta);
  });

  it("outsiders cannot read an escrow either, and the ledger is balanced after all of it", async () => {
    const c = await cast();
    const id = await escrowIn("funded", c);
    const response = await server.call<{ error: { code: string } }>(`/api/v1/escrow/${id}`, { key: c.outsider.apiKey });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("escrow_not_found");
    const list = await server.call<{ escrows: unknown[] }>("/api/v1/escrow", { key: c.outsider.apiKey });
    expect(list.body.escrows).toEqual([]);
    await expectLedgerBalanced(server);
  });
});

describe("escrow: the arbiter's ruling", () => {
  it.each([
    [{ outcome: "release" }, 9_900_000n, 0n, "release"],
    [{ outcome: "refund" }, 0n, 10_000_000n, "refund"],
    // 1 % of 3.333333 is 0.03333333, rounded up to 0.033334; the creator gets the other 6.666667.
    [{ outcome: "split", split: "3.333333" }, 3_299_999n, 6_666_667n, "split"],
  ])("%j pays exactly", async (ruling, toCounterparty, backToCreator, outcome) => {
    const c = await cast();
    const id = await escrowIn("disputed", c);
    const response = await escrowPost(server, c.arbiter, "resolve", { escrow_id: id, ...ruling, note: "ruled" });
    expect(response.body).toMatchObject({ status: "resolved", outcome, resolution_note: "ruled" });
    expect(await usdcMicro(server, c.counterparty.agentId)).toBe(toCounterparty);
    expect(await usdcMicro(server, c.creator.agentId)).toBe(90_000_000n + backToCreator);
    const { fee_paid_str, net_amount_str, refunded_str } = response.body;
    const sum = [fee_paid_str, net_amount_str, refunded_str].reduce((total, s) => total + BigInt(s.replace(".", "")), 0n);
    expect(sum).toBe(10_000_000n);
  });

  it.each([
    [{ outcome: "split", split: 10 }, 400, "split_out_of_range"],
    [{ outcome: "split", split: 11 }, 400, "split_out_of_range"],
    [{ outcome: "split", split: 0 }, 400, "amount_must_be_positive"],
    [{ outcome: "split" }, 400, "invalid_request"],
    [{ outcome: "release", split: 4 }, 400, "invalid_request"],
    [{ outcome: "halve" }, 400, "invalid_request"],
  ])("%j -> %i %s, nothing moves", async (ruling, status, code) => {
    const c = await cast();
    const id = await escrowIn("disputed", c);
    const before = await transferCount(server);
    const response = await escrowPost(server, c.arbiter, "resolve", { escrow_id: id, ...ruling });
    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(code);
    expect(await transferCount(server)).toBe(before);
    expect(await statusOf(c, id)).toBe("disputed");
  });

  it("without an arbiter a dispute ends by a party giving way", async () => {
    const c = await cast();
    const id = await openEscrow(server, c.creator, c.counterparty);
    await must(c.counterparty, "dispute", id);
    expect((await escrowPost(server, c.creator, "resolve", { escrow_id: id, outcome: "refund" })).status).toBe(403);
    const released = await escrowPost(server, c.creator, "release", { escrow_id: id });
    expect(released.body).toMatchObject({ status: "released", outcome: "release" });
  });

  it.each(["complete", "release", "dispute", "refund", "resolve"])("%s without escrow_id -> 400", async (action) => {
    const c = await cast();
    const response = await escrowPost(server, c.creator, action, { outcome: "refund" });
    expect(response.status).toBe(400);
    expect(response.body.error?.details?.field).toBe("escrow_id");
  });
});
