import { createHmac } from "node:crypto";
import { type EphemeralServer, startEphemeralServer } from "@purpleflea/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApprovalRequiredError, PurpleFlea, verifyWebhookSignature } from "../src/index.ts";

let server: EphemeralServer;
beforeAll(async () => {
  server = await startEphemeralServer({ FAUCET_AMOUNT: "10" });
});
afterAll(() => server.dispose());

describe("the risk gate through the SDK", () => {
  it("a held request throws ApprovalRequiredError; the owner approves it with a typed call", async () => {
    const anonymous = new PurpleFlea({ baseUrl: server.url });
    const owner = new PurpleFlea({
      baseUrl: server.url,
      apiKey: (await anonymous.auth.register({ username: "sdk-owner" })).api_key,
    });
    const payee = await anonymous.auth.register({ username: "sdk-payee" });
    await owner.faucet.claim();
    const key = await owner.keys.create({ name: "trader", scopes: ["transfer"], policy: { approval_threshold: "1" } });
    const trader = new PurpleFlea({ baseUrl: server.url, apiKey: key.api_key });
    const held = await trader.wallet.transfer({ to: payee.agent_id, amount: 2 }).catch((error: unknown) => error);
    expect(held).toBeInstanceOf(ApprovalRequiredError);
    const approvalId = (held as ApprovalRequiredError).approvalId;
    expect((await owner.approvals.list({ status: "pending" })).approvals.map((a) => a.approval_id)).toEqual([approvalId]);
    const approved = await owner.approvals.approve({ id: approvalId, note: "ok" });
    expect(approved.status).toBe("executed");
    expect((await owner.wallet.balance()).balance_str).toBe("8.000000");
  });
});

describe("verifyWebhookSignature", () => {
  const secret = "whsec_test";
  const body = '{"id":"evt_1","type":"bet.settled"}';
  const sign = (t: number, payload = body) => `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${payload}`).digest("hex")}`;
  const now = 1_700_000_000_000;

  it("accepts the recipe's signature within the tolerance and nothing else", () => {
    expect(verifyWebhookSignature(body, sign(now / 1000), secret, { nowMs: now })).toBe(true);
    expect(verifyWebhookSignature(body, `${sign(now / 1000)},v1=${"0".repeat(64)}`, secret, { nowMs: now })).toBe(true);
    expect(verifyWebhookSignature(`${body} `, sign(now / 1000), secret, { nowMs: now })).toBe(false);
    expect(verifyWebhookSignature(body, sign(now / 1000 - 301), secret, { nowMs: now })).toBe(false);
    expect(verifyWebhookSignature(body, sign(now / 1000 - 301), secret, { nowMs: now, toleranceS: 600 })).toBe(true);
    for (const header of ["", "t=abc,v1=00", `v1=${"0".repeat(64)}`, `t=${now / 1000}`]) {
      expect(verifyWebhookSignature(body, header, secret, { nowMs: now })).toBe(false);
    }
  });
});
