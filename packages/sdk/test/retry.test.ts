import { connect, createServer, type Server, type Socket } from "node:net";
import { operations } from "@purpleflea/protocol";
import { type EphemeralServer, startEphemeralServer } from "@purpleflea/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PurpleFlea } from "../src/index.ts";

let server: EphemeralServer;
beforeAll(async () => {
  server = await startEphemeralServer();
});
afterAll(() => server.dispose());

/**
 * A TCP proxy on 127.0.0.1 that, once, lets a bet reach the server but cuts the client's socket
 * before the answer gets back: the bet happened, the client only sees a network error.
 */
async function dropFirstBetResponse(target: URL): Promise<{ url: string; dropped: () => number; close: () => void }> {
  let dropped = 0;
  const proxy: Server = createServer((client: Socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    let isBet = false;
    client.on("data", (chunk) => {
      if (chunk.toString().startsWith("POST /api/v1/casino/bet ")) isBet = true;
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (isBet && dropped === 0) {
        dropped++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const address = proxy.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, dropped: () => dropped, close: () => proxy.close() };
}

describe("SDK retries", () => {
  it("a bet whose response is lost is retried with the same Idempotency-Key and happens once", async () => {
    const direct = new PurpleFlea({ baseUrl: server.url });
    const agent = await direct.auth.register({ username: "retry-agent" });
    const proxy = await dropFirstBetResponse(new URL(server.url));
    try {
      const pf = new PurpleFlea({ baseUrl: proxy.url, apiKey: agent.api_key, retry: { baseDelayMs: 10 } });
      await pf.faucet.claim();
      const bet = await pf.casino.bet({ game: "coinflip", amount: 0.25, prediction: "heads" });
      expect(proxy.dropped()).toBe(1);
      const history = await pf.casino.bets({});
      expect(history.bets.map((b) => b.bet_id)).toEqual([bet.bet_id]);
      const balance = await pf.wallet.balance();
      expect(balance.balance_str).toBe(bet.new_balance_str);
    } finally {
      proxy.close();
    }
  });

  it("does not retry a non-idempotent call after a network failure", async () => {
    let calls = 0;
    const failing: typeof fetch = async () => {
      calls++;
      throw new TypeError("fetch failed");
    };
    const pf = new PurpleFlea({ baseUrl: server.url, fetch: failing, retry: { baseDelayMs: 1 } });
    await expect(pf.casino.rotateSeed({})).rejects.toThrow("fetch failed");
    expect(calls).toBe(1);
    await expect(pf.call(operations.balance)).rejects.toThrow("fetch failed");
    expect(calls).toBe(1 + 4);
  });

  it("waits out a 429 as Retry-After says, then succeeds", async () => {
    const limited = await startEphemeralServer({ RATE_LIMIT_PER_KEY_PER_MINUTE: "60" });
    try {
      const agent = await new PurpleFlea({ baseUrl: limited.url }).auth.register({ username: "limited" });
      const pf = new PurpleFlea({ baseUrl: limited.url, apiKey: agent.api_key });
      const reads = await Promise.all(Array.from({ length: 62 }, () => pf.wallet.balance()));
      expect(reads).toHaveLength(62);
    } finally {
      await limited.dispose();
    }
  });

  it("answers a 429 at once when its Retry-After outlasts every retry (the faucet reopens tomorrow)", async () => {
    const limited = await startEphemeralServer({ FAUCET_MAX_CLAIMS_PER_IP_PER_DAY: "1" });
    try {
      const register = (username: string) => new PurpleFlea({ baseUrl: limited.url }).auth.register({ username });
      let requests = 0;
      const counting: typeof fetch = (input, init) => {
        requests++;
        return fetch(input, init);
      };
      await new PurpleFlea({ baseUrl: limited.url, apiKey: (await register("first")).api_key }).faucet.claim();
      const second = new PurpleFlea({ baseUrl: limited.url, apiKey: (await register("second")).api_key, fetch: counting });
      await expect(second.faucet.claim()).rejects.toMatchObject({ code: "faucet_ip_limit_reached" });
      expect(requests).toBe(1);
    } finally {
      await limited.dispose();
    }
  });
});
