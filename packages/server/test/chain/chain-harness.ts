import type { Address } from "viem";
import { afterAll, beforeAll } from "vitest";
import { scanDeposits } from "../../src/chain/deposit-watcher.ts";
import { processWithdrawals } from "../../src/chain/withdrawal-sender.ts";
import { CHAIN_JOBS } from "../../src/server.ts";
import { registerAgent, startTestServer, type TestAgent, type TestServer } from "../harness.ts";
import { type LocalChain, startLocalChain } from "./local-chain.ts";

export interface ChainServer extends TestServer {
  /** One run of the deposit watcher, through the same exclusive job as the timer's; resolves with the number credited. */
  scan(): Promise<number>;
  /** One run of the withdrawal job (sign, broadcast, track). */
  sendWithdrawals(): Promise<void>;
}

/** The real server on the local chain; the chain jobs run when the test says, not on a timer. */
export async function startChainServer(chain: LocalChain, confirmations: number, settings: Record<string, string> = {}) {
  const server = await startTestServer({ ...chain.settings(confirmations), CHAIN_WITHDRAWAL_FEE: "0.25", ...settings });
  const { store, chain: onChain } = server.server.platform;
  if (!onChain) throw new Error("the server did not open the chain");
  const scan = async () => (await store.exclusive(CHAIN_JOBS.deposits, () => scanDeposits(store, onChain))) ?? -1;
  const sendWithdrawals = async () => {
    await store.exclusive(CHAIN_JOBS.withdrawals, () => processWithdrawals(store, onChain));
  };
  return { ...server, scan, sendWithdrawals } satisfies ChainServer;
}

export async function depositAddress(server: TestServer, agent: TestAgent): Promise<Address> {
  const response = await server.call<{ address: Address }>("/api/v1/wallet/deposit-address", { key: agent.apiKey });
  if (response.status !== 200) throw new Error(`deposit-address failed: ${JSON.stringify(response.body)}`);
  return response.body.address;
}

/** An agent with its deposit address. */
export async function depositor(server: TestServer): Promise<TestAgent & { address: Address }> {
  const agent = await registerAgent(server);
  return { ...agent, address: await depositAddress(server, agent) };
}

/** A test file's own chain and server: started before its tests (after `prepare`, such as funding the hot wallet), stopped after. */
export function chainServerPerFile(confirmations: number, prepare?: (chain: LocalChain) => Promise<unknown>) {
  const running = {} as { chain: LocalChain; server: ChainServer };
  beforeAll(async () => {
    running.chain = await startLocalChain();
    await prepare?.(running.chain);
    running.server = await startChainServer(running.chain, confirmations);
  });
  afterAll(async () => {
    await running.server?.stop();
    await running.chain?.stop();
  });
  return running;
}
