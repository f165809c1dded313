import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { type ChainServer, chainServerPerFile, startChainServer } from "./chain/chain-harness.ts";
import { anvilKey, type LocalChain } from "./chain/local-chain.ts";
import { operatorKey, registerAgent, type TestAgent } from "./harness.ts";
import { api, createKey } from "./policy-harness.ts";

const CONFIRMATIONS = 2;
const PAYEE = "0x00000000000000000000000000000000000b0b01";
const running = chainServerPerFile(CONFIRMATIONS, (chain: LocalChain) => chain.mint(chain.hotWallet, 1_000_000_000n));

interface WithdrawalBody {
  withdrawal_id: string;
  status: string;
  tx_hash: string | null;
  failure_code: string | null;
  amount_str: string;
  network_fee_str: string;
  approval_id?: string;
  error?: { code: string; details?: { rule?: string } };
}

interface Balance {
  available_str: string;
  held_str: string;
}

/** An agent funded by an operator deposit (the treasury), so withdrawals can be tested on their own. */
async function fundedAgent(target: ChainServer, usdc: string): Promise<TestAgent> {
  const agent = await registerAgent(target);
  const deposit = await target.call(`${api}/operator/deposits`, {
    key: await operatorKey(target),
    body: { agent: agent.agentId, amount: usdc, memo: "test funding" },
  });
  if (deposit.status !== 201) throw new Error(JSON.stringify(deposit.body));
  return agent;
}

const balance = async (target: ChainServer, agent: TestAgent) =>
  (await target.call<Balance>(`${api}/wallet/balance`, { key: agent.apiKey })).body;

const withdraw = (target: ChainServer, key: string, body: Record<string, unknown>, idempotencyKey?: string) =>
  target.call<WithdrawalBody>(`${api}/wallet/withdraw`, {
    key,
    body,
    ...(idempotencyKey ? { headers: { "idempotency-key": idempotencyKey } } : {}),
  });

const withdrawal = async (target: ChainServer, agent: TestAgent, id: string) =>
  (await target.call<WithdrawalBody>(`${api}/wallet/withdrawals/${id}`, { key: agent.apiKey })).body;

/** Anvil mines a sent transaction just after answering, so a test that needs its block waits for the receipt. */
async function minedOnChain(hash: string | null): Promise<void> {
  if (hash === null) throw new Error("the withdrawal has no transaction");
  await running.chain.client.waitForTransactionReceipt({ hash: hash as `0x${string}`, pollingInterval: 20, timeout: 30_000 });
}

describe("withdrawals", () => {
  it("hold amount and fee, are signed and broadcast, and post after the confirmations", async () => {
    const agent = await fundedAgent(running.server, "20");
    const first = await withdraw(running.server, agent.apiKey, { to_address: PAYEE, amount: "5" }, "wd-1");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: "queued", amount_str: "5.000000", network_fee_str: "0.250000", tx_hash: null });
    const replay = await withdraw(running.server, agent.apiKey, { to_address: PAYEE, amount: "5" }, "wd-1");
    expect([replay.headers.get("idempotent-replayed"), replay.body.withdrawal_id]).toEqual(["true", first.body.withdrawal_id]);
    expect(await balance(running.server, agent)).toMatchObject({ available_str: "14.750000", held_str: "5.250000" });

    await running.server.sendWithdrawals();
    const sent = await withdrawal(running.server, agent, first.body.withdrawal_id);
    expect(sent.status).toBe("broadcast");
    expect(sent.tx_hash).toMatch(/^0x[0-9a-f]{64}$/);
    await minedOnChain(sent.tx_hash);
    expect(await running.chain.usdcBalance(PAYEE)).toBe(5_000_000n);
    await running.server.sendWithdrawals(); // mined, one confirmation of two
    expect((await withdrawal(running.server, agent, first.body.withdrawal_id)).status).toBe("broadcast");

    await running.chain.client.mine({ blocks: CONFIRMATIONS - 1 });
    await running.server.sendWithdrawals();
    const done = await withdrawal(running.server, agent, first.body.withdrawal_id);
    expect(done).toMatchObject({ status: "confirmed", tx_hash: sent.tx_hash, failure_code: null });
    expect(await balance(running.server, agent)).toMatchObject({ available_str: "14.750000", held_str: "0.000000" });
    expect(await running.chain.usdcBalance(PAYEE)).toBe(5_000_000n);
    const history = await running.server.call<{ transactions: Array<{ kind: string; status: string; tx_hash: string | null }> }>(
      `${api}/wallet/transactions?asset=USDC`,
      { key: agent.apiKey },
    );
    expect(history.body.transactions.filter((t) => t.kind === "chain_withdrawal")).toEqual([
      expect.objectContaining({ status: "posted", tx_hash: sent.tx_hash }),
    ]);
  });

  it("above the approval threshold wait for approval, then run once approved", async () => {
    const owner = await fundedAgent(running.server, "50");
    const key = await createKey(running.server, owner, "withdrawer", ["withdraw", "read"], { approval_threshold: "10" });
    const held = await withdraw(running.server, key.key, { to_address: PAYEE, amount: "12" });
    expect(held.status).toBe(202);
    expect(await balance(running.server, owner)).toMatchObject({ available_str: "50.000000", held_str: "0.000000" });
    await running.server.sendWithdrawals();
    const queued = await running.server.server.platform.store.read((tx) =>
      tx.all("SELECT id FROM chain_withdrawals WHERE agent_id = ?", [owner.agentId]),
    );
    expect(queued).toEqual([]);

    const approved = await running.server.call<{ status: string; result: { body: WithdrawalBody } }>(
      `${api}/approvals/${held.body.approval_id}/approve`,
      { key: owner.apiKey, body: {} },
    );
    expect([approved.status, approved.body.status]).toEqual([200, "executed"]);
    const id = approved.body.result.body.withdrawal_id;
    expect(await balance(running.server, owner)).toMatchObject({ available_str: "37.750000", held_str: "12.250000" });
    await running.server.sendWithdrawals();
    expect((await withdrawal(running.server, owner, id)).status).toBe("broadcast");
  });

  it("keep to the key's address allowlist and need the withdraw scope", async () => {
    const owner = await fundedAgent(running.server, "10");
    const allowed = await createKey(running.server, owner, "allowlisted", ["withdraw"], {
      allowed_withdrawal_addresses: [PAYEE.toUpperCase().replace("0X", "0x")],
    });
    const elsewhere = await withdraw(running.server, allowed.key, { to_address: running.chain.funder.address, amount: "1" });
    expect([elsewhere.status, elsewhere.body.error?.code, elsewhere.body.error?.details?.rule]).toEqual([
      403,
      "policy_violation",
      "allowed_withdrawal_addresses",
    ]);
    expect((await withdraw(running.server, allowed.key, { to_address: PAYEE, amount: "1" })).status).toBe(200);
    const payer = await createKey(running.server, owner, "payer", ["transfer"]);
    const noScope = await withdraw(running.server, payer.key, { to_address: PAYEE, amount: "1" });
    expect([noScope.status, noScope.body.error?.code]).toEqual([403, "insufficient_scope"]);
    const tooMuch = await withdraw(running.server, owner.apiKey, { to_address: PAYEE, amount: "100" });
    expect([tooMuch.status, tooMuch.body.error?.code]).toEqual([422, "insufficient_funds"]);
    const badAddress = await withdraw(running.server, owner.apiKey, { to_address: "0x1234", amount: "1" });
    expect([badAddress.status, badAddress.body.error?.code]).toEqual([400, "invalid_request"]);
  });

  it("from a hot wallet without the USDC fail with a clear code and release the hold", async () => {
    // Another server on the same chain whose hot wallet (anvil's third account) holds no USDC.
    const poor = await startChainServer(running.chain, CONFIRMATIONS, { HOT_WALLET_PRIVATE_KEY: anvilKey(2) });
    try {
      const agent = await fundedAgent(poor, "30");
      const request = await withdraw(poor, agent.apiKey, { to_address: PAYEE, amount: "25" });
      expect(await balance(poor, agent)).toMatchObject({ available_str: "4.750000", held_str: "25.250000" });
      await poor.sendWithdrawals();
      const failed = await withdrawal(poor, agent, request.body.withdrawal_id);
      expect(failed).toMatchObject({ status: "failed", failure_code: "hot_wallet_insufficient_funds", tx_hash: null });
      expect(await balance(poor, agent)).toMatchObject({ available_str: "30.000000", held_str: "0.000000" });
    } finally {
      await poor.stop();
    }
  });

  it("refused by the node (no ETH for gas) fail, give the funds and the nonce back", async () => {
    const key = generatePrivateKey();
    const hot = privateKeyToAccount(key).address;
    await running.chain.mint(hot, 50_000_000n);
    const dry = await startChainServer(running.chain, 1, { HOT_WALLET_PRIVATE_KEY: key });
    try {
      const agent = await fundedAgent(dry, "10");
      const refused = await withdraw(dry, agent.apiKey, { to_address: PAYEE, amount: "2" });
      await dry.sendWithdrawals();
      expect(await withdrawal(dry, agent, refused.body.withdrawal_id)).toMatchObject({
        status: "failed",
        failure_code: "broadcast_rejected",
      });
      expect(await balance(dry, agent)).toMatchObject({ available_str: "10.000000", held_str: "0.000000" });

      await running.chain.client.setBalance({ address: hot, value: 10n ** 18n });
      const paid = await withdraw(dry, agent.apiKey, { to_address: PAYEE, amount: "2" });
      await dry.sendWithdrawals();
      await minedOnChain((await withdrawal(dry, agent, paid.body.withdrawal_id)).tx_hash);
      await dry.sendWithdrawals();
      expect(await withdrawal(dry, agent, paid.body.withdrawal_id)).toMatchObject({ status: "confirmed" });
      const nonces = await dry.server.platform.store.read((tx) =>
        tx.all<{ nonce: bigint | null }>("SELECT nonce FROM chain_withdrawals ORDER BY seq"),
      );
      expect(nonces.map((row) => row.nonce)).toEqual([null, 0n]); // the refused one gave its nonce to the next
    } finally {
      await dry.stop();
    }
  });

  it("answer 404 for another agent's withdrawal", async () => {
    const owner = await fundedAgent(running.server, "3");
    const other = await registerAgent(running.server);
    const request = await withdraw(running.server, owner.apiKey, { to_address: PAYEE, amount: "1" });
    const response = await running.server.call<WithdrawalBody>(`${api}/wallet/withdrawals/${request.body.withdrawal_id}`, {
      key: other.apiKey,
    });
    expect([response.status, response.body.error?.code]).toEqual([404, "withdrawal_not_found"]);
  });
});
