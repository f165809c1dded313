import { checkInvariants } from "@purpleflea/ledger";
import { parseAbiItem } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, LIMITS_OFF } from "../src/testing.ts";
import { type LocalChain, startLocalChain } from "./chain/local-chain.ts";
import { type RpcProxy, startRpcProxy } from "./chain/rpc-proxy.ts";
import { type ChildServer, CLI, spawnServer } from "./child-server.ts";
import { call } from "./harness.ts";

const PAYEE = "0x00000000000000000000000000000000000c0c01";
const transferEvent = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)");
const WAIT_MS = 30_000;
let chain: LocalChain;

beforeAll(async () => {
  chain = await startLocalChain();
  await chain.mint(chain.hotWallet, 100_000_000n);
});
afterAll(() => chain?.stop());

/** Polls until `check` answers something, at most WAIT_MS: the server's job runs on its own timer. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function withinDeadline<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe("kill -9 during a withdrawal", () => {
  // forward: the transfer reached the chain, the server died before hearing so; drop: it died before it reached the chain.
  it.each(["forward", "drop"] as const)("leaves exactly one on-chain transfer (broadcast %s)", async (mode) => {
    const database = await createTestDatabase();
    const proxy: RpcProxy = await startRpcProxy(chain.url);
    const env = {
      ...database.settings,
      ...LIMITS_OFF,
      ...chain.settings(1),
      CHAIN_RPC_URL: proxy.url,
      CHAIN_POLL_MS: "50",
      FAUCET_AMOUNT: "10",
      LOG_LEVEL: "warn",
    };
    const start = () => spawnServer("node", [...CLI, "serve", "--port", "0"], env);
    let server: ChildServer | undefined;
    try {
      const from = (await chain.client.getBlockNumber()) + 1n;
      server = await start();
      const agent = await call<{ api_key: string }>(server.url, "/api/v1/auth/register", { body: { username: `crash-${mode}` } });
      const key = agent.body.api_key;
      await call(server.url, "/api/v1/faucet/claim", { method: "POST", key });
      proxy.holdSends = mode;
      const request = await call<{ withdrawal_id: string }>(server.url, "/api/v1/wallet/withdraw", {
        key,
        body: { to_address: PAYEE, amount: "3" },
      });
      expect(request.status).toBe(200);
      await withinDeadline("the broadcast", proxy.sendHeld);
      server.kill("SIGKILL");
      expect(await server.exited).toBe("SIGKILL");

      proxy.holdSends = null;
      server = await start();
      const url = server.url;
      const done = await waitFor("the confirmation", async () => {
        const state = await call<{ status: string; tx_hash: string }>(
          url,
          `/api/v1/wallet/withdrawals/${request.body.withdrawal_id}`,
          {
            key,
          },
        );
        return state.body.status === "confirmed" ? state.body : undefined;
      });
      const logs = await chain.client.getLogs({
        address: chain.usdc,
        event: transferEvent,
        args: { from: chain.hotWallet },
        fromBlock: from,
        toBlock: "latest",
      });
      expect(logs.filter((log) => log.args.to?.toLowerCase() === PAYEE)).toHaveLength(1);
      expect(logs.map((log) => log.transactionHash)).toEqual([done.tx_hash]);
      const balance = await call<{ available_str: string; held_str: string }>(url, "/api/v1/wallet/balance", { key });
      expect(balance.body).toMatchObject({ available_str: "6.500000", held_str: "0.000000" });
    } finally {
      server?.kill("SIGKILL");
      await server?.exited;
      await proxy.close();
    }
    const store = await database.openStore();
    try {
      expect((await store.read(checkInvariants)).violations).toEqual([]);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
