import { type ReferralEarning, type ReferralSummary, referralSummarySchema } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectFee } from "../src/fees/fees.ts";
import { userAccountId } from "../src/system-accounts.ts";
import { escrowPost, expectLedgerBalanced, openEscrow, registerWith, usdcMicro } from "./escrow-harness.ts";
import { registerAgent, startTestServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "1000", HOUSE_BANKROLL: "1000000" });
});
afterAll(() => server.stop());

type Agent = Awaited<ReturnType<typeof registerWith>>;
let n = 0;
const fresh = (referralCode?: string) => registerWith(server, `ref-${process.pid}-${++n}`, referralCode);
const funded = async (referralCode?: string) => {
  const agent = await fresh(referralCode);
  await server.call("/api/v1/faucet/claim", { method: "POST", key: agent.apiKey });
  return agent;
};
const summary = async (agent: Agent) =>
  referralSummarySchema.parse((await server.call<ReferralSummary>("/api/v1/referrals", { key: agent.apiKey })).body);
const earnings = (agent: Agent, query = "") =>
  server.call<{ earnings: ReferralEarning[]; next_cursor: string | null; error?: { code: string } }>(
    `/api/v1/referrals/earnings${query}`,
    { key: agent.apiKey },
  );
const earningRows = (referrerId: string) =>
  server.server.platform.store.read((tx) =>
    tx.all<{ id: string; service: string; amount: bigint }>("SELECT * FROM referral_earnings WHERE referrer_id = ?", [
      referrerId,
    ]),
  );

describe("referral links", () => {
  it("registering with a code links referrer and referred, one level deep", async () => {
    const top = await fresh();
    const middle = await fresh(top.code.toLowerCase());
    const bottom = await funded(middle.code);
    expect(await summary(top)).toMatchObject({ referral_code: top.code, referred_by: null, referred_count: 1 });
    const mid = await summary(middle);
    expect(mid).toMatchObject({ referred_by: top.agentId, referred_count: 1 });
    expect(mid.referred_agents).toMatchObject([{ agent_id: bottom.agentId, username: bottom.username }]);

    // bottom's escrow fee pays middle, its referrer, and nothing to top, the referrer's referrer.
    const worker = await registerAgent(server);
    const id = await openEscrow(server, bottom, worker, { amount: 10 });
    await escrowPost(server, bottom, "release", { escrow_id: id });
    expect(await usdcMicro(server, middle.agentId)).toBe(15_000n);
    expect(await usdcMicro(server, top.agentId)).toBe(0n);
  });
});

describe("referral earnings, exactly once per fee event", () => {
  it("escrow: 15 % of the fee on release, even when the release is retried; nothing on refund", async () => {
    const referrer = await fresh();
    const creator = await funded(referrer.code);
    const worker = await registerAgent(server);
    const released = await openEscrow(server, creator, worker, { amount: 100 });
    const headers = { "idempotency-key": "release-once" };
    await Promise.all(Array.from({ length: 5 }, () => escrowPost(server, creator, "release", { escrow_id: released }, headers)));
    const refunded = await openEscrow(server, creator, worker, { amount: 100 });
    await escrowPost(server, creator, "refund", { escrow_id: refunded });

    expect(await earningRows(referrer.agentId)).toMatchObject([{ id: released, service: "escrow", amount: 150_000n }]);
    expect(await usdcMicro(server, referrer.agentId)).toBe(150_000n);
    expect((await summary(referrer)).earnings).toEqual([
      {
        service: "escrow",
        asset: "USDC",
        count: 1,
        amount: 0.15,
        amount_str: "0.150000",
        fees: 1,
        fees_str: "1.000000",
      },
    ]);
  });

  it("casino: 10 % of the house edge on each lost stake, from the house; nothing on wins", async () => {
    const referrer = await fresh();
    const bettor = await funded(referrer.code);
    const outcomes = new Set<string>();
    const lost: string[] = [];
    // Dice under_50 wins half the time; stop once both outcomes were seen.
    for (let i = 0; i < 200 && outcomes.size < 2; i++) {
      const bet = await server.call<{ bet_id: string; outcome: string }>("/api/v1/casino/bet", {
        key: bettor.apiKey,
        body: { game: "dice", amount: 10, prediction: "under_50" },
      });
      outcomes.add(bet.body.outcome);
      if (bet.body.outcome === "loss") lost.push(bet.body.bet_id);
    }
    expect(outcomes).toEqual(new Set(["win", "loss"]));
    // edge on 10 USDC at 0.5 % = 0.05; 10 % of it = 0.005 USDC = 5,000 micro-units per lost bet.
    const rows = await earningRows(referrer.agentId);
    expect(rows.map((r) => r.id).sort()).toEqual([...lost].sort());
    for (const row of rows) expect(row).toMatchObject({ service: "casino", amount: 5_000n });
    expect(await usdcMicro(server, referrer.agentId)).toBe(BigInt(lost.length) * 5_000n);
    await expectLedgerBalanced(server);
  });

  it("trading: a paper fee through collectFee pays a paper share, once, and GET /referrals reports it", async () => {
    const referrer = await fresh();
    const trader = await fresh(referrer.code);
    const charge = {
      id: "ord_test_1",
      service: "trading" as const,
      asset: "PAPER_USDC" as const,
      payerAgentId: trader.agentId,
      fromAccountId: userAccountId(trader.agentId, "PAPER_USDC"),
      feeMicro: 2_000_001n,
      referralShareBps: 2_000,
      ref: "ord_test_1",
    };
    await server.server.platform.store.write(async (tx) => {
      await collectFee(tx, charge);
      await collectFee(tx, charge);
    });
    const report = await summary(referrer);
    expect(report.earnings).toMatchObject([{ service: "trading", asset: "PAPER_USDC", count: 1, amount_str: "0.400000" }]);
    const list = await earnings(referrer, "?asset=PAPER_USDC");
    expect(list.body.earnings).toMatchObject([
      { earning_id: "ord_test_1", referred_agent: trader.agentId, fee_str: "2.000001", amount_str: "0.400000" },
    ]);
    expect((await earnings(referrer, "?asset=USDC")).body.earnings).toEqual([]);
    expect(await usdcMicro(server, referrer.agentId)).toBe(0n);
    await expectLedgerBalanced(server);
  });
});

describe("GET /referrals/earnings", () => {
  it("pages newest first and filters by service", async () => {
    const referrer = await fresh();
    const creator = await funded(referrer.code);
    const worker = await registerAgent(server);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await openEscrow(server, creator, worker, { amount: 1 });
      await escrowPost(server, creator, "release", { escrow_id: id });
      ids.push(id);
    }
    const seen: string[] = [];
    let cursor = "";
    for (let page = 0; page < 10; page++) {
      const response = await earnings(referrer, `?limit=2&service=escrow${cursor}`);
      seen.push(...response.body.earnings.map((e) => e.earning_id));
      if (!response.body.next_cursor) break;
      cursor = `&cursor=${response.body.next_cursor}`;
    }
    expect(seen).toEqual([...ids].reverse());
    expect((await earnings(referrer, "?service=casino")).body.earnings).toEqual([]);
  });

  it.each([
    ["?cursor=garbage", "invalid_cursor"],
    ["?service=lottery", "invalid_request"],
    ["?limit=0", "invalid_request"],
  ])("%s -> 400 %s", async (query, code) => {
    const agent = await fresh();
    const response = await earnings(agent, query);
    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe(code);
  });

  it("needs a key", async () => {
    expect((await server.call("/api/v1/referrals")).status).toBe(401);
  });
});
