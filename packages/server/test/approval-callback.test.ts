import { describe, expect, it } from "vitest";
import { balanceStr, fundedAgent, registerAgent } from "./harness.ts";
import { api, createKey, type ErrorBody } from "./policy-harness.ts";
import { createWebhook, waitFor, webhookFixture } from "./webhook-harness.ts";

const fixture = webhookFixture();

type Requested = { approval_id: string; callback_url: string; approve_token: string; reject_token: string; summary: string };
type Decided = ErrorBody & { status?: string; decided_by?: string };

/** An agent whose trader key needs approval above 1 USDC, a webhook for its approvals, and one held request. */
async function heldRequest(amount = 5) {
  const owner = await fundedAgent(fixture.server);
  const payee = await registerAgent(fixture.server);
  const hook = await createWebhook(fixture.server, owner, fixture.receiver.url, ["approval.requested", "approval.decided"]);
  const trader = await createKey(fixture.server, owner, "trader", ["transfer"], { approval_threshold: "1" });
  const held = await fixture.server.call<{ approval_id: string }>(`${api}/wallet/transfer`, {
    key: trader.key,
    body: { to: payee.agentId, amount },
  });
  const id = held.body.approval_id;
  const find = () => fixture.receiver.received.find((r) => r.body.includes(id) && r.body.includes('"approval.requested"'));
  await waitFor(() => find() !== undefined, "the approval.requested delivery");
  const requested: Requested = JSON.parse(find()?.body ?? "{}").data;
  return { owner, payee, hook, id, requested };
}

/** What a chat bot does with the button the user pressed: POST the callback URL, no API key. */
const callBack = (path: string, body: unknown) => fixture.server.call<Decided>(path, { method: "POST", body });

describe("approval callbacks for chat bots", () => {
  it("the approval.requested delivery carries one-time tokens; the approve token executes it once, without a key", async () => {
    const { owner, payee, hook, id, requested } = await heldRequest();
    expect(requested.callback_url).toBe(`${api}/approvals/${id}/callback`);
    expect(requested.summary).toContain("5.000000");
    expect(requested.approve_token).not.toBe(requested.reject_token);
    const wrongWay = await callBack(requested.callback_url, { decision: "approve", token: requested.reject_token });
    expect([wrongWay.status, wrongWay.body.error?.code]).toEqual([403, "invalid_callback_token"]);
    const tries = await Promise.all(
      Array.from({ length: 5 }, () => callBack(requested.callback_url, { decision: "approve", token: requested.approve_token })),
    );
    const approved = tries.filter((t) => t.status === 200);
    expect(approved.map((t) => [t.body.status, t.body.decided_by])).toEqual([["executed", hook.id]]);
    for (const t of tries.filter((t) => t.status !== 200)) expect(t.body.error?.code).toBe("approval_already_decided");
    expect(await balanceStr(fixture.server, payee)).toBe("5.000000");
    const audit = await fixture.server.call<{ entries: Array<{ key_id: string; ref: string }> }>(
      `${api}/audit?decision=approved`,
      {
        key: owner.apiKey,
      },
    );
    expect(audit.body.entries.map((e) => [e.key_id, e.ref])).toEqual([[hook.id, id]]);
    await waitFor(
      () => fixture.receiver.events("approval.decided").some((e) => e.data.approval_id === id && e.data.status === "executed"),
      "the approval.decided delivery",
    );
  });

  it("the reject token rejects; nothing moves", async () => {
    const { payee, requested } = await heldRequest();
    const rejected = await callBack(requested.callback_url, { decision: "reject", token: requested.reject_token, note: "no" });
    expect([rejected.status, rejected.body.status]).toEqual([200, "rejected"]);
    expect(await balanceStr(fixture.server, payee)).toBe("0.000000");
  });

  it("forged, foreign, malformed and revoked tokens decide nothing", async () => {
    const { owner, payee, hook, id, requested } = await heldRequest();
    const other = await heldRequest();
    const forged = `${hook.id}.${"0".repeat(64)}`;
    for (const token of [forged, other.requested.approve_token, "x", requested.approve_token.slice(0, -1)]) {
      const response = await callBack(requested.callback_url, { decision: "approve", token });
      expect([token.slice(0, 12), response.status, response.body.error?.code]).toEqual([
        token.slice(0, 12),
        403,
        "invalid_callback_token",
      ]);
    }
    const bad = await callBack(requested.callback_url, { decision: "maybe", token: requested.approve_token });
    expect([bad.status, bad.body.error?.details?.field]).toEqual([400, "decision"]);
    const unknown = await callBack(`${api}/approvals/apr_nope/callback`, { decision: "approve", token: forged });
    expect([unknown.status, unknown.body.error?.code]).toEqual([403, "invalid_callback_token"]);
    await fixture.server.call(`${api}/webhooks/${hook.id}`, { method: "DELETE", key: owner.apiKey });
    const revoked = await callBack(requested.callback_url, { decision: "approve", token: requested.approve_token });
    expect([revoked.status, revoked.body.error?.code]).toEqual([403, "invalid_callback_token"]);
    expect(await balanceStr(fixture.server, payee)).toBe("0.000000");
    const denied = await fixture.server.call<{ entries: Array<{ rule: string; ref: string }> }>(`${api}/audit?decision=denied`, {
      key: owner.apiKey,
    });
    expect(denied.body.entries.filter((e) => e.rule === "invalid_callback_token" && e.ref === id)).toHaveLength(5);
  });
});
