import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { type RunningServer, startServer } from "../src/server.ts";
import { call, registerAgent, type TestAgent, type TestServer } from "./harness.ts";
import { api, type ErrorBody } from "./policy-harness.ts";
import { createWebhook, deliveries, type Receiver, startReceiver, waitFor } from "./webhook-harness.ts";

/**
 * Issue 14, defect 1 against the real server: with OUTBOUND_ALLOW_PRIVATE_NETWORKS off, a receiver on
 * 127.0.0.1 gets zero connections, whether the URL spells the address (refused at registration) or a
 * name resolves to it at delivery time; with the setting on, the same receiver gets the delivery. Every
 * address in this file is on 127.0.0.1: nothing is sent anywhere else.
 */
const dataDir = mkdtempSync(join(tmpdir(), "pf-ssrf-"));
const base = {
  PORT: "0",
  DATA_DIR: dataDir,
  LOG_LEVEL: "silent",
  WEBHOOK_POLL_INTERVAL_MS: "20",
  WEBHOOK_MAX_ATTEMPTS: "1",
  WEBHOOK_TIMEOUT_MS: "2000",
};
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function withServer<T>(allowPrivate: boolean, run: (server: TestServer) => Promise<T>): Promise<T> {
  const running: RunningServer = await startServer(
    loadConfig({ ...base, OUTBOUND_ALLOW_PRIVATE_NETWORKS: String(allowPrivate) }),
  );
  const server = {
    url: running.url,
    server: running,
    call: (path: string, o?: object) => call(running.url, path, o),
    stop: running.stop,
  };
  try {
    return await run(server as TestServer);
  } finally {
    await running.stop();
  }
}

const port = () => new URL(receiver.url).port;
const ping = (server: TestServer, owner: TestAgent, id: string) =>
  server.call(`${api}/webhooks/${id}/ping`, { method: "POST", key: owner.apiKey });

describe("defect 1: webhooks cannot reach the server's own network", () => {
  it("refuses the receiver's address in every spelling at registration, and it sees no connection", async () => {
    await withServer(false, async (server) => {
      const owner = await registerAgent(server);
      const hosts = [
        "127.0.0.1",
        "localhost",
        "0.0.0.0",
        "2130706433",
        "0x7f000001",
        "0177.0.0.1",
        "127.1",
        "[::1]",
        "[::ffff:127.0.0.1]",
      ];
      for (const host of hosts) {
        const response = await server.call<ErrorBody>(`${api}/webhooks`, {
          key: owner.apiKey,
          body: { url: `http://${host}:${port()}/hook`, events: ["*"] },
        });
        expect([host, response.status, response.body.error?.code, response.body.error?.details?.field]).toEqual([
          host,
          400,
          "destination_not_allowed",
          "url",
        ]);
      }
      expect(receiver.connections()).toBe(0);
    });
  });

  it("checks the resolved address at delivery: webhooks registered while allowed are blocked once the setting is off", async () => {
    const { owner, hooks } = await withServer(true, async (server) => {
      const owner = await registerAgent(server);
      const byName = await createWebhook(server, owner, `http://localhost:${port()}/hook`, ["*"]);
      const byAddress = await createWebhook(server, owner, receiver.url, ["*"]);
      return { owner, hooks: [byName.id, byAddress.id] };
    });
    await withServer(false, async (server) => {
      for (const id of hooks) {
        expect((await ping(server, owner, id)).status).toBe(200);
        await waitFor(async () => (await deliveries(server, owner, id))[0]?.status === "failed", `the blocked ping to ${id}`);
        const [log] = await deliveries(server, owner, id);
        expect(log?.attempts.map((a) => [a.status_code, a.error])).toEqual([[null, "blocked"]]);
      }
    });
    expect(receiver.connections()).toBe(0);

    // The allowed path: the same webhooks deliver once the self-hoster turns the setting on.
    await withServer(true, async (server) => {
      for (const id of hooks) await ping(server, owner, id);
      await waitFor(() => receiver.events("webhook.ping").length === 2, "both pings delivered");
    });
    expect(receiver.connections()).toBeGreaterThan(0);
  });
});
