import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { PurpleFlea } from "@purpleflea/sdk";
import { describe, expect, it } from "vitest";
import { chainServerPerFile, depositAddress, depositor } from "./chain/chain-harness.ts";
import { CLI, REPO_ROOT } from "./child-server.ts";
import { balanceStr, operatorKey, registerAgent } from "./harness.ts";

const CONFIRMATIONS = 3;
const running = chainServerPerFile(CONFIRMATIONS);

interface Tx {
  kind: string;
  amount_str: string;
  tx_hash: string | null;
}

describe("deposit addresses", () => {
  it("gives each agent its own address, the same one every time", async () => {
    const a = await registerAgent(running.server);
    const b = await registerAgent(running.server);
    const first = await depositAddress(running.server, a);
    expect(await depositAddress(running.server, a)).toBe(first);
    expect(await depositAddress(running.server, b)).not.toBe(first);
    const response = await running.server.call("/api/v1/wallet/deposit-address", { key: a.apiKey });
    expect(response.body).toMatchObject({ chain_id: running.chain.chainId, confirmations: CONFIRMATIONS });
    expect(String(response.body.usdc_address).toLowerCase()).toBe(running.chain.usdc.toLowerCase());
  });

  it("reaches the SDK and the CLI as the same address", async () => {
    const agent = await registerAgent(running.server);
    const fromApi = await depositAddress(running.server, agent);
    const sdk = new PurpleFlea({ apiKey: agent.apiKey, baseUrl: running.server.url });
    expect((await sdk.wallet.depositAddress()).address).toBe(fromApi);
    const args = [...CLI, "deposit-address", "--json", "--base-url", running.server.url, "--api-key", agent.apiKey];
    const { stdout } = await promisify(execFile)("node", args, { cwd: REPO_ROOT });
    expect(JSON.parse(stdout).address).toBe(fromApi);
  });
});

describe("the deposit watcher", () => {
  it("credits a deposit once, and only after the confirmations", async () => {
    const agent = await depositor(running.server);
    const hash = await running.chain.mint(agent.address, 12_500_000n);
    expect(await running.server.scan()).toBe(0); // 1 confirmation
    await running.chain.client.mine({ blocks: CONFIRMATIONS - 2 });
    expect(await running.server.scan()).toBe(0); // 2 confirmations
    expect(await balanceStr(running.server, agent)).toBe("0.000000");
    await running.chain.client.mine({ blocks: 1 });
    expect(await running.server.scan()).toBe(1);
    expect(await running.server.scan()).toBe(0);
    await running.chain.client.mine({ blocks: 5 });
    expect(await running.server.scan()).toBe(0);
    expect(await balanceStr(running.server, agent)).toBe("12.500000");
    const history = await running.server.call<{ transactions: Tx[] }>("/api/v1/wallet/transactions?asset=USDC", {
      key: agent.apiKey,
    });
    expect(history.body.transactions).toEqual([
      expect.objectContaining({ kind: "chain_deposit", amount_str: "12.500000", tx_hash: hash }),
    ]);
    const events = await running.server.call<{ events: Array<{ type: string; data: { tx_hash: string } }> }>("/api/v1/events", {
      key: agent.apiKey,
    });
    expect(events.body.events.filter((e) => e.type === "deposit.confirmed").map((e) => e.data.tx_hash)).toEqual([hash]);
  });

  it("credits two deposits in one block, each under its own log index", async () => {
    const a = await depositor(running.server);
    const b = await depositor(running.server);
    await running.chain.client.setAutomine(false);
    try {
      await running.chain.mintUnmined(a.address, 1_000_000n);
      await running.chain.mintUnmined(a.address, 2_000_000n);
      await running.chain.mintUnmined(b.address, 3_000_000n);
      await running.chain.client.mine({ blocks: CONFIRMATIONS });
    } finally {
      await running.chain.client.setAutomine(true);
    }
    expect(await running.server.scan()).toBe(3);
    expect(await balanceStr(running.server, a)).toBe("3.000000");
    expect(await balanceStr(running.server, b)).toBe("3.000000");
  });

  it("ignores a transfer to an address that is no agent's", async () => {
    const before = await running.server.call<{ ledger_on_chain_str: string }>("/api/v1/operator/chain/reconciliation", {
      key: await operatorKey(running.server),
    });
    await running.chain.mint("0x000000000000000000000000000000000000dEaD", 7_000_000n);
    await running.chain.client.mine({ blocks: CONFIRMATIONS });
    expect(await running.server.scan()).toBe(0);
    const after = await running.server.call<{ ledger_on_chain_str: string }>("/api/v1/operator/chain/reconciliation", {
      key: await operatorKey(running.server),
    });
    expect(after.body.ledger_on_chain_str).toBe(before.body.ledger_on_chain_str);
  });

  it("credits nothing for a deposit that a reorg removes before its confirmations", async () => {
    const agent = await depositor(running.server);
    const snapshot = await running.chain.client.snapshot();
    await running.chain.mint(agent.address, 4_000_000n);
    await running.chain.client.mine({ blocks: CONFIRMATIONS - 2 });
    expect(await running.server.scan()).toBe(0);
    await running.chain.client.revert({ id: snapshot });
    await running.chain.client.mine({ blocks: CONFIRMATIONS + 2 });
    expect(await running.server.scan()).toBe(0);
    expect(await balanceStr(running.server, agent)).toBe("0.000000");
    expect(await running.chain.usdcBalance(agent.address)).toBe(0n);
  });
});

describe("reconciliation", () => {
  interface Report {
    on_chain_total_str: string;
    ledger_on_chain_str: string;
    hot_wallet_on_chain_str: string;
    difference_str: string;
    difference_sign: string;
  }
  const report = async () =>
    (await running.server.call<Report>("/api/v1/operator/chain/reconciliation", { key: await operatorKey(running.server) })).body;

  it("matches the running.chain with the ledger, and shows what differs", async () => {
    const agent = await depositor(running.server);
    await running.chain.mint(agent.address, 2_000_000n);
    await running.chain.client.mine({ blocks: CONFIRMATIONS });
    await running.server.scan();
    const balanced = await report();
    expect(balanced).toMatchObject({ difference_str: "0.000000", difference_sign: "balanced" });
    expect(balanced.on_chain_total_str).toBe(balanced.ledger_on_chain_str);

    await running.chain.mint(running.chain.hotWallet, 1_500_000n); // the operator tops up the hot wallet: their own USDC
    const surplus = await report();
    expect(surplus).toMatchObject({
      hot_wallet_on_chain_str: "1.500000",
      difference_str: "1.500000",
      difference_sign: "surplus",
    });
    expect(surplus.ledger_on_chain_str).toBe(balanced.ledger_on_chain_str);

    const refused = await running.server.call("/api/v1/operator/chain/reconciliation", { key: agent.apiKey });
    expect([refused.status, (refused.body as { error: { code: string } }).error.code]).toEqual([403, "operator_key_required"]);
  });
});
