import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { type RunningServer, startServer } from "../src/server.ts";
import { createTestDatabase } from "../src/testing.ts";
import { call, registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";
import { api } from "./policy-harness.ts";
import { createWebhook, deliveries, LOCAL_RECEIVERS, startReceiver, waitFor } from "./webhook-harness.ts";

// Backoff shrunk to milliseconds so retries happen within the test; no assertion depends on timing.
const FAST = {
  WEBHOOK_POLL_INTERVAL_MS: "20",
  WEBHOOK_RETRY_BASE_MS: "10",
  WEBHOOK_MAX_ATTEMPTS: "3",
  WEBHOOK_TIMEOUT_MS: "200",
  ...LOCAL_RECEIVERS,
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(FAST);
});
afterAll(() => server.stop());

/** A server started on a data directory the test keeps, to start another on it later. */
function asTestServer(running: RunningServer): TestServer {
  return { url: running.url, server: running, call: (path, options) => call(running.url, path, options), stop: running.stop };
}

const ping = (owner: TestAgent, id: string) =>
  server.call<{ event_id: string }>(`${api}/webhooks/${id}/ping`, { method: "POST", key: owner.apiKey });

describe("acceptance 5: retries with backoff, a delivery log, nothing lost", () => {
  it("a receiver that fails twice then succeeds gets the same event once more, then never again", async () => {
    const receiver = await startReceiver((n) => (n <= 2 ? 500 : 200));
    try {
      const owner = await registerAgent(server);
      const hook = await createWebhook(server, owner, receiver.url, ["*"]);
      const first = await ping(owner, hook.id);
      await waitFor(async () => (await deliveries(server, owner, hook.id))[0]?.status === "delivered", "delivery");
      expect(receiver.received.map((r) => r.answer)).toEqual([500, 500, 200]);
      expect(new Set(receiver.received.map((r) => r.headers["purpleflea-event-id"]))).toEqual(new Set([first.body.event_id]));
      expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
      const [log] = await deliveries(server, owner, hook.id);
      expect(log?.attempts.map((a) => [a.attempt, a.status_code, a.error])).toEqual([
        [1, 500, "status 500"],
        [2, 500, "status 500"],
        [3, 200, null],
      ]);
      // A later event goes through the same worker: the settled one is not sent again.
      await ping(owner, hook.id);
      await waitFor(() => receiver.received.length === 4, "the second ping");
      expect(receiver.received.filter((r) => r.headers["purpleflea-event-id"] === first.body.event_id)).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  });

  it("gives up after WEBHOOK_MAX_ATTEMPTS; timeouts, refused connections and redirects count as failures", async () => {
    const hanging = await startReceiver(() => "hang");
    const redirecting = await startReceiver(() => 302);
    const closed = await startReceiver();
    await closed.close();
    try {
      const owner = await registerAgent(server);
      const cases = [
        [hanging.url, "timeout"],
        [redirecting.url, "status 302"],
        [closed.url, "refused"],
      ] as const;
      for (const [url, error] of cases) {
        const hook = await createWebhook(server, owner, url, ["*"]);
        await ping(owner, hook.id);
        await waitFor(async () => (await deliveries(server, owner, hook.id))[0]?.status === "failed", `failure of ${url}`);
        const [log] = await deliveries(server, owner, hook.id);
        expect(log?.attempts.map((a) => a.error)).toEqual([error, error, error]);
      }
      expect(redirecting.received).toHaveLength(3);
    } finally {
      await hanging.close();
      await redirecting.close();
    }
  });

  it("survives a restart: a delivery still failing when the server stops is delivered by the next one", async () => {
    const database = await createTestDatabase();
    let up = false;
    const receiver = await startReceiver(() => (up ? 200 : 503));
    const settings = { ...FAST, WEBHOOK_MAX_ATTEMPTS: "50", PORT: "0", ...database.settings, LOG_LEVEL: "silent" };
    try {
      const first = asTestServer(await startServer(loadConfig(settings)));
      const owner = await registerAgent(first);
      const hook = await createWebhook(first, owner, receiver.url, ["*"]);
      const pinged = await first.call<{ event_id: string }>(`${api}/webhooks/${hook.id}/ping`, {
        method: "POST",
        key: owner.apiKey,
      });
      await waitFor(() => receiver.received.length >= 1, "a failed attempt");
      await first.stop();
      up = true;
      const second = await startServer(loadConfig(settings));
      try {
        await waitFor(() => receiver.received.some((r) => r.answer === 200), "delivery after the restart");
        const ids = new Set(receiver.received.map((r) => r.headers["purpleflea-event-id"]));
        expect(ids).toEqual(new Set([pinged.body.event_id]));
      } finally {
        await second.stop();
      }
    } finally {
      await receiver.close();
      await database.drop();
    }
  });
});
