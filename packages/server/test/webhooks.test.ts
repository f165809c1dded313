import { createHmac } from "node:crypto";
import { verifyWebhookSignature } from "@purpleflea/sdk";
import { describe, expect, it } from "vitest";
import { fundedAgent, registerAgent } from "./harness.ts";
import { api, createKey, type ErrorBody } from "./policy-harness.ts";
import { createWebhook, deliveries, startReceiver, waitFor, webhookFixture } from "./webhook-harness.ts";

const fixture = webhookFixture();

describe("webhook subscriptions", () => {
  it("create shows the secret once; list, delete; a deleted webhook is gone everywhere", async () => {
    const owner = await registerAgent(fixture.server);
    const created = await fixture.server.call<{ webhook_id: string; secret: string; events: string[] }>(`${api}/webhooks`, {
      key: owner.apiKey,
      body: { url: fixture.receiver.url, events: ["escrow.*", "bet.settled", "bet.settled"], description: "ops channel" },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[0-9A-Za-z]{43}$/);
    expect(created.body.events).toEqual(["escrow.*", "bet.settled"]);
    const list = await fixture.server.call<{ webhooks: Array<{ webhook_id: string }> }>(`${api}/webhooks`, { key: owner.apiKey });
    expect(list.body.webhooks.map((w) => w.webhook_id)).toEqual([created.body.webhook_id]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    const id = created.body.webhook_id;
    const stranger = await registerAgent(fixture.server);
    const foreign = await fixture.server.call<ErrorBody>(`${api}/webhooks/${id}`, { method: "DELETE", key: stranger.apiKey });
    expect([foreign.status, foreign.body.error?.code]).toEqual([404, "webhook_not_found"]);
    expect((await fixture.server.call(`${api}/webhooks/${id}`, { method: "DELETE", key: owner.apiKey })).status).toBe(200);
    for (const [method, path] of [
      ["DELETE", `/webhooks/${id}`],
      ["GET", `/webhooks/${id}/deliveries`],
      ["POST", `/webhooks/${id}/ping`],
    ] as const) {
      const response = await fixture.server.call<ErrorBody>(`${api}${path}`, { method, key: owner.apiKey });
      expect([path, response.status, response.body.error?.code]).toEqual([path, 404, "webhook_not_found"]);
    }
    expect((await fixture.server.call<{ webhooks: unknown[] }>(`${api}/webhooks`, { key: owner.apiKey })).body.webhooks).toEqual(
      [],
    );
  });

  it("refuses bad URLs, unknown events, a 21st webhook, and keys without admin", async () => {
    const owner = await registerAgent(fixture.server);
    const create = (body: unknown, key = owner.apiKey) => fixture.server.call<ErrorBody>(`${api}/webhooks`, { key, body });
    for (const url of ["ftp://127.0.0.1/x", "javascript:alert(1)", "not a url", `http://x/${"a".repeat(2_050)}`]) {
      const response = await create({ url, events: ["*"] });
      expect([url.slice(0, 20), response.status, response.body.error?.details?.field]).toEqual([url.slice(0, 20), 400, "url"]);
    }
    expect((await create({ url: fixture.receiver.url, events: ["trade.exploded"] })).body.error?.details?.field).toBe("events");
    expect((await create({ url: fixture.receiver.url, events: ["BET.SETTLED"] })).body.error?.details?.field).toBe("events.0");
    expect((await create({ url: fixture.receiver.url, events: [] })).body.error?.details?.field).toBe("events");
    for (let i = 0; i < 20; i++) expect((await create({ url: fixture.receiver.url, events: ["*"] })).status).toBe(201);
    const over = await create({ url: fixture.receiver.url, events: ["*"] });
    expect([over.status, over.body.error?.code]).toEqual([422, "webhook_limit_reached"]);
    const approver = await createKey(fixture.server, owner, "risk", ["approve", "bet", "trade"]);
    const refused = await create({ url: fixture.receiver.url, events: ["*"] }, approver.key);
    expect([refused.status, refused.body.error?.code]).toEqual([403, "insufficient_scope"]);
    const listed = await fixture.server.call<ErrorBody>(`${api}/webhooks`, { key: approver.key });
    expect(listed.status).toBe(403);
  });
});

describe("acceptance 5: signed deliveries", () => {
  it("verify with the README recipe and the SDK; tampering or an old timestamp fails", async () => {
    const owner = await fundedAgent(fixture.server);
    const hook = await createWebhook(fixture.server, owner, fixture.receiver.url, ["bet.settled"]);
    const bet = await fixture.server.call<{ bet_id: string }>(`${api}/casino/bet`, {
      key: owner.apiKey,
      body: { game: "coinflip", amount: 1, prediction: "heads" },
    });
    const mine = () => fixture.receiver.received.filter((r) => r.body.includes(bet.body.bet_id));
    await waitFor(() => mine().length === 1, "the bet.settled delivery");
    const [delivery] = mine();
    if (!delivery) throw new Error("no delivery");
    const header = String(delivery.headers["purpleflea-signature"]);
    // The recipe from the README, by hand: t and v1 from the header, HMAC over "<t>.<raw body>".
    const [, t = "", v1 = ""] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
    expect(createHmac("sha256", hook.secret).update(`${t}.${delivery.body}`).digest("hex")).toBe(v1);
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(600);
    expect(verifyWebhookSignature(delivery.body, header, hook.secret)).toBe(true);
    expect(verifyWebhookSignature(delivery.body.replace("heads", "tails"), header, hook.secret)).toBe(false);
    expect(verifyWebhookSignature(delivery.body, header, "whsec_wrong")).toBe(false);
    expect(verifyWebhookSignature(delivery.body, header, hook.secret, { nowMs: Date.now() + 3_600_000 })).toBe(false);
    expect(verifyWebhookSignature(delivery.body, "v1=abc", hook.secret)).toBe(false);
    const event = JSON.parse(delivery.body);
    expect(event).toMatchObject({ type: "bet.settled", agent_id: owner.agentId });
    expect(delivery.headers["purpleflea-event-id"]).toBe(event.id);
    expect(delivery.headers["purpleflea-event-type"]).toBe("bet.settled");
    expect(delivery.headers["content-type"]).toBe("application/json");
  });

  it("only subscribed events of the agent's own, from the time of registration on, plus pings", async () => {
    const owner = await fundedAgent(fixture.server);
    const other = await fundedAgent(fixture.server);
    const own = await startReceiver();
    try {
      await fixture.server.call(`${api}/casino/bet`, {
        key: owner.apiKey,
        body: { game: "coinflip", amount: 1, prediction: "heads" },
      });
      const hook = await createWebhook(fixture.server, owner, own.url, ["approval.*"]);
      await fixture.server.call(`${api}/casino/bet`, {
        key: owner.apiKey,
        body: { game: "coinflip", amount: 1, prediction: "heads" },
      });
      await fixture.server.call(`${api}/casino/bet`, {
        key: other.apiKey,
        body: { game: "coinflip", amount: 1, prediction: "heads" },
      });
      const ping = await fixture.server.call<{ delivery_id: string; status: string }>(`${api}/webhooks/${hook.id}/ping`, {
        method: "POST",
        key: owner.apiKey,
      });
      expect([ping.status, ping.body.status]).toEqual([200, "pending"]);
      // The fixture.receiver answers before the fixture.server records the delivery: wait for the record.
      await waitFor(async () => (await deliveries(fixture.server, owner, hook.id))[0]?.status === "delivered", "the ping");
      const log = await deliveries(fixture.server, owner, hook.id);
      expect(log.map((d) => [d.event_type, d.status])).toEqual([["webhook.ping", "delivered"]]);
      expect(own.events().map((e) => e.type)).toEqual(["webhook.ping"]);
    } finally {
      await own.close();
    }
  });
});
