import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanDeposits } from "../src/chain/deposit-watcher.ts";
import { loadConfig } from "../src/config.ts";
import { CHAIN_JOBS, type RunningServer, startServer } from "../src/server.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing.ts";
import { type LocalChain, startLocalChain } from "./chain/local-chain.ts";
import { call } from "./harness.ts";

let chain: LocalChain;
let database: TestDatabase;
beforeAll(async () => {
  chain = await startLocalChain();
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
  await chain?.stop();
});

const start = () => startServer(loadConfig({ PORT: "0", LOG_LEVEL: "silent", ...database.settings, ...chain.settings(2) }));

/** One run of the watcher of `server`, through its exclusive job. */
function scan(server: RunningServer): Promise<number | undefined> {
  const { store, chain: onChain } = server.platform;
  if (!onChain) throw new Error("no chain");
  return store.exclusive(CHAIN_JOBS.deposits, () => scanDeposits(store, onChain));
}

describe("the deposit watcher after a restart", () => {
  it("resumes from its stored block: what came while it was down is credited, nothing twice", async () => {
    const first = await start();
    const agent = await call<{ api_key: string }>(first.url, "/api/v1/auth/register", { body: { username: "restart-agent" } });
    const key = agent.body.api_key;
    const address = (await call<{ address: `0x${string}` }>(first.url, "/api/v1/wallet/deposit-address", { key })).body.address;
    await chain.mint(address, 1_000_000n);
    await chain.client.mine({ blocks: 1 });
    expect(await scan(first)).toBe(1);
    await first.stop();

    await chain.mint(address, 2_000_000n); // while no server runs
    await chain.client.mine({ blocks: 1 });
    const second = await start();
    try {
      expect((await call<{ address: string }>(second.url, "/api/v1/wallet/deposit-address", { key })).body.address).toBe(address);
      expect(await scan(second)).toBe(1);
      expect(await scan(second)).toBe(0);
      const balance = await call<{ balance_str: string }>(second.url, "/api/v1/wallet/balance", { key });
      expect(balance.body.balance_str).toBe("3.000000");
    } finally {
      await second.stop();
    }
  });
});
